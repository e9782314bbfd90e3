// Reads the recordings the server writes (KLARNA_RECORDINGS_DIR), tells
// which belong to a step, says in a few words what Klarna answered, and
// checks that nothing secret or personal was written.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FORMAT = 'klarna-hosted-checkout/recording@1';

/** Recording files in `dir`, oldest first. */
export function list(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'summary.json').sort();
}

/** Reads one recording. */
export function read(dir, file) {
  return JSON.parse(readFileSync(join(dir, file), 'utf8'));
}

/** The recordings written since `mark` (a list() taken earlier), with `operation` when given. */
export function since(dir, mark, operation) {
  const seen = new Set(mark);
  return list(dir)
    .filter((f) => !seen.has(f))
    .map((f) => ({ file: f, ...read(dir, f) }))
    .filter((r) => !operation || r.operation === operation);
}

/** Waits (up to `ms`) for a recording of `operation` after `mark`. */
export async function waitFor(dir, mark, operation, ms = 15000) {
  const until = Date.now() + ms;
  for (;;) {
    const found = since(dir, mark, operation);
    if (found.length || Date.now() > until) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** What one exchange says, briefly: `POST …/authorize → 200 APPROVED`. */
export function describe(r) {
  const path = (r.request?.path || '')
    .replace('/v2/accounts/{partner_account_id}', '…')
    .replace(/\/(transactions|requests|webhooks|signing-keys)\/[^/]+/, '/$1/{id}');
  const res = r.response;
  if (!res) return `${r.request?.method} ${path} → ${r.error || 'no answer'}`;
  const b = res.body && typeof res.body === 'object' ? res.body : {};
  const detail = b.payment_transaction_response?.result || b.instruction || b.error_code
    || (b.sdk_token && 'sdk_token') || (b.webhook_id && 'webhook_id') || (b.signing_key_id && 'signing_key_id')
    || (b.payment_capture_id && 'payment_capture_id') || (b.payment_refund_id && 'payment_refund_id')
    || (b.state && `state ${b.state}`) || '';
  return `${r.request?.method} ${path} → ${res.status}${detail ? ` ${detail}` : ''}`;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

/** Every place in `dir`'s recordings where a secret in `secrets` or an e-mail address appears. */
export function leaks(dir, secrets) {
  const found = [];
  for (const f of list(dir)) {
    const text = readFileSync(join(dir, f), 'utf8');
    for (const s of secrets.filter((x) => x && x.length >= 8)) {
      if (text.includes(s)) found.push(`${f}: a secret (${s.slice(0, 4)}…)`);
    }
    const m = text.match(EMAIL);
    if (m) found.push(`${f}: an e-mail address`);
    if (/krn:[a-z0-9:-]*session-token:[A-Za-z0-9]/.test(text)) found.push(`${f}: a network session token`);
  }
  return found;
}

/** Writes the kit's own record of a browser step in the recordings' format. */
export function writeBrowser(dir, source, detail) {
  const name = `${String(Date.now()).padStart(13, '0')}-web_sdk_page.json`;
  writeFileSync(join(dir, name), `${JSON.stringify({
    format: FORMAT, source, operation: 'web_sdk_page', step: null, recorded_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    request: { method: 'GET', path: detail.path, query: null, headers: {}, body: null },
    response: { status: detail.status, headers: {}, body: detail.seen },
    error: detail.error || null,
  }, null, 2)}\n`);
}
