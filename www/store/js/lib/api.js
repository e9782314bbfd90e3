/**
 * The store's calls to checkout-server: its sandbox "merchant backend" (`POST /demo/sessions`) and the
 * session endpoints the payment button needs (authorize, result, config), authenticated with the
 * session's client secret. Errors carry the server's `{error: {code, message}}`.
 */
import { MARKET } from './catalog.js';

/**
 * @typedef {object} Session
 * @property {string} id
 * @property {string} client_secret
 * @property {string} hosted_url
 */

/** An error answer of the server, or a network failure (`code: "network"`). */
export class ApiError extends Error {
  constructor(code, message, status) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
  }
}

/** A fresh Idempotency-Key. */
export function idempotencyKey() {
  return globalThis.crypto?.randomUUID?.() ?? [...crypto.getRandomValues(new Uint8Array(16))]
    .map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function call(method, path, { body, secret, key } = {}) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (secret) headers.authorization = `Bearer ${secret}`;
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
    throw new ApiError(e?.code ?? 'http', e?.message ?? `${method} ${path} answered HTTP ${response.status}`, response.status);
  }
  return data;
}

/**
 * Creates a checkout session for the sandbox persona (`approve`, `denied`, `stepup`, `abort`, `error`).
 * @returns {Promise<Session>}
 */
export function createSession({ persona, amount }) {
  return call('POST', '/demo/sessions', { body: { persona, country: MARKET.country, amount } });
}

/**
 * `POST /v1/sessions/{id}/klarna/authorize` with what the SDK passed to `initiate`.
 * @param {Session} session
 * @returns {Promise<{result: 'APPROVED'|'STEP_UP_REQUIRED'|'DECLINED', payment_transaction_id?: string,
 *   payment_request_id?: string, payment_request_url?: string, return_url?: string, reason?: string}>}
 */
export function authorize(session, { klarnaNetworkSessionToken, paymentOptionId } = {}) {
  const body = {};
  if (klarnaNetworkSessionToken) body.klarna_network_session_token = klarnaNetworkSessionToken;
  if (paymentOptionId) body.payment_option_id = paymentOptionId;
  return call('POST', `/v1/sessions/${encodeURIComponent(session.id)}/klarna/authorize`, {
    body, secret: session.client_secret, key: idempotencyKey(),
  });
}

/**
 * `POST /v1/sessions/{id}/result`, retried (same Idempotency-Key) on network failures and 5xx answers.
 * @param {Session} session
 * @param {{outcome: 'authorized'|'declined'|'aborted'|'error', payment_transaction_id?: string,
 *   payment_request_id?: string, klarna_network_session_token?: string, error_code?: string}} result
 */
export async function postResult(session, result, { attempts = 3 } = {}) {
  const key = idempotencyKey();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call('POST', `/v1/sessions/${encodeURIComponent(session.id)}/result`, {
        body: result, secret: session.client_secret, key,
      });
    } catch (error) {
      const retriable = error.code === 'network' || error.status >= 500;
      if (!retriable || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
    }
  }
}

/** `GET /v1/sessions/{id}/config`: the session as the hosted page sees it (state, amount, authorization). */
export function sessionConfig(id, clientSecret) {
  return call('GET', `/v1/sessions/${encodeURIComponent(id)}/config`, { secret: clientSecret });
}
