/**
 * The express button from markup (docs/express.md):
 *
 *   <div data-klarna-express data-amount="11800" data-currency="GBP" data-locale="en-GB"
 *        data-session-url="/klarna/express-session" data-details='{"sku":"classic-canvas"}'></div>
 *
 * A change of `data-amount`, `data-currency`, `data-locale` or `data-details`
 * updates the mounted button; a change of the others mounts it again. Events
 * arrive as `klarna-express:<type>` CustomEvents on the element.
 */
import { express, readOptions } from './express.js';
import { inheritedLocale, watchMarkup } from './markup.js';
import { emitter, OptionError, reportOptionError } from './options.js';

const ATTRIBUTE = {
  target: 'data-klarna-express',
  amount: 'data-amount',
  currency: 'data-currency',
  locale: 'data-locale',
  sessionUrl: 'data-session-url',
  createSession: 'data-session-url',
  details: 'data-details',
  theme: 'data-theme',
  shape: 'data-shape',
  shipping: 'data-shipping',
};
const ATTRIBUTES = Object.values(ATTRIBUTE).filter((a, i, all) => a !== 'data-klarna-express' && all.indexOf(a) === i);
const name = (k) => ATTRIBUTE[k] ?? k;
/** Options whose change the mounted button takes without mounting again. */
const UPDATABLE = ['amount', 'currency', 'locale', 'details'];

function fromAttributes(el) {
  const a = (n) => el.getAttribute(n) ?? undefined;
  const amount = a('data-amount');
  let details;
  if (a('data-details') !== undefined) {
    try {
      details = JSON.parse(a('data-details'));
    } catch {
      throw new OptionError('data-details', 'JSON such as {"sku":"classic-canvas","quantity":1}', a('data-details'));
    }
  }
  return {
    target: el,
    amount: amount !== undefined && /^\d+$/.test(amount) ? Number(amount) : amount,
    currency: a('data-currency'),
    locale: a('data-locale') ?? inheritedLocale(el),
    sessionUrl: a('data-session-url'),
    details,
    theme: a('data-theme'),
    shape: a('data-shape'),
    shipping: a('data-shipping'),
  };
}

const last = new WeakMap();

/** Mounts every `[data-klarna-express]` under `root` and keeps them current; returns `{disconnect()}`. */
export function mountAll(root, baseUrl) {
  return watchMarkup(root, '[data-klarna-express]', ATTRIBUTES, (el, previous) => {
    let o;
    try {
      o = fromAttributes(el);
      readOptions(o, name);
    } catch (e) {
      reportOptionError(e, emitter('klarna-express', el));
      throw e;
    }
    const before = last.get(el);
    last.set(el, o);
    const onlyUpdates = before && Object.keys(o).every((k) => UPDATABLE.includes(k) || k === 'target' || o[k] === before[k]);
    if (previous && onlyUpdates) {
      const { amount, currency, locale, details } = o;
      previous.update({ amount, currency, locale, details }).catch((e) => console.error(e));
      return previous;
    }
    previous?.destroy();
    return express(o, baseUrl, name);
  });
}
