/**
 * Express checkout: Klarna's payment button on the merchant's product or
 * cart page, one step from "Add to cart" to a paid order (docs/express.md).
 *
 *   initiate → the merchant's server creates a session (merchant API, through
 *   `sessionUrl` or `createSession`) → Klarna's journey collects the customer
 *   and the shipping address (`shipping_address_change` /
 *   `shipping_option_select` events reach the merchant, who answers with the
 *   new total after PATCHing the session) → `complete` hands Klarna's token
 *   to `POST /v1/sessions/{id}/authorize` → `authorized` (with the customer
 *   and shipping details), `declined`, `aborted` or `error`.
 *
 * Events go to `onEvent` and, as `klarna-express:<type>` CustomEvents, to the
 * target. Bad options throw (and report) an `OptionError` before anything mounts.
 */
import { checker, emitter, SHAPES, THEMES, validated } from './options.js';
import { klarnaError, klarnaSdk } from './sdk.js';
import { authorizeWithToken, createSession, sessionAmount } from './express-api.js';

/** What Klarna collects: `none` (digital goods), `address`, or `options` (address and the merchant's shipping options). */
export const SHIPPING = ['address', 'options', 'none'];
/** Customer profile fields Klarna is asked to share. */
const PROFILE = ['profile:name', 'profile:email', 'profile:phone'];
/** How long a shipping change waits for the merchant's answer. */
const ANSWER_TIMEOUT_MS = 20000;

/** Klarna's Payment events belong to the SDK instance; the journey under way decides whose they are. */
const wired = new WeakSet();
let active;

function wire(klarna) {
  if (wired.has(klarna)) return;
  wired.add(klarna);
  const on = (event, fn) => klarna.Payment.on(event, (...a) => (active ? fn(active, ...a) : undefined));
  on('complete', (c, pr) => c.complete(pr));
  on('abort', (c) => c.finish({ type: 'aborted' }));
  on('error', (c, e) => c.klarnaError(e));
  on('shippingaddresschange', (c, pr, address) => c.shippingChange('shipping_address_change', { address: snake(address) }));
  on('shippingoptionselect', (c, pr, o) => c.shippingChange('shipping_option_select', { option: { id: o?.shippingOptionReference } }));
}

/** Klarna's camelCase objects as our snake_case. */
function snake(v) {
  if (Array.isArray(v)) return v.map(snake);
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase()), snake(x)]));
}

/**
 * Validates express options; `name` maps an option to what the merchant
 * wrote (its `data-*` attribute for markup).
 */
export function readOptions(o, name = (k) => k) {
  const c = checker(name);
  if (!o || typeof o !== 'object') c.fail('options', 'an object', o);
  const target = c.target(o.target);
  const locale = c.locale(o.locale);
  const sessionUrl = o.sessionUrl === undefined ? undefined : c.url('sessionUrl', o.sessionUrl);
  const create = c.fn('createSession', o.createSession);
  if (!sessionUrl === !create) c.fail('sessionUrl', "your server's endpoint that creates the session (or a createSession function), exactly one", o.sessionUrl);
  if (o.details !== undefined && (typeof o.details !== 'object' || o.details === null || Array.isArray(o.details))) {
    c.fail('details', 'an object your server reads (e.g. {sku, quantity})', o.details);
  }
  return {
    target,
    locale,
    amount: c.amount(o.amount),
    currency: c.currency(o.currency, locale),
    sessionUrl,
    createSession: create,
    details: o.details,
    theme: c.oneOf('theme', o.theme, THEMES, 'default'),
    shape: c.oneOf('shape', o.shape, SHAPES, 'default'),
    shipping: c.oneOf('shipping', o.shipping, SHIPPING, 'address'),
    onEvent: c.fn('onEvent', o.onEvent),
  };
}

/** One express button. */
class Express {
  constructor(options, baseUrl) {
    Object.assign(this, options);
    this.base = baseUrl;
    this.emit = emitter('klarna-express', this.target, this.onEvent);
    this.ready = this.mount();
  }

  async mount() {
    const locale = this.locale;
    let klarna;
    try {
      klarna = await klarnaSdk(this.base, locale);
    } catch (e) {
      return this.emit({ type: 'error', code: e.code ?? 'sdk_unavailable', message: e.message });
    }
    if (this.destroyed || locale !== this.locale) return;
    wire(klarna);
    this.button?.unmount();
    this.button = klarna.Payment.button({ initiate: (p) => this.initiate(p), locale, theme: this.theme, shape: this.shape });
    this.button.mount(this.target);
    this.emit({ type: 'ready' });
  }

  /** Klarna's button was pressed: the session first, then what Klarna should collect. */
  async initiate(params = {}) {
    active = this;
    this.failed = false;
    try {
      this.session = await createSession(this);
      // Only the sandbox's emulated SDK defines this (its shopper needs the secret for a configured merchant's
      // session); with Klarna's real SDK on the page nothing is kept.
      globalThis.__klarnaSandbox?.knowClientSecret?.(this.session.id, this.session.client_secret);
    } catch (e) {
      this.failed = true; // the SDK's own error event that follows is this one
      this.emit({ type: 'error', code: 'session_failed', message: e.message });
      throw e;
    }
    const scopes = { address: ['SHIPPING_ADDRESS'], options: ['SHIPPING_ADDRESS', 'SHIPPING_OPTION'] }[this.shipping];
    return {
      currency: this.currency,
      amount: this.amount,
      paymentRequestReference: this.session.id,
      collectCustomerProfile: PROFILE,
      ...(scopes && { collectShippingData: { scopes } }),
      ...(params.paymentOptionId && { paymentOptionId: params.paymentOptionId }),
    };
  }

  /**
   * A shipping change in Klarna's journey: the merchant answers through
   * `event.updateWith({amount, shipping_options?, selected_shipping_option?} | {reject: true})`
   * after PATCHing the session; the session must then hold that amount.
   */
  async shippingChange(type, fields) {
    let answer;
    const event = { type, session_id: this.session?.id, ...fields, updateWith: (a) => (answer = Promise.resolve(a)) };
    this.emit(event);
    const reject = { rejectionReason: type === 'shipping_option_select' ? 'INVALID_OPTION' : 'ADDRESS_NOT_SUPPORTED' };
    if (!answer) return { amount: this.amount, shippingOptions: [] };
    let a;
    try {
      a = await Promise.race([answer, new Promise((_, no) => setTimeout(() => no(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`)), ANSWER_TIMEOUT_MS))]);
      if (a?.reject) return reject;
      if (!Number.isSafeInteger(a?.amount) || a.amount <= 0) throw new Error(`updateWith: amount: expected a positive whole number of minor units, got ${JSON.stringify(a?.amount)}`);
      const held = await sessionAmount(this);
      if (held !== a.amount) {
        throw new Error(`updateWith answered ${a.amount} but session ${this.session.id} holds ${held}: PATCH the session from your server before answering`);
      }
    } catch (e) {
      this.emit({ type: 'error', code: 'shipping_update_failed', message: e.message, session_id: this.session?.id });
      return reject;
    }
    this.amount = a.amount;
    const options = (a.shipping_options ?? []).map((o) => ({
      shippingOptionReference: String(o.id),
      displayName: String(o.name),
      amount: o.amount,
      description: o.description ?? '',
      ...(o.type && { shippingType: o.type }),
    }));
    return {
      amount: a.amount,
      ...(type === 'shipping_address_change' && { shippingOptions: options }),
      ...(a.selected_shipping_option && { selectedShippingOptionReference: String(a.selected_shipping_option) }),
    };
  }

  /** Klarna completed the journey: our server authorizes with Klarna's token. */
  async complete(pr) {
    const ctx = pr?.stateContext ?? {};
    const token = ctx.klarnaNetworkSessionToken ?? ctx.paymentToken ?? ctx.interoperabilityToken;
    const session_id = this.session?.id;
    try {
      const r = await authorizeWithToken(this, token, pr?.paymentRequestId);
      if (r.result === 'APPROVED') {
        const { payment_transaction_id, authorization, customer_profile, shipping } = r;
        const { amount, currency } = authorization ?? {};
        this.finish({ type: 'authorized', session_id, payment_transaction_id, amount, currency, customer_profile, shipping });
      } else this.finish({ type: 'declined', session_id });
    } catch (e) {
      this.finish({ type: 'error', code: 'authorization_failed', message: e.message, session_id });
    }
    return false; // the merchant's page decides where the shopper goes
  }

  klarnaError(e) {
    if (this.failed) return this.finish(null);
    this.finish({ type: 'error', code: 'klarna_error', session_id: this.session?.id, ...klarnaError(e) });
  }

  finish(event) {
    if (active === this) active = undefined;
    this.failed = false;
    if (event) this.emit(event.type === 'aborted' ? { ...event, session_id: this.session?.id } : event);
  }

  update(fields) {
    for (const k of Object.keys(fields ?? {})) {
      if (!['amount', 'currency', 'locale', 'details'].includes(k)) return Promise.reject(new TypeError(`update: ${k}: expected amount, currency, locale or details`));
    }
    const merged = readOptions({ ...this, ...fields, target: this.target, sessionUrl: this.sessionUrl });
    const relocale = merged.locale !== this.locale;
    Object.assign(this, { amount: merged.amount, currency: merged.currency, locale: merged.locale, details: merged.details });
    if (relocale) this.ready = this.mount();
    return this.ready;
  }

  destroy() {
    this.destroyed = true;
    if (active === this) active = undefined;
    this.button?.unmount();
    this.button = undefined;
  }
}

/**
 * Mounts an express button; returns `{ready, update({amount, currency, locale, details}), destroy()}`.
 * A bad option is reported (console, `error` event) and thrown.
 */
export function express(options, baseUrl, name) {
  const c = new Express(validated(readOptions, options, name, 'klarna-express'), baseUrl);
  return { ready: c.ready.then(() => undefined), update: (f) => c.update(f), destroy: () => c.destroy() };
}
