/**
 * The store's calls to checkout-server: its sandbox "merchant backend" (`POST /demo/sessions`) and the
 * session's config (read with the session's client secret, for the confirmation). Errors carry the
 * server's `{error: {code, message}}`. (Express checkout's calls are /checkout.js's, see lib/express.js.)
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

/** A fresh `Idempotency-Key` for one merchant call (the orders page's buttons). */
export function idempotencyKey() {
  return globalThis.crypto?.randomUUID?.() ?? [...crypto.getRandomValues(new Uint8Array(16))]
    .map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function call(method, path, { body, secret } = {}) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (secret) headers.authorization = `Bearer ${secret}`;
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

/** `GET /v1/sessions/{id}/config`: the session as the hosted page sees it (state, amount, authorization). */
export function sessionConfig(id, clientSecret) {
  return call('GET', `/v1/sessions/${encodeURIComponent(id)}/config`, { secret: clientSecret });
}
