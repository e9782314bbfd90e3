/**
 * Input checks like a strict SDK: every bad field is a `TypeError` whose message names the call and the
 * field, e.g. `Klarna sandbox: Payment.presentation: "amount" must be a non-negative integer number of minor
 * units, got 12.5`. [`onlyFields`] refuses fields the revision's type doesn't name, so a page that sends
 * Klarna more than its types allow fails here.
 */

/** A short description of a value for messages. */
export function describe(value) {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  try {
    const json = JSON.stringify(value);
    return json.length > 60 ? `${json.slice(0, 57)}...` : json;
  } catch {
    return typeof value;
  }
}

/**
 * @param {string} where
 * @param {string} field
 * @param {string} expected
 * @param {unknown} got
 */
export function invalid(where, field, expected, got) {
  return new TypeError(`Klarna sandbox: ${where}: "${field}" ${expected}, got ${describe(got)}`);
}

/** @returns {any} */
export function requireObject(where, field, value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(where, field, 'must be an object', value);
  }
  return value;
}

/**
 * Refuses fields of `value` that `allowed` (the fields of Klarna's type for this revision) doesn't name.
 * @param {string} where
 * @param {object} value
 * @param {readonly string[]} allowed
 * @param {string} type e.g. "r8's PaymentPresentationData"
 */
export function onlyFields(where, value, allowed, type) {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new TypeError(`Klarna sandbox: ${where}: "${key}" is not a field of ${type} (fields: ${allowed.join(', ')})`);
    }
  }
}

export function optionalString(where, field, value) {
  if (value !== undefined && (typeof value !== 'string' || value === '')) {
    throw invalid(where, field, 'must be a non-empty string when given', value);
  }
  return value;
}

export function optionalBoolean(where, field, value) {
  if (value !== undefined && typeof value !== 'boolean') throw invalid(where, field, 'must be a boolean', value);
  return value;
}

/**
 * @template T
 * @param {string} where
 * @param {string} field
 * @param {unknown} value
 * @param {readonly T[]} allowed
 * @returns {T|undefined}
 */
export function optionalOneOf(where, field, value, allowed) {
  if (value !== undefined && !allowed.includes(/** @type {T} */ (value))) {
    throw invalid(where, field, `must be one of ${allowed.join(', ')}`, value);
  }
  return /** @type {T|undefined} */ (value);
}

export function requireLocale(where, field, value) {
  if (typeof value !== 'string' || !/^[a-z]{2}-[A-Z]{2}$/.test(value)) {
    throw invalid(where, field, 'must be a Klarna locale like "en-US" (language-COUNTRY)', value);
  }
  return value;
}

export function optionalLocale(where, field, value) {
  return value === undefined ? undefined : requireLocale(where, field, value);
}

/** @returns {number} */
export function minorUnits(where, field, value) {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw invalid(where, field, 'must be a non-negative integer number of minor units', value);
  }
  return value;
}

/** @returns {string} */
export function currencyCode(where, field, value) {
  if (typeof value !== 'string' || !/^[A-Z]{3}$/.test(value)) {
    throw invalid(where, field, 'must be an ISO 4217 code like "EUR"', value);
  }
  return value;
}

/** Klarna's intents (`WSDK/v2-r8/interfaces/payment.PaymentPresentationData.html`). */
export const INTENTS = /** @type {const} */ (['PAY', 'SUBSCRIBE', 'SIGNUP', 'SIGNIN', 'DONATE']);

export function optionalIntents(where, value) {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((i) => !INTENTS.includes(i))) {
    throw invalid(where, 'intents', `must be an array of ${INTENTS.join(', ')}`, value);
  }
  return value;
}

/** `acquiringConfig`: `{paymentAccountId}` or `{paymentAcquiringAccountId, paymentAccountReference}`. */
export function optionalAcquiringConfig(where, value) {
  if (value === undefined) return undefined;
  requireObject(where, 'acquiringConfig', value);
  const one = ['paymentAccountId'];
  const two = ['paymentAcquiringAccountId', 'paymentAccountReference'];
  const keys = Object.keys(value).sort();
  const ok = (fields) => keys.length === fields.length && fields.every((f) => typeof value[f] === 'string' && value[f] !== '');
  if (!ok(one) && !ok([...two].sort())) {
    throw invalid(where, 'acquiringConfig', 'must be {paymentAccountId} or {paymentAcquiringAccountId, paymentAccountReference} of non-empty strings', value);
  }
  return value;
}
