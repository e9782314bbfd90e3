/**
 * `Messaging.placement(options)` (r8 and v2): a localized on-site message, amount-based when an amount in
 * Klarna's range is given, generic otherwise (`WSDK/v2/interfaces/messaging.KlarnaPlacementOptions.html`).
 */
import { ASSETS, ensureStylesheet, h, resolveTarget } from './dom.js';
import { FACTS, countryOf, fill, formatMoney } from './decide.js';
import { TEXTS, languageOf } from './texts.js';
import { currencyCode, invalid, minorUnits, onlyFields, optionalLocale, optionalOneOf, optionalString, requireObject } from './validate.js';

/** @typedef {import('../klarna-websdk').R8.KlarnaPlacement} KlarnaPlacement */
/** @typedef {import('../klarna-websdk').R8.PlacementKey} PlacementKey */

/** `WSDK/v2-r6/enums/klarna.PlacementKey.html`. */
export const PLACEMENT_KEYS = /** @type {const} */ ([
  'checkout', 'credit-promotion-auto-size', 'credit-promotion-badge', 'footer', 'homepage-banner',
  'info-page', 'sidebar', 'top-strip-promotion-auto-size', 'top-strip-promotion-badge',
]);
const THEMES = /** @type {const} */ (['default', 'light', 'dark', 'outlined']);
const FIELDS = ['key', 'amount', 'currency', 'locale', 'theme', 'messagePrefix', 'instance'];

/**
 * @param {any} sdk
 * @param {any} options
 * @returns {KlarnaPlacement}
 */
export function createPlacement(sdk, options) {
  const where = 'Messaging.placement';
  requireObject(where, 'options', options);
  onlyFields(where, options, FIELDS, 'KlarnaPlacementOptions');
  const key = /** @type {PlacementKey} */ (options.key);
  if (!PLACEMENT_KEYS.includes(key)) throw invalid(where, 'key', `must be one of ${PLACEMENT_KEYS.join(', ')}`, options.key);
  const theme = optionalOneOf(where, 'theme', options.theme, THEMES) ?? 'default';
  const amount = options.amount === undefined ? undefined : minorUnits(where, 'amount', options.amount);
  if (options.currency !== undefined) currencyCode(where, 'currency', options.currency);
  optionalLocale(where, 'locale', options.locale);
  optionalString(where, 'messagePrefix', options.messagePrefix);
  optionalString(where, 'instance', options.instance);
  const locale = options.locale ?? sdk.locale;
  const currency = options.currency ?? FACTS.markets[countryOf(locale) ?? '']?.currency;
  if (amount !== undefined && !currency) {
    throw invalid(where, 'currency', 'is needed with an amount when the locale is not of a Klarna market', options.currency);
  }
  const t = TEXTS[languageOf(locale)];
  const { min, max } = FACTS.amount_range;
  const inRange = amount !== undefined && amount >= min && amount <= max;
  const message = inRange
    ? fill(t.placementAmount, { installment: formatMoney(Math.ceil(amount / 3), currency, locale) })
    : t.placementGeneric;
  const text = options.messagePrefix ? `${options.messagePrefix} ${message}` : message;
  sdk.record('placement', [options], { result: { text } });

  /** @type {HTMLElement|undefined} */
  let node;
  /** @type {KlarnaPlacement} */
  const handle = {
    key,
    /** The message text (a sandbox extra, handy in tests). */
    text,
    mount(target) {
      sdk.record('mount', ['placement', typeof target === 'string' ? target : `[Element ${target?.nodeName}]`]);
      const container = resolveTarget('placement.mount', target);
      ensureStylesheet();
      node ??= h('div', {
        class: `klarna-sandbox-placement klarna-sandbox-placement--${key} klarna-sandbox-theme--${theme}`,
        'data-testid': 'klarna-placement', 'data-placement-key': key,
      }, h('img', { class: 'klarna-sandbox-placement__logo', src: ASSETS.badge, alt: 'Klarna' }),
      h('span', { class: 'klarna-sandbox-placement__text', text }));
      container.appendChild(node);
      return handle;
    },
    unmount() {
      sdk.record('unmount', ['placement']);
      node?.remove();
      return handle;
    },
  };
  return Object.freeze(handle);
}
