/**
 * Checks shared by the express button and Sign in with Klarna: each bad
 * option is an `OptionError` naming the option (or its `data-*` attribute)
 * and what was expected, so the merchant sees exactly what to fix and
 * nothing is mounted half-way.
 */

/** The only currency Klarna accepts in each market (the country of the locale). */
export const MARKET_CURRENCY = Object.freeze({
  AT: 'EUR', BE: 'EUR', DE: 'EUR', ES: 'EUR', FI: 'EUR', FR: 'EUR', GR: 'EUR', IE: 'EUR', IT: 'EUR', NL: 'EUR',
  PT: 'EUR', AU: 'AUD', CA: 'CAD', CH: 'CHF', CZ: 'CZK', DK: 'DKK', GB: 'GBP', HU: 'HUF', MX: 'MXN', NO: 'NOK',
  NZ: 'NZD', PL: 'PLN', RO: 'RON', SE: 'SEK', US: 'USD',
});
/** Klarna's button themes and shapes. */
export const THEMES = ['default', 'light', 'dark', 'outlined'];
export const SHAPES = ['default', 'pill', 'rect'];

const describe = (v) => (typeof v === 'string' ? JSON.stringify(v) : v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

/** A bad option: `option` is its name (`amount`) or attribute (`data-amount`). */
export class OptionError extends TypeError {
  constructor(option, expected, got) {
    super(`${option}: expected ${expected}, got ${describe(got)}`);
    this.name = 'OptionError';
    this.option = option;
  }
}

/**
 * Reads options through `name(key)` (the option name, or its attribute for
 * markup) and throws an `OptionError` for the first bad one.
 */
export function checker(name) {
  const fail = (key, expected, got) => {
    throw new OptionError(name(key), expected, got);
  };
  return {
    fail,
    target(v) {
      const el = typeof v === 'string' ? document.querySelector(v) : v;
      if (!(el instanceof Element)) fail('target', 'a CSS selector or an element of this page', v);
      return el;
    },
    locale(v) {
      if (typeof v !== 'string' || !/^[a-z]{2}-[A-Z]{2}$/.test(v)) fail('locale', 'a Klarna locale such as en-GB', v);
      if (!MARKET_CURRENCY[v.slice(3)]) fail('locale', `a locale of a Klarna market (${Object.keys(MARKET_CURRENCY).join(', ')})`, v);
      return v;
    },
    amount(v) {
      if (!Number.isSafeInteger(v) || v <= 0) fail('amount', 'a positive whole number of minor units (11800 for 118.00)', v);
      return v;
    },
    currency(v, locale) {
      const want = MARKET_CURRENCY[locale.slice(3)];
      if (v !== want) fail('currency', `${want}, the currency Klarna takes in ${locale.slice(3)} (locale ${locale})`, v);
      return v;
    },
    oneOf(key, v, list, fallback) {
      if (v === undefined) return fallback;
      if (!list.includes(v)) fail(key, `one of ${list.join(', ')}`, v);
      return v;
    },
    fn(key, v) {
      if (v !== undefined && typeof v !== 'function') fail(key, 'a function', v);
      return v;
    },
    url(key, v) {
      if (typeof v !== 'string' || !v) return fail(key, 'an http(s) URL', v);
      try {
        const u = new URL(v, document.baseURI);
        if (/^https?:$/.test(u.protocol)) return u.href;
      } catch {
        // reported below
      }
      return fail(key, 'an http(s) URL', v);
    },
  };
}

/** Reports a bad option: console error, `error` event to the merchant; nothing is mounted. */
export function reportOptionError(error, emit) {
  console.error(error);
  emit({ type: 'error', code: error instanceof OptionError ? 'invalid_option' : 'invalid_config', option: error.option, message: error.message });
}

/**
 * Sends an event to `onEvent` (a throwing handler is logged, not fatal) and
 * as a `<prefix>:<type>` CustomEvent bubbling from `target`.
 */
export function emitter(prefix, target, onEvent) {
  return (event) => {
    try {
      if (typeof onEvent === 'function') onEvent(event);
    } catch (e) {
      console.error('klarna-hosted-checkout: an onEvent handler threw', e);
    }
    if (target instanceof Element) target.dispatchEvent(new CustomEvent(`${prefix}:${event.type}`, { detail: event, bubbles: true }));
  };
}

/** `read(options, name)`, or the bad option reported to the merchant and thrown. */
export function validated(read, options, name, prefix) {
  try {
    return read(options, name);
  } catch (e) {
    const target = typeof options?.target === 'string' ? document.querySelector(options.target) : options?.target;
    reportOptionError(e, emitter(prefix, target, options?.onEvent));
    throw e;
  }
}
