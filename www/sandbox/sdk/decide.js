/**
 * How the sandbox's Klarna decides, from the facts `checkout-core` owns (`facts.js`, written from
 * `core/src/sandbox.rs`; the server's emulated Klarna API calls the same Rust functions). The worked cases in
 * the facts are replayed by `tests/sandbox/`, so this file can't drift from `core`.
 */
import FACTS from './facts.js';

/** @typedef {import('../klarna-websdk').Instruction} Instruction */
/** @typedef {import('../klarna-websdk').Legacy.InteroperabilityStatus} InteroperabilityStatus */

export { FACTS };

/** The token that decides ('' when none). */
const tokenOf = (token) => (typeof token === 'string' ? token : '');

/**
 * The instruction: a trigger word in the token forces it (the most restrictive first); else an amount outside
 * the range or a currency that is not the locale's market currency hides Klarna; else a token (a shopper
 * Klarna knows) preselects; else show.
 * @param {{token: string, amount: number, currency: string, country: string|undefined}} input
 * @returns {{instruction: Instruction, reason: 'trigger'|'amount'|'market'|'known-shopper'|'default'}}
 */
export function decideInstruction({ token, amount, currency, country }) {
  const t = tokenOf(token);
  const forced = FACTS.instruction_triggers.find((word) => t.includes(word));
  if (forced) return { instruction: forced, reason: 'trigger' };
  const { min, max } = FACTS.amount_range;
  if (amount < min || amount > max) return { instruction: 'HIDE_KLARNA', reason: 'amount' };
  if (FACTS.markets[country ?? '']?.currency !== currency) return { instruction: 'HIDE_KLARNA', reason: 'market' };
  if (t) return { instruction: 'PRESELECT_KLARNA', reason: 'known-shopper' };
  return { instruction: 'SHOW_KLARNA', reason: 'default' };
}

/** A saved payment option exists when the shopper is known (a token) and Klarna is offered. */
export const hasSavedOption = (token, instruction) => tokenOf(token) !== '' && instruction !== 'HIDE_KLARNA';

/** @returns {'PENDING_PARTNER_AUTHORIZATION'|'REQUIRES_CUSTOMER_ACTION'} */
export const paymentStatus = (token) =>
  tokenOf(token).includes(FACTS.fast_track_trigger) ? 'PENDING_PARTNER_AUTHORIZATION' : 'REQUIRES_CUSTOMER_ACTION';

/**
 * The legacy `resolve()` status by the same triggers, plus `PAYMENT_PENDING_CONFIRMATION`.
 * @returns {InteroperabilityStatus}
 */
export function decideResolveStatus({ token, amount, currency, country }) {
  const t = tokenOf(token);
  if (t.includes(FACTS.resolve_pending_trigger) && !t.includes(FACTS.fast_track_trigger)) return 'PAYMENT_PENDING_CONFIRMATION';
  const byInstruction = /** @type {const} */ ({
    HIDE_KLARNA: 'PAYMENT_UNSUPPORTED', SHOW_KLARNA: 'PAYMENT_SUPPORTED',
    PRESELECT_KLARNA: 'PAYMENT_PREPARED', SHOW_ONLY_KLARNA: 'PAYMENT_PREPARED',
  });
  const forced = FACTS.instruction_triggers.find((word) => t.includes(word));
  if (forced) return byInstruction[forced];
  const { min, max } = FACTS.amount_range;
  if (amount !== undefined && (amount < min || amount > max)) return 'PAYMENT_UNSUPPORTED';
  if (country !== undefined && FACTS.markets[country]?.currency !== currency) return 'PAYMENT_UNSUPPORTED';
  return t ? 'PAYMENT_PREPARED' : 'PAYMENT_SUPPORTED';
}

/** Klarna region of a country (`us1`, `oc1` or `eu1`), used in generated ids. */
export function regionOf(country) {
  if (['US', 'CA', 'MX'].includes(country)) return 'us1';
  if (['AU', 'NZ'].includes(country)) return 'oc1';
  return 'eu1';
}

/** The country of a Klarna locale (`de-DE` → `DE`). */
export const countryOf = (locale) => (locale ? locale.slice(3) : undefined);

/** The emulator's payment option ids. */
export const optionIdFor = (kind, country) => `po_sandbox_${kind}_${(country ?? 'xx').toLowerCase()}`;

/** Formats minor units as money in the locale (display only; no arithmetic on the result). */
export function formatMoney(minor, currency, locale) {
  const digits = FACTS.minor_digits[currency] ?? 2;
  const major = minor / 10 ** digits;
  try {
    return new Intl.NumberFormat(locale ?? 'en', { style: 'currency', currency }).format(major);
  } catch {
    return `${major.toFixed(digits)} ${currency}`;
  }
}

/** Fills `{name}` placeholders. */
export const fill = (template, values) => template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));

export function randomHex(bytes) {
  const buf = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(buf);
  return Array.from(buf, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function randomUuid() {
  const h = randomHex(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Decodes the sandbox SDK token `sandbox_sdk_token.<base64url(token)>` (what the server's sdk-token exchange
 * hands out in sandbox mode); anything else gives `undefined`.
 * @param {string|undefined} sdkToken
 * @returns {string|undefined}
 */
export function tokenFromSdkToken(sdkToken) {
  const match = /^sandbox_sdk_token\.([A-Za-z0-9_-]+={0,2})$/.exec(sdkToken ?? '');
  if (!match) return undefined;
  try {
    const b64 = match[1].replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
    const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const token = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    return token || undefined;
  } catch {
    return undefined;
  }
}
