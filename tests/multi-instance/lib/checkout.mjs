// One checkout through the balancer, the way a merchant backend and a shopper's page would drive it: every call
// retried until it has a definite answer (faults, time-outs and killed instances make many calls fail), with
// the same Idempotency-Key on each retry of the same step.
import { request } from 'undici';

export const MERCHANT_KEY = 'sk_test_multi_0001';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function client(base, counters) {
  async function call(method, path, { bearer, body, key, timeout = 1500 } = {}) {
    const headers = { 'content-type': 'application/json' };
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (key) headers['idempotency-key'] = key;
    try {
      const res = await request(`${base}${path}`, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        reset: true, headersTimeout: timeout, bodyTimeout: timeout,
      });
      const text = await res.body.text();
      let json = null;
      try { json = JSON.parse(text); } catch { /* not JSON */ }
      if (res.statusCode >= 500) counters.server_errors++;
      return { status: res.statusCode, json, text };
    } catch (e) {
      counters[/timeout/i.test(e.code ?? e.message) ? 'timeouts' : 'broken_connections']++;
      return { status: 0, json: null, text: String(e.code ?? e.message) };
    }
  }

  /** Retries `fn` until `done(answer)` or the deadline; returns the last answer. */
  async function until(what, fn, done, deadline) {
    for (let i = 0; ; i++) {
      const a = await fn();
      if (done(a)) return a;
      if (Date.now() > deadline) throw new Error(`${what}: no answer before the deadline; last ${a.status} ${a.text.slice(0, 300)}`);
      if (i > 0) counters.retries++;
      await sleep(100 + Math.min(i, 10) * 50);
    }
  }
  return { call, until };
}

const PERSONAS = ['approve', 'approve', 'approve', 'approve', 'approve', 'approve', 'approve', 'stepup', 'stepup', 'denied'];

/** Runs checkout `i`; returns what the harness verifies afterwards. */
export async function checkout(c, i, { deadlineMs = 300_000 } = {}) {
  const persona = PERSONAS[i % PERSONAS.length];
  const email = persona === 'approve' ? 'customer+de@klarna.com' : `customer+de+${persona}@klarna.com`;
  const deadline = Date.now() + deadlineMs;
  const session = {
    amount: 11800, currency: 'EUR', country: 'DE', locale: 'de-DE', merchant_reference: `multi-${i}`,
    order_lines: [{ name: 'Sneakers', quantity: 1, unit_price: 11800, total_amount: 11800 }],
    customer: { email }, return_url: 'https://shop.example/return', allowed_origins: ['https://shop.example'],
  };
  const created = await c.until('create', () => c.call('POST', '/v1/sessions', { bearer: MERCHANT_KEY, body: session, key: `create-${i}` }),
    (a) => a.status === 201, deadline);
  const { id, client_secret: secret } = created.json;
  const view = () => c.until('read', () => c.call('GET', `/v1/sessions/${id}`, { bearer: MERCHANT_KEY }), (a) => a.status === 200, deadline);

  // The page's authorize, retried with one key. A 409 is final only when the session is no longer open
  // (another attempt settled it); while it is open, a 409 means an attempt still holds the payment lock.
  let auth;
  let outcome = null;
  for (;;) {
    auth = await c.until('authorize', () => c.call('POST', `/v1/sessions/${id}/klarna/authorize`, { bearer: secret, body: {}, key: `authorize-${i}`, timeout: 4000 }),
      (a) => a.status === 200 || a.status === 409, deadline);
    if (auth.status === 200) { outcome = auth.json.result; break; }
    const state = (await view()).json.state;
    if (state !== 'open') { outcome = state; break; }
    if (Date.now() > deadline) throw new Error(`authorize ${id}: still open at the deadline`);
    await sleep(300);
  }
  if (outcome === 'STEP_UP_REQUIRED') {
    const pr = auth.json.payment_request_id;
    const done = await c.until('journey', () => c.call('POST', `/sandbox/klarna/payment-requests/${encodeURIComponent(pr)}/complete`, { bearer: secret, body: {} }),
      (a) => a.status === 200, deadline);
    const token = done.json.klarna_network_session_token;
    const body = { outcome: 'authorized', payment_request_id: pr, klarna_network_session_token: token };
    for (;;) {
      const r = await c.until('result', () => c.call('POST', `/v1/sessions/${id}/result`, { bearer: secret, body, key: `result-${i}`, timeout: 4000 }),
        (a) => a.status === 200 || a.status === 409, deadline);
      if (r.status === 200 || (await view()).json.state !== 'open') break;
      if (Date.now() > deadline) throw new Error(`result ${id}: still open at the deadline`);
      await sleep(300);
    }
  }
  if (persona !== 'denied') {
    await lifecycleStep(c, { what: 'capture', list: 'captures', path: `/v1/sessions/${id}/captures`, body: { amount: CAPTURE, reference: `ship-${i}` }, key: `capture-${i}`, deadline, view });
    await lifecycleStep(c, { what: 'refund', list: 'refunds', path: `/v1/sessions/${id}/refunds`, body: { amount: REFUND, reference: `return-${i}` }, key: `refund-${i}`, deadline, view });
  }
  return { i, id, persona };
}

export const CAPTURE = 6000;
export const REFUND = 2000;

/**
 * A merchant's capture or refund: retried with one Idempotency-Key while the answer is lost or the key busy;
 * a 409 refusal (the capture a refund needs is still pending) is an answer, so the next try is a new request
 * with a new key, as a merchant would send it later.
 */
async function lifecycleStep(c, { what, list, path, body, key, deadline, view }) {
  for (let n = 0; ; n++) {
    // A merchant reconciles by its reference before it asks again under a new key.
    if (n) {
      const done = ((await view()).json.payment?.[list] ?? []).find((o) => o.reference === body.reference);
      if (done) return done;
    }
    const k = n ? `${key}-${n}` : key;
    const a = await c.until(what, () => c.call('POST', path, { bearer: MERCHANT_KEY, body, key: k, timeout: 4000 }),
      (x) => x.status === 201 || (x.status === 409 && !/still being processed/.test(x.text)), deadline);
    if (a.status === 201) return a.json;
    if (Date.now() > deadline) throw new Error(`${what} ${path}: refused until the deadline: ${a.text.slice(0, 300)}`);
    await sleep(500);
  }
}
