/**
 * Klarna's `PaymentError` as each revision hands it to `error` handlers: `{errorCode, errorId, errorMessage,
 * errorType, validationErrors?}`, plus `name` from r8 on (`WSDK/v2-r6/interfaces/payment.PaymentError.html`,
 * `WSDK/v2-r8/…`, `WSDK/v2/…`). There is no `code` field. The error codes are the sandbox's own (Klarna's
 * `ErrorCode` members are not in the copies at hand); `docs/sandbox.md` lists them.
 */
import { randomUuid } from './decide.js';

/** @typedef {import('../klarna-websdk').ErrorType} ErrorType */
/** @typedef {import('../klarna-websdk').R6.PaymentError} R6PaymentError */
/** @typedef {import('../klarna-websdk').R8.PaymentError} R8PaymentError */

/** The sandbox's error codes and their Klarna error types. */
export const ERRORS = /** @type {const} */ ({
  /** `initiate` rejected (the partner refused to start a payment). */
  INITIATE_REJECTED: 'INPUT_ERROR',
  /** `initiate` resolved to something that is neither a payment request nor a return URL. */
  INVALID_CALLBACK_RESPONSE: 'INPUT_ERROR',
  /** The purchase journey or the emulator itself failed. */
  TECHNICAL_ERROR: 'TECHNICAL_ERROR',
});

/**
 * @param {import('../klarna-websdk').Surface} surface
 * @param {keyof typeof ERRORS} code
 * @param {string} message
 * @returns {R6PaymentError | R8PaymentError}
 */
export function paymentError(surface, code, message) {
  /** @type {R6PaymentError} */
  const r6 = { errorCode: code, errorId: randomUuid(), errorMessage: message, errorType: ERRORS[code] };
  if (surface === 'r6') return r6;
  /** @type {R8PaymentError} */
  const later = { ...r6, name: 'PaymentError' };
  return later;
}

/** A readable message out of whatever was thrown. */
export function messageOf(reason) {
  if (typeof reason === 'string') return reason;
  if (reason && typeof reason.message === 'string') return reason.message;
  return String(reason);
}
