/**
 * Klarna's payment button: a real `<button type="button">`. A click calls `initiate` once (clicks while an
 * initiation runs, or while disabled/loading, are ignored) and follows its answer: `{returnUrl}` completes at
 * once, `{paymentRequestId}` / `{paymentRequestUrl}` opens the purchase journey (`journey.js`),
 * `PaymentRequestData` runs the express journey (`express-journey.js`), anything else is a `PaymentError`. What `initiate` receives depends on the revision: nothing in r6
 * (`WSDK/v2-r6/interfaces/payment.KlarnaPaymentButtonConfig.html`), `{klarnaNetworkSessionToken,
 * paymentOptionId}` in r8 (Klarna's demo), plus `acquiringConfig` in v2
 * (`WSDK/v2/types/payment.PresentationInitiateCallback.html`).
 */
import { ASSETS, BUTTON_SHAPES, THEMES, ensureStylesheet, h, uiElement } from './dom.js';
import { countryOf, randomUuid, regionOf } from './decide.js';
import { TEXTS, languageOf } from './texts.js';
import { describe, invalid, onlyFields, optionalBoolean, optionalIntents, optionalLocale, optionalOneOf, optionalString, requireObject } from './validate.js';
import { messageOf, paymentError } from './errors.js';
import { runJourney, tokenContext } from './journey.js';
import { isPaymentRequestData, runExpressJourney } from './express-journey.js';
import { kitFor } from './kit.js';

/** @typedef {import('../klarna-websdk').KlarnaPaymentButton} KlarnaPaymentButton */

const INITIATION_MODES = /** @type {const} */ (['DEVICE_BEST', 'REDIRECT', 'ON_PAGE', 'POPUP']);

/** The fields of each revision's `KlarnaPaymentButtonConfig` (see the `.d.ts`). */
const BUTTON_FIELDS = {
  r6: ['disabled', 'id', 'initiate', 'initiationMode', 'intents', 'loading', 'locale', 'shape', 'theme'],
  r8: ['disabled', 'hideOverlay', 'id', 'initiate', 'initiationMode', 'intents', 'loading', 'locale', 'shape', 'theme'],
  v2: ['disabled', 'hideOverlay', 'id', 'initiate', 'initiationMode', 'loading', 'locale', 'shape', 'theme'],
};

/**
 * Creates the button.
 * @param {any} sdk the instance
 * @param {any} cfg the page's button config
 * @param {{paymentOptionId: string|undefined, locale: string|undefined, where: string}} context
 * @returns {KlarnaPaymentButton}
 */
export function createPaymentButton(sdk, cfg, { paymentOptionId, locale, where }) {
  const surface = sdk.options.surface;
  requireObject(where, 'config', cfg);
  onlyFields(where, cfg, BUTTON_FIELDS[surface], `${surface}'s KlarnaPaymentButtonConfig`);
  if (typeof cfg.initiate !== 'function') throw invalid(where, 'initiate', 'must be a function', cfg.initiate);
  const theme = optionalOneOf(where, 'theme', cfg.theme, THEMES) ?? 'default';
  const shape = optionalOneOf(where, 'shape', cfg.shape, BUTTON_SHAPES) ?? 'default';
  optionalOneOf(where, 'initiationMode', cfg.initiationMode, INITIATION_MODES);
  optionalLocale(where, 'locale', cfg.locale);
  optionalString(where, 'id', cfg.id);
  optionalBoolean(where, 'disabled', cfg.disabled);
  optionalBoolean(where, 'loading', cfg.loading);
  optionalBoolean(where, 'hideOverlay', cfg.hideOverlay);
  optionalIntents(where, cfg.intents);
  // The option's own button knows its option; `Payment.button()` pays for the one the shopper selected.
  const optionId = () => paymentOptionId ?? sdk.selectedOptionId ?? sdk.preferredOptionId;
  const buttonLocale = cfg.locale ?? locale ?? sdk.lastLocale ?? sdk.locale;
  sdk.record('button', [cfg], { token: sdk.token, paymentOptionId: optionId() });

  ensureStylesheet();
  const text = TEXTS[languageOf(buttonLocale)].button;
  const node = h('button', {
    type: 'button',
    id: cfg.id,
    class: `klarna-sandbox-button klarna-sandbox-button--theme-${theme} klarna-sandbox-button--shape-${shape}`,
    'data-testid': 'klarna-payment-button',
  }, h('img', { class: 'klarna-sandbox-button__logo', src: ASSETS.badge, alt: '', 'aria-hidden': 'true' }),
  h('span', { class: 'klarna-sandbox-button__text', text }));
  if (optionId()) node.setAttribute('data-payment-option-id', optionId());
  node.disabled = cfg.disabled === true;

  let loadingByMerchant = cfg.loading === true;
  let initiating = false;
  const render = () => {
    const loading = loadingByMerchant || initiating;
    node.classList.toggle('klarna-sandbox-button--loading', loading);
    if (loading) node.setAttribute('aria-busy', 'true');
    else node.removeAttribute('aria-busy');
  };
  render();

  node.addEventListener('click', () => {
    if (initiating || loadingByMerchant || node.disabled) return;
    initiating = true;
    render();
    runInitiation(sdk, cfg.initiate, optionId(), buttonLocale)
      .catch(async (error) => {
        // A failure of the emulator itself (e.g. location.assign threw): report it, never leave the button stuck.
        await sdk.emit('error', paymentError(surface, 'TECHNICAL_ERROR', messageOf(error)), undefined);
        return false;
      })
      .then((leaving) => {
        if (leaving) return; // the page is navigating to returnUrl: stay busy so no second payment starts
        initiating = false;
        render();
      });
  });

  return /** @type {KlarnaPaymentButton} */ (uiElement(sdk, 'paymentButton', node, {
    /** Turns `loading` or `disabled` on or off (`on` omitted: toggles). */
    toggleState(state, on) {
      if (state !== 'loading' && state !== 'disabled') throw invalid('toggleState', 'state', 'must be "loading" or "disabled"', state);
      optionalBoolean('toggleState', 'on', on);
      sdk.record('toggleState', [state, on]);
      if (state === 'disabled') node.disabled = on ?? !node.disabled;
      else loadingByMerchant = on ?? !loadingByMerchant;
      render();
    },
  }));
}

/** What `initiate` receives in this revision. */
function initiateArgs(sdk, paymentOptionId) {
  const surface = sdk.options.surface;
  if (surface === 'r6') return [];
  /** @type {Record<string, unknown>} */
  const params = { klarnaNetworkSessionToken: sdk.token, paymentOptionId };
  if (surface === 'v2' && sdk.acquiringConfig) params.acquiringConfig = sdk.acquiringConfig;
  return [params];
}

/**
 * Calls the page's `initiate` and follows its answer. Resolves `true` when the page is being redirected to a
 * returnUrl, else `false` once the outcome events have been handled.
 */
async function runInitiation(sdk, initiate, paymentOptionId, locale) {
  const args = initiateArgs(sdk, paymentOptionId);
  sdk.record('initiate', args, { token: sdk.token, paymentOptionId });
  await sdk.pause();
  let answer;
  try {
    answer = await initiate(...args);
  } catch (reason) {
    sdk.record('initiate.result', [{ rejected: reason }]);
    await sdk.emit('error', paymentError(sdk.options.surface, 'INITIATE_REJECTED', messageOf(reason)), undefined);
    return false;
  }
  sdk.record('initiate.result', [{ resolved: answer }]);

  const next = classifyAnswer(sdk, answer);
  if (next.kind === 'journey') {
    await runJourney(sdk, next.paymentRequestId, locale);
    return false;
  }
  if (next.kind === 'returnUrl') return completeWithReturnUrl(sdk, next.returnUrl);
  if (next.kind === 'express') {
    try {
      await runExpressJourney(kitFor(sdk), sdk, next.data, locale);
    } catch (error) {
      await sdk.emit('error', paymentError(sdk.options.surface, 'INVALID_CALLBACK_RESPONSE', messageOf(error)), undefined);
    }
    return false;
  }
  await sdk.emit('error', paymentError(sdk.options.surface, 'INVALID_CALLBACK_RESPONSE', next.message), undefined);
  return false;
}

/** What `initiate` resolved to: a step-up (journey), an approval (returnUrl) or something invalid. */
function classifyAnswer(sdk, answer) {
  const expected = 'initiate must resolve to {paymentRequestId}, {paymentRequestUrl} or {returnUrl}';
  if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) {
    return { kind: 'invalid', message: `${expected}; got ${describe(answer)}` };
  }
  const nonEmpty = (v) => typeof v === 'string' && v.trim() !== '';
  if (nonEmpty(answer.paymentRequestId)) return { kind: 'journey', paymentRequestId: answer.paymentRequestId };
  if (nonEmpty(answer.paymentRequestUrl)) {
    let id;
    try {
      const segment = new URL(answer.paymentRequestUrl, sdk.apiBase).pathname.split('/').filter(Boolean).pop();
      id = segment && decodeURIComponent(segment);
    } catch {
      id = undefined;
    }
    if (id) return { kind: 'journey', paymentRequestId: id };
    return { kind: 'invalid', message: `paymentRequestUrl has no payment request id: ${describe(answer.paymentRequestUrl)}` };
  }
  if (nonEmpty(answer.returnUrl)) return { kind: 'returnUrl', returnUrl: answer.returnUrl };
  if (isPaymentRequestData(answer)) return { kind: 'express', data: answer };
  return { kind: 'invalid', message: `${expected}; got ${describe(answer)}` };
}

/** Approved without step-up: `complete`, then the redirect unless a handler answered `false`. */
async function completeWithReturnUrl(sdk, returnUrl) {
  const paymentRequest = {
    paymentRequestId: `krn:payment:${regionOf(countryOf(sdk.lastLocale ?? sdk.locale))}:payment-request:${randomUuid()}`,
    state: /** @type {const} */ ('COMPLETED'),
    stateContext: tokenContext(sdk, sdk.token),
  };
  const results = await sdk.emit('complete', paymentRequest);
  if (results.includes(false)) {
    sdk.record('redirect.suppressed', [returnUrl]);
    return false;
  }
  const url = fillReturnUrl(returnUrl, paymentRequest);
  sdk.record('redirect', [url]);
  globalThis.location.assign(url);
  return true;
}

/** Substitutes Klarna's `{klarna.…}` placeholders (URL-encoded) in a returnUrl. */
function fillReturnUrl(url, pr) {
  const token = pr.stateContext?.klarnaNetworkSessionToken ?? pr.stateContext?.paymentToken ?? '';
  const values = {
    'klarna.payment_request.id': pr.paymentRequestId,
    'klarna.payment_request.state': pr.state,
    'klarna.payment_request.state_reason': pr.stateReason ?? '',
    'klarna.payment_request.payment_request_reference': pr.paymentRequestReference ?? '',
    'klarna.payment_token': token,
  };
  return url.replace(/\{(klarna\.[a-z_.]+)\}/g, (m, key) => (key in values ? encodeURIComponent(values[key]) : m));
}
