/**
 * On-site messaging: renders Klarna placements from markup such as
 * `<div data-klarna-placement="credit-promotion-badge" data-amount="11800" data-locale="de-DE">`.
 *
 * `checkout.js` imports this module only when a page has placement markup and calls
 * `mountPlacements(document, {configUrl})`. On the first placement it fetches the messaging config,
 * imports Klarna's Web SDK from its `sdk_url` once, and mounts `klarna.Messaging.placement({key, amount,
 * currency, locale, theme})` into each element; it re-renders a placement when its attributes change,
 * mounts placements added later and unmounts removed ones. Each element gets a bubbling
 * `klarna-placement:rendered` or `klarna-placement:error` event; a bad attribute skips only that
 * placement, with one console warning naming the attribute and the element. No dependencies, no inline
 * styles or scripts. See docs/osm.md.
 */

/** The SDK's placement keys (Klarna Web SDK v2 `PlacementKey`). */
export const PLACEMENT_KEYS = Object.freeze([
  'checkout', 'credit-promotion-auto-size', 'credit-promotion-badge', 'footer', 'homepage-banner',
  'info-page', 'sidebar', 'top-strip-promotion-auto-size', 'top-strip-promotion-badge',
]);
/** The SDK's placement themes. */
export const THEMES = Object.freeze(['default', 'light', 'dark', 'outlined']);

/** The attributes a placement is read from; a change to any of them re-renders it. */
const ATTRIBUTES = ['data-klarna-placement', 'data-amount', 'data-currency', 'data-locale', 'data-theme'];
/** The only currency Klarna accepts in each market (the country part of the locale). */
const MARKET_CURRENCY = {
  AT: 'EUR', BE: 'EUR', DE: 'EUR', ES: 'EUR', FI: 'EUR', FR: 'EUR', GR: 'EUR', IE: 'EUR', IT: 'EUR', NL: 'EUR',
  PT: 'EUR', AU: 'AUD', CA: 'CAD', CH: 'CHF', CZ: 'CZK', DK: 'DKK', GB: 'GBP', HU: 'HUF', MX: 'MXN', NO: 'NOK',
  NZ: 'NZD', PL: 'PLN', RO: 'RON', SE: 'SEK', US: 'USD',
};
const LOCALE = /^[a-z]{2}-[A-Z]{2}$/;
// Through a variable: bundlers (Vite) would take `new URL('…', import.meta.url)` for an asset of theirs.
const MODULE_URL = import.meta.url;
const DEFAULT_CONFIG_URL = new URL('/v1/messaging/config', MODULE_URL).href;

/** @type {WeakMap<Node, Placements>} one controller per root */
const controllers = new WeakMap();
/** @type {Map<string, Promise<{config: MessagingConfig, klarna: object}>>} SDK per config URL, dropped on failure */
const environments = new Map();

/**
 * @typedef {{sdk_url: string, client_id: string, partner_account_id?: string, mode?: string,
 *   locales?: string[], currencies?: string[]}} MessagingConfig answer of `GET /v1/messaging/config`
 * @typedef {{key: string, theme: string, locale: string, amount?: number, currency?: string}} PlacementOptions
 *   what `Messaging.placement()` receives (amount in minor units)
 */

/**
 * Renders every `[data-klarna-placement]` element under `root` and keeps them current. Calling it again
 * with the same root returns the same controller. Never throws or rejects: problems go to the console
 * and to `klarna-placement:error` events.
 * @param {Document|Element|ShadowRoot} [root=document]
 * @param {{configUrl?: string|URL}} [options] `configUrl` defaults to `/v1/messaging/config` on this module's origin
 * @returns {Placements}
 */
export function mountPlacements(root = document, { configUrl = DEFAULT_CONFIG_URL } = {}) {
  let controller = controllers.get(root);
  if (!controller) {
    controller = new Placements(root, new URL(String(configUrl), document.baseURI).href);
    controllers.set(root, controller);
  }
  return controller;
}

/** Keeps the placements under one root rendered. */
class Placements {
  /** @param {Node} root @param {string} configUrl */
  constructor(root, configUrl) {
    this.root = root;
    this.configUrl = configUrl;
    /** @type {Map<Element, {generation: number, signature?: string, invalid?: boolean, handle?: {unmount(): unknown}}>} */
    this.states = new Map();
    /** @type {Set<Element>} */
    this.dirty = new Set();
    /** @type {Set<Promise<void>>} */
    this.pending = new Set();
    this.warnedEnvironment = null;
    this.observer = new MutationObserver((records) => this.onMutations(records));
    this.observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ATTRIBUTES });
    for (const el of root.querySelectorAll('[data-klarna-placement]')) this.schedule(el);
  }

  /** Resolves once every placement scheduled so far has rendered or failed. */
  async settled() {
    await Promise.resolve(); // let scheduled renders start
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Stops watching and unmounts every placement this controller mounted. */
  disconnect() {
    this.observer.disconnect();
    for (const el of [...this.states.keys()]) this.forget(el);
    controllers.delete(this.root);
  }

  /** @param {MutationRecord[]} records */
  onMutations(records) {
    for (const record of records) {
      if (record.type === 'attributes') {
        this.schedule(/** @type {Element} */ (record.target));
        continue;
      }
      for (const node of record.removedNodes) {
        for (const el of this.states.keys()) if (node === el || node.contains(el)) this.schedule(el);
      }
      for (const node of record.addedNodes) {
        if (node.nodeType !== Node.ELEMENT_NODE) continue;
        if (node.matches('[data-klarna-placement]')) this.schedule(node);
        for (const el of node.querySelectorAll('[data-klarna-placement]')) this.schedule(el);
      }
    }
  }

  /** Renders `el` in a microtask, so that several attribute changes at once render it once. */
  schedule(el) {
    if (this.dirty.size === 0) queueMicrotask(() => this.flush());
    this.dirty.add(el);
  }

  flush() {
    const elements = [...this.dirty];
    this.dirty.clear();
    for (const el of elements) {
      const present = el.hasAttribute('data-klarna-placement') && el.isConnected && this.root.contains(el);
      if (!present) {
        this.forget(el);
        continue;
      }
      const job = this.render(el);
      this.pending.add(job);
      job.finally(() => this.pending.delete(job));
    }
  }

  forget(el) {
    const state = this.states.get(el);
    if (!state) return;
    state.generation += 1; // a render still under way for it is dropped
    safeUnmount(state);
    el.removeAttribute('data-klarna-state');
    this.states.delete(el);
  }

  /** Reads, validates and (re-)mounts one placement. */
  async render(el) {
    let state = this.states.get(el);
    if (!state) this.states.set(el, (state = { generation: 0 }));
    // An attribute set to the value it had changes nothing (and a bad one is not reported twice).
    const signature = JSON.stringify(ATTRIBUTES.map((name) => el.getAttribute(name)).concat(inheritedLocale(el)));
    if (signature === state.signature && (state.handle || state.invalid)) return;
    const generation = ++state.generation;
    const current = () => generation === state.generation;
    Object.assign(state, { signature, invalid: false });
    el.setAttribute('data-klarna-state', 'loading');
    const read = readPlacement(el);
    if (read.problems) return this.fail(el, state, 'invalid_attribute', read.problems);
    let env;
    try {
      env = await this.environment(read.options.locale);
    } catch (error) {
      if (current()) this.fail(el, state, error.code ?? 'sdk_unavailable', [{ message: error.message }], error);
      return;
    }
    if (!current()) return;
    const options = withDefaults(read.options, env.config);
    if (options.problems) return this.fail(el, state, 'invalid_attribute', options.problems);
    let handle;
    try {
      handle = env.klarna.Messaging.placement(options);
      safeUnmount(state);
      handle.mount(el);
    } catch (error) {
      return this.fail(el, state, 'render_failed', [{ message: `Klarna refused it: ${error.message}` }]);
    }
    state.handle = handle;
    el.setAttribute('data-klarna-state', 'rendered');
    el.dispatchEvent(new CustomEvent('klarna-placement:rendered', { bubbles: true, detail: { ...options } }));
  }

  /**
   * Unmounts what `el` showed, warns once and dispatches `klarna-placement:error`.
   * @param {{attribute?: string, message: string}[]} problems
   */
  fail(el, state, code, problems, environmentError) {
    safeUnmount(state);
    state.invalid = code === 'invalid_attribute';
    el.setAttribute('data-klarna-state', 'error');
    const message = problems.map((p) => p.message).join('; ');
    // One warning per bad element; a config or SDK failure is reported once for all placements.
    if (!environmentError || this.warnedEnvironment !== environmentError) {
      if (environmentError) this.warnedEnvironment = environmentError;
      console.warn(`Klarna placement skipped: ${message}`, environmentError ? this.root : el);
    }
    const attributes = problems.map((p) => p.attribute).filter(Boolean);
    el.dispatchEvent(new CustomEvent('klarna-placement:error', { bubbles: true, detail: { code, message, attributes } }));
  }

  /** The messaging config and an SDK instance, loaded once per config URL (retried after a failure). */
  environment(locale) {
    let env = environments.get(this.configUrl);
    if (!env) {
      env = loadEnvironment(this.configUrl, locale);
      environments.set(this.configUrl, env);
      env.catch(() => environments.get(this.configUrl) === env && environments.delete(this.configUrl));
    }
    return env;
  }
}

function safeUnmount(state) {
  try { state.handle?.unmount(); } catch (error) { console.warn('Klarna placement: unmount failed', error); }
  state.handle = undefined;
}

/**
 * Reads a placement's attributes; `{problems}` names every bad one.
 * @param {Element} el
 * @returns {{options: PlacementOptions, problems?: undefined} | {problems: {attribute: string, message: string}[]}}
 */
function readPlacement(el) {
  const problems = [];
  const bad = (attribute, value, expected) =>
    problems.push({ attribute, message: `${attribute}=${JSON.stringify(value)} ${expected}` });
  const key = el.getAttribute('data-klarna-placement');
  if (!PLACEMENT_KEYS.includes(key)) bad('data-klarna-placement', key, `is not a placement key; expected one of ${PLACEMENT_KEYS.join(', ')}`);
  const theme = el.getAttribute('data-theme') ?? 'default';
  if (!THEMES.includes(theme)) bad('data-theme', theme, `is not a theme; expected one of ${THEMES.join(', ')}`);
  const rawAmount = el.getAttribute('data-amount');
  const amount = rawAmount === null ? undefined : Number(rawAmount);
  if (rawAmount !== null && !(/^\d+$/.test(rawAmount) && Number.isSafeInteger(amount))) {
    bad('data-amount', rawAmount, 'must be a whole number of minor units, e.g. 11800 for 118.00');
  }
  const locale = el.getAttribute('data-locale') ?? inheritedLocale(el);
  if (locale === undefined) {
    problems.push({ attribute: 'data-locale', message: 'data-locale is missing; expected a Klarna locale such as "de-DE"' });
  } else if (!LOCALE.test(locale)) {
    bad('data-locale', locale, 'is not a Klarna locale; expected language-COUNTRY such as "de-DE"');
  }
  const currency = el.getAttribute('data-currency') ?? undefined;
  if (currency !== undefined && !/^[A-Z]{3}$/.test(currency)) bad('data-currency', currency, 'is not an ISO 4217 code such as "EUR"');
  if (problems.length > 0) return { problems };
  return { options: { key, theme, locale, ...(amount !== undefined && { amount }), ...(currency && { currency }) } };
}

/** The nearest `lang` attribute, when it names a language and a country (normalized to "de-DE"). */
function inheritedLocale(el) {
  const lang = el.closest('[lang]')?.getAttribute('lang') ?? '';
  const m = /^([a-z]{2})[-_]([a-z]{2})$/i.exec(lang);
  return m ? `${m[1].toLowerCase()}-${m[2].toUpperCase()}` : undefined;
}

/**
 * Fills the currency from the locale's market and checks locale and currency against the config.
 * @param {PlacementOptions} options
 * @param {MessagingConfig} config
 */
function withDefaults(options, config) {
  const problems = [];
  const locales = Array.isArray(config.locales) ? config.locales : undefined;
  const currencies = Array.isArray(config.currencies) ? config.currencies : undefined;
  if (locales && !locales.includes(options.locale)) {
    problems.push({ attribute: 'data-locale', message: `data-locale="${options.locale}" is not a messaging locale; expected one of ${locales.join(', ')}` });
  }
  const market = MARKET_CURRENCY[options.locale.slice(3)];
  const currency = options.currency ?? market;
  if (market && currency !== market) {
    // Klarna takes one currency per market: a message in another would promise what checkout can't offer.
    problems.push({ attribute: 'data-currency', message: `data-currency="${currency}" is not the currency Klarna takes in ${options.locale.slice(3)}; expected ${market} for data-locale="${options.locale}"` });
  } else if (currency === undefined) {
    problems.push({ attribute: 'data-currency', message: `data-currency is missing and "${options.locale}" names no Klarna market to take it from` });
  } else if (currencies && !currencies.includes(currency)) {
    problems.push({ attribute: 'data-currency', message: `currency "${currency}" is not a messaging currency; expected one of ${currencies.join(', ')}` });
  }
  return problems.length > 0 ? { problems } : { ...options, currency };
}

/** Fetches the config, imports the SDK from its `sdk_url` and creates a MESSAGING instance. */
async function loadEnvironment(configUrl, locale) {
  const failed = (code, message) => Object.assign(new Error(message), { code });
  let config;
  try {
    const response = await fetch(configUrl, { credentials: 'omit', headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`answered HTTP ${response.status}`);
    config = await response.json();
  } catch (error) {
    throw failed('config_unavailable', `the messaging config could not be loaded from ${configUrl}: ${error.message}`);
  }
  for (const field of ['sdk_url', 'client_id']) {
    if (typeof config?.[field] !== 'string' || config[field] === '') {
      throw failed('config_invalid', `the messaging config from ${configUrl} has no "${field}"`);
    }
  }
  try {
    const { KlarnaSDK } = await import(/* webpackIgnore: true */ /* @vite-ignore */ config.sdk_url);
    const klarna = await KlarnaSDK({
      clientId: config.client_id,
      ...(config.partner_account_id && { partnerAccountId: config.partner_account_id }),
      products: ['MESSAGING'],
      locale,
    });
    return { config, klarna };
  } catch (error) {
    throw failed('sdk_unavailable', `Klarna's Web SDK could not be loaded from ${config.sdk_url}: ${error.message}`);
  }
}
