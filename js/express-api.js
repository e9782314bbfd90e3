/**
 * The express button's calls: the merchant's own endpoint that creates the
 * session (`sessionUrl`, or the `createSession` function), and the checkout
 * server's session API with the session's client secret (`GET …/config` to
 * check a total the merchant answered, `POST …/authorize` with Klarna's
 * token). The server allows these calls only from the session's
 * `allowed_origins`; an unreachable server says so.
 */

const idempotencyKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/** Creates the session through the merchant: `{id, client_secret}` (what `POST /v1/sessions` answered). */
export async function createSession(c) {
  const request = { amount: c.amount, currency: c.currency, locale: c.locale, ...(c.details && { details: c.details }) };
  let s;
  if (c.createSession) {
    s = await c.createSession(request);
  } else {
    const r = await fetch(c.sessionUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(request),
    });
    if (!r.ok) throw new Error(`POST ${c.sessionUrl} answered HTTP ${r.status}`);
    s = await r.json().catch(() => undefined);
  }
  if (!s || !/^hcs_\w+$/.test(s.id) || typeof s.client_secret !== 'string') {
    throw new Error('the session endpoint must answer {id, client_secret} as POST /v1/sessions gave them');
  }
  return s;
}

async function call(c, method, tail, body, key) {
  const url = new URL(`v1/sessions/${encodeURIComponent(c.session.id)}/${tail}`, c.base);
  const headers = { authorization: `Bearer ${c.session.client_secret}`, accept: 'application/json' };
  if (body) headers['content-type'] = 'application/json';
  if (key) headers['idempotency-key'] = key;
  let r;
  try {
    r = await fetch(url, { method, headers, credentials: 'omit', body: body && JSON.stringify(body) });
  } catch {
    throw Object.assign(new Error(`${url.origin} could not be reached; is ${location.origin} in the session's allowed_origins?`), { retry: true });
  }
  const data = await r.json().catch(() => undefined);
  if (!r.ok) {
    throw Object.assign(new Error(data?.error?.message ?? `${method} ${url.pathname} answered HTTP ${r.status}`), { retry: r.status >= 500 });
  }
  return data;
}

/** The amount the session holds now. */
export async function sessionAmount(c) {
  return (await call(c, 'GET', 'config')).amount;
}

/** `POST /v1/sessions/{id}/authorize` with Klarna's token; retried (same key) on network failures and 5xx. */
export async function authorizeWithToken(c, token, paymentRequestId) {
  if (typeof token !== 'string' || !token) throw new Error("Klarna's completed payment request carries no network session token");
  const body = { klarna_network_session_token: token, ...(paymentRequestId && { payment_request_id: paymentRequestId }) };
  const key = idempotencyKey();
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(c, 'POST', 'authorize', body, key);
    } catch (e) {
      if (!e.retry || attempt >= 3) throw e;
      await new Promise((r) => setTimeout(r, 400 * attempt));
    }
  }
}
