/**
 * Verifies a notification from the checkout server on the merchant's side
 * (Node 18+, Deno, Bun, workers, browsers: Web Crypto only).
 *
 * `Checkout-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`
 * with the endpoint's secret. Resolves to the parsed event; rejects with an
 * Error whose `code` is `malformed`, `stale` or `mismatch`. Pass the body
 * exactly as received (a string or bytes), before any JSON parsing.
 *
 * @param {string | Uint8Array} body the raw request body
 * @param {string} header the `Checkout-Signature` header
 * @param {string} secret the endpoint's secret (`whsec_…`)
 * @param {{toleranceSeconds?: number, now?: number}} [options] accepted clock skew (default 300 s)
 * @returns {Promise<{id: string, type: string, created_at: string, data: object}>}
 */
export async function verifyNotification(body, header, secret, options = {}) {
  const tolerance = options.toleranceSeconds ?? 300;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const fail = (code, message) => Object.assign(new Error(message), { code });
  let t = null;
  const sigs = [];
  for (const part of String(header ?? '').split(',')) {
    const [k, v] = part.trim().split('=');
    if (k === 't' && /^\d+$/.test(v ?? '')) t = Number(v);
    if (k === 'v1' && v) sigs.push(v);
  }
  if (t === null || sigs.length === 0) throw fail('malformed', 'Checkout-Signature is not t=<seconds>,v1=<hex>');
  if (Math.abs(now - t) > tolerance) throw fail('stale', "Checkout-Signature's timestamp is outside the tolerance");
  const enc = new TextEncoder();
  const bytes = typeof body === 'string' ? enc.encode(body) : body;
  const signed = new Uint8Array([...enc.encode(`${t}.`), ...bytes]);
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  for (const sig of sigs) {
    const raw = /^[0-9a-f]{64}$/i.test(sig) ? Uint8Array.from(sig.match(/../g), (h) => parseInt(h, 16)) : null;
    // crypto.subtle.verify compares in constant time.
    if (raw && await crypto.subtle.verify('HMAC', key, raw, signed)) {
      return JSON.parse(new TextDecoder().decode(bytes));
    }
  }
  throw fail('mismatch', 'Checkout-Signature does not match the body');
}
