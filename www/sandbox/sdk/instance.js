/**
 * One `KlarnaSDK(config)` instance: its config, token, event handlers and last presentation, and the public
 * object it resolves with, shaped like the module's revision (`?surface=`): r6 `{Config, Interoperability,
 * Payment}`, r8 adds `Messaging` and `Identity` (Sign in with Klarna, `identity.js`), v2 adds `Network.Session`; `?legacy=resolve` adds the v1
 * `Interoperability.resolve()`. Inputs the revision's types don't name are refused (`validate.js`).
 */
import { push, register } from './record.js';
import { buildPresentation } from './presentation.js';
import { createPaymentButton } from './button.js';
import { createPlacement } from './messaging.js';
import { identityNamespace } from './identity.js';
import { kitFor } from './kit.js';
import { countryOf, decideInstruction, decideResolveStatus, randomUuid, regionOf, tokenFromSdkToken } from './decide.js';
import { languageOf } from './texts.js';
import {
  INTENTS, currencyCode, invalid, minorUnits, onlyFields, optionalAcquiringConfig, optionalIntents, optionalLocale,
  optionalOneOf, optionalString, requireLocale, requireObject,
} from './validate.js';

/** @typedef {import('./options.js').ModuleOptions} ModuleOptions */
/** @typedef {import('../klarna-websdk').R6.KlarnaJS} R6Klarna */
/** @typedef {import('../klarna-websdk').R8.Klarna} R8Klarna */
/** @typedef {import('../klarna-websdk').V2.Klarna} V2Klarna */
/** @typedef {import('../klarna-websdk').V2.SDKConfig} SDKConfig */
/** @typedef {import('../klarna-websdk').Legacy.Resolve} Resolve */

const PAYMENT_EVENTS = ['complete', 'abort', 'error', 'presentationupdate', 'shippingaddresschange', 'shippingoptionselect'];
const PRODUCTS = ['PAYMENT', 'CUSTOMER', 'IDENTITY', 'MESSAGING'];
/** Every field any revision's `SDKConfig` names: an older build ignores a newer field, none takes others. */
const CONFIG_FIELDS = ['clientId', 'locale', 'partnerAccountId', 'products', 'sdkToken', 'acquiringConfig'];
/** The fields of each revision's `PaymentPresentationData` (see the `.d.ts`). */
const PRESENTATION_FIELDS = {
  r6: ['amount', 'currency', 'locale', 'intents'],
  r8: ['amount', 'currency', 'locale', 'intents'],
  v2: ['amount', 'currency', 'locale', 'intent', 'acquiringConfig'],
};

function fault(what) {
  const error = new Error(`Klarna sandbox: ${what} failed on purpose (?fail=${what} on the module URL)`);
  error.name = 'KlarnaSandboxFault';
  return error;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let instanceCount = 0;

/** Per-`KlarnaSDK()` state. */
class Instance {
  /**
   * @param {SDKConfig} config
   * @param {ModuleOptions} options
   * @param {string} apiBase the sandbox API of the server that served the module
   */
  constructor(config, options, apiBase) {
    this.id = ++instanceCount;
    this.clientId = config.clientId;
    this.options = options;
    this.apiBase = apiBase;
    this.locale = config.locale;
    this.partnerAccountId = config.partnerAccountId;
    this.acquiringConfig = config.acquiringConfig;
    /** The shopper's network session token, from the server's sdk-token exchange ('' when none). */
    this.token = tokenFromSdkToken(config.sdkToken) ?? '';
    this.shoppingSessionId = `krn:shopping:${regionOf(countryOf(config.locale))}:session:${randomUuid()}`;
    /** @type {Record<string, Function[]>} */
    this.handlers = Object.fromEntries(PAYMENT_EVENTS.map((e) => [e, []]));
    /** @type {Function[]} */
    this.tokenHandlers = [];
    /** @type {Set<object>} parts mounted now */
    this.mountedParts = new Set();
    this.lastInput = undefined;
    this.lastLocale = undefined;
    /** @type {string|undefined} */
    this.preferredOptionId = undefined;
    /** @type {string|undefined} */
    this.selectedOptionId = undefined;
  }

  record(method, args, extra) {
    return push(this.id, method, args, extra);
  }

  /** The `?delay` every asynchronous step waits. */
  pause() {
    return this.options.delay > 0 ? sleep(this.options.delay) : Promise.resolve();
  }

  /** Calls every handler of a Payment event; resolves with their (awaited) return values. */
  async emit(event, ...args) {
    const ctx = args[0]?.stateContext;
    const token = ctx?.klarnaNetworkSessionToken ?? ctx?.paymentToken;
    this.record(`event.${event}`, args, token === undefined ? {} : { token });
    const handlers = [...this.handlers[event]];
    if (event === 'error' && handlers.length === 0) console.error('Klarna sandbox: unhandled error event', ...args);
    return Promise.all(handlers.map(async (handler) => {
      try {
        return await handler(...args);
      } catch (error) {
        console.error(`Klarna sandbox: a "${event}" handler threw`, error);
        return undefined;
      }
    }));
  }

  /** Normalizes and validates `presentation()` input against this revision's type. */
  presentationInput(data, where) {
    const surface = this.options.surface;
    requireObject(where, 'data', data);
    onlyFields(where, data, PRESENTATION_FIELDS[surface], `${surface}'s PaymentPresentationData`);
    const amount = minorUnits(where, 'amount', data.amount);
    const currency = currencyCode(where, 'currency', data.currency);
    const locale = requireLocale(where, 'locale', data.locale);
    optionalIntents(where, data.intents);
    optionalOneOf(where, 'intent', data.intent, INTENTS);
    optionalAcquiringConfig(where, data.acquiringConfig);
    return { amount, currency, locale, lang: languageOf(locale), country: countryOf(locale), token: this.token };
  }

  present(input) {
    const decision = decideInstruction(input);
    this.lastInput = input;
    this.lastLocale = input.locale;
    return { decision, presentation: buildPresentation(this, input, decision.instruction) };
  }

  applyTokenUpdate(token) {
    this.token = token;
    for (const handler of [...this.tokenHandlers]) {
      try {
        handler(token);
      } catch (error) {
        console.error('Klarna sandbox: a "tokenupdate" handler threw', error);
      }
    }
    return this.tokenHandlers.length;
  }

  applyPresentationUpdate(patch) {
    if (!this.lastInput) return 0;
    const input = { ...this.lastInput, ...patch, token: this.token };
    if (patch.locale) Object.assign(input, { lang: languageOf(patch.locale), country: countryOf(patch.locale) });
    const { decision, presentation } = this.present(input);
    this.record('presentation.update', [patch], { token: input.token, result: decision });
    for (const handler of [...this.handlers.presentationupdate]) {
      try {
        handler(presentation);
      } catch (error) {
        console.error('Klarna sandbox: a "presentationupdate" handler threw', error);
      }
    }
    return this.handlers.presentationupdate.length;
  }

  /** The token namespace (`Interoperability`, `Network.Session`): `token()`, `on/off("tokenupdate")`. */
  tokenNamespace(name) {
    return {
      token: () => {
        this.record(`${name}.token`, [], { token: this.token });
        return this.token;
      },
      on: (event, callback) => {
        if (event !== 'tokenupdate') throw invalid(`${name}.on`, 'event', 'must be "tokenupdate"', event);
        if (typeof callback !== 'function') throw invalid(`${name}.on`, 'callback', 'must be a function', callback);
        this.record(`${name}.on`, [event, callback]);
        this.tokenHandlers.push(callback);
      },
      off: (event, callback) => {
        this.record(`${name}.off`, [event, callback]);
        const at = this.tokenHandlers.indexOf(callback);
        if (at >= 0) this.tokenHandlers.splice(at, 1);
      },
    };
  }

  /** @type {Resolve} the legacy v1 `Interoperability.resolve(context, options)` (`?legacy=resolve`). */
  async resolve(context = {}, options) {
    const where = 'Interoperability.resolve';
    this.record('resolve', [context, options], { token: context?.interoperabilityToken ?? this.token });
    await this.pause();
    requireObject(where, 'context', context);
    requireObject(where, 'options', options);
    onlyFields(where, context, ['interoperabilityToken', 'merchantReference', 'platformReference'], 'v1 InteroperabilityContext');
    onlyFields(where, options, ['country', 'currency', 'paymentAmount'], 'v1 InteroperabilityOptions');
    optionalString(where, 'interoperabilityToken', context.interoperabilityToken);
    const currency = currencyCode(where, 'currency', options.currency);
    if (options.country !== undefined && (typeof options.country !== 'string' || !/^[A-Z]{2}$/.test(options.country))) {
      throw invalid(where, 'country', 'must be an ISO 3166 alpha-2 code like "DE"', options.country);
    }
    const amount = options.paymentAmount === undefined ? undefined : minorUnits(where, 'paymentAmount', options.paymentAmount);
    const token = context.interoperabilityToken ?? this.token; // steers this call only
    const country = options.country ?? countryOf(this.locale);
    const status = decideResolveStatus({ token, amount, currency, country });
    /** @type {import('../klarna-websdk').Legacy.InteroperabilityResponse} */
    const result = { status, shoppingSessionId: this.shoppingSessionId };
    if (status === 'PAYMENT_PENDING_CONFIRMATION') result.paymentConfirmationToken = `sandbox_pct_${randomUuid()}`;
    this.record('resolve.result', [result], { token });
    return result;
  }

  /** `Payment` of every revision. */
  payment() {
    const onOff = (verb) => (event, callback) => {
      if (!PAYMENT_EVENTS.includes(event)) throw invalid(`Payment.${verb}`, 'event', `must be one of ${PAYMENT_EVENTS.join(', ')}`, event);
      if (verb === 'on' && typeof callback !== 'function') throw invalid('Payment.on', 'callback', 'must be a function', callback);
      this.record(verb, [event, callback]);
      const list = this.handlers[event];
      if (verb === 'on') list.push(callback);
      else if (list.indexOf(callback) >= 0) list.splice(list.indexOf(callback), 1);
    };
    const notEmulated = (what) => () => Promise.reject(new Error(`Klarna sandbox: Payment.${what} is not emulated`));
    return {
      presentation: async (data) => {
        this.record('presentation', [data], { token: this.token });
        await this.pause();
        if (this.options.fail.has('presentation')) throw fault('presentation');
        const input = this.presentationInput(data, 'Payment.presentation');
        const { decision, presentation } = this.present(input);
        this.record('presentation.result', [decision], { token: input.token, result: decision });
        return /** @type {any} */ (presentation);
      },
      button: (cfg) => createPaymentButton(this, cfg, { paymentOptionId: undefined, locale: undefined, where: 'Payment.button' }),
      cancel: notEmulated('cancel'),
      fetch: notEmulated('fetch'),
      on: onOff('on'),
      off: onOff('off'),
    };
  }

  /**
   * The public object `KlarnaSDK()` resolves with.
   * @returns {R6Klarna | R8Klarna | V2Klarna}
   */
  api() {
    const surface = this.options.surface;
    const interoperability = /** @type {any} */ (this.tokenNamespace('Interoperability'));
    if (this.options.resolve) interoperability.resolve = (context, options) => this.resolve(context, options);
    const config = {
      setSdkToken: async (sdkToken) => {
        if (typeof sdkToken !== 'string' || sdkToken === '') throw invalid('Config.setSdkToken', 'sdkToken', 'must be a non-empty string', sdkToken);
        const token = tokenFromSdkToken(sdkToken);
        if (token) this.token = token;
        this.record('setSdkToken', [sdkToken], { token: this.token });
      },
      setPartnerAccountId: async (id) => {
        if (typeof id !== 'string' || id === '') throw invalid('Config.setPartnerAccountId', 'partnerAccountId', 'must be a non-empty string', id);
        this.partnerAccountId = id;
        this.record('setPartnerAccountId', [id]);
      },
    };
    const Config = Object.freeze(config);
    const Interoperability = Object.freeze(interoperability);
    const Payment = Object.freeze(this.payment());
    if (surface === 'r6') {
      /** @type {R6Klarna} */
      const r6 = { Config, Interoperability, Payment };
      return Object.freeze(r6);
    }
    const Messaging = Object.freeze({ placement: (options) => createPlacement(this, options) });
    const Identity = identityNamespace(kitFor(this), this);
    if (surface === 'r8') {
      /** @type {R8Klarna} */
      const r8 = { Config, Identity, Interoperability, Messaging, Payment };
      return Object.freeze(r8);
    }
    /** @type {V2Klarna} */
    const v2 = { Config, Identity, Interoperability, Messaging, Network: Object.freeze({ Session: Object.freeze(this.tokenNamespace('Network.Session')) }), Payment };
    return Object.freeze(v2);
  }
}

/** Checks `KlarnaSDK(config)`: a `TypeError` names the bad field. */
function validateConfig(config) {
  const where = 'KlarnaSDK';
  requireObject(where, 'config', config);
  onlyFields(where, config, CONFIG_FIELDS, "Klarna's SDKConfig");
  if (typeof config.clientId !== 'string' || config.clientId.trim() === '') {
    throw invalid(where, 'clientId', 'is required (your Klarna client identifier)', config.clientId);
  }
  optionalString(where, 'partnerAccountId', config.partnerAccountId);
  optionalLocale(where, 'locale', config.locale);
  optionalString(where, 'sdkToken', config.sdkToken);
  if (config.products !== undefined && (!Array.isArray(config.products) || config.products.some((p) => !PRODUCTS.includes(p)))) {
    throw invalid(where, 'products', `must be an array of ${PRODUCTS.join(', ')}`, config.products);
  }
  optionalAcquiringConfig(where, config.acquiringConfig);
  if (config.sdkToken !== undefined && config.sdkToken.startsWith('sandbox_sdk_token.') && !tokenFromSdkToken(config.sdkToken)) {
    throw invalid(where, 'sdkToken', 'must be "sandbox_sdk_token." + base64url(network session token)', config.sdkToken);
  }
}

/**
 * The module's `KlarnaSDK(config)` for `options`. Rejects with a `TypeError` naming the field when the config
 * is invalid (e.g. no `clientId`), and with a `KlarnaSandboxFault` when loaded with `?fail=init`.
 * @param {ModuleOptions} options
 * @param {string} apiBase
 * @returns {(config: SDKConfig) => Promise<R6Klarna | R8Klarna | V2Klarna>}
 */
export function makeKlarnaSDK(options, apiBase) {
  return async function KlarnaSDK(config) {
    const entry = push(null, 'KlarnaSDK', [config], {
      token: tokenFromSdkToken(config?.sdkToken) ?? '',
      options: { surface: options.surface, resolve: options.resolve, fail: [...options.fail], delay: options.delay },
    });
    if (options.delay > 0) await sleep(options.delay);
    if (options.fail.has('init')) throw fault('init');
    validateConfig(config);
    const instance = new Instance(config, options, apiBase);
    entry.sdk = instance.id;
    register(instance);
    return instance.api();
  };
}
