/**
 * The back office's calls to checkout-server's merchant API, as a merchant's own backend makes them, with the
 * sandbox's demo merchant key (`sk_test_demo`, printed by the server at start; sandbox only, never a real key in a
 * browser). Every mutating call carries an `Idempotency-Key` and is repeated with the same key when the answer is
 * lost (network failure or 5xx), so a retry never captures or refunds twice. Also reads the demo store's own
 * notification inbox (`GET /demo/notifications`).
 */
import { ApiError, idempotencyKey } from './api.js';

export const DEMO_MERCHANT_KEY = 'sk_test_demo';

async function once(method, path, { body, key } = {}) {
  const headers = { accept: 'application/json', authorization: `Bearer ${DEMO_MERCHANT_KEY}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (key) headers['idempotency-key'] = key;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new ApiError('network', `${method} ${path} failed: ${error.message}`, 0);
  }
  const data = await response.json().catch(() => undefined);
  if (!response.ok) {
    const e = data?.error;
    const field = e?.fields?.[0];
    const message = field ? `${field.path}: ${field.reason}` : (e?.message ?? `HTTP ${response.status}`);
    throw new ApiError(e?.code ?? 'http', message, response.status);
  }
  return data;
}

/** A mutating call, retried (same key) on network failures and 5xx answers. */
async function mutate(method, path, body, { attempts = 4 } = {}) {
  const key = idempotencyKey();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await once(method, path, { body, key });
    } catch (error) {
      const retriable = error.code === 'network' || error.status >= 500;
      if (!retriable || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

const session = (id) => `/v1/sessions/${encodeURIComponent(id)}`;

/** The demo merchant's orders, newest first (`GET /v1/sessions`). */
export async function listOrders(limit = 20) {
  return (await once('GET', `/v1/sessions?limit=${limit}`)).data;
}

/** `POST …/captures` of `amount` minor units. */
export const capture = (id, amount) => mutate('POST', `${session(id)}/captures`, { amount });
/** `POST …/refunds` of `amount` minor units. */
export const refund = (id, amount) => mutate('POST', `${session(id)}/refunds`, { amount });
/** `POST …/void`: releases what is not captured. */
export const voidRest = (id) => mutate('POST', `${session(id)}/void`, {});
/** `POST …/cancel`: closes an open session. */
export const cancel = (id) => mutate('POST', `${session(id)}/cancel`, {});

/** What the store's notification endpoint received, newest first. */
export async function inbox() {
  return (await once('GET', '/demo/notifications')).data;
}
