/**
 * Fills the abandoned-cart e-mail template (`/store/email/abandoned-cart.html`) from a JSON of the cart.
 * Pure string work, no DOM: it runs in a browser (the preview page) and in Node (a mailing job) alike.
 *
 * The Klarna line is static text, because e-mails run no scripts. A sender that calls Klarna's On-site
 * messaging API (placement `credit-promotion-badge`) at send time passes its text as
 * `cart.klarna_message`; without it this module writes a sandbox stand-in from the cart total.
 */

/**
 * @typedef {object} EmailCart
 * @property {string} locale Klarna locale, e.g. "en-GB"
 * @property {string} currency ISO 4217
 * @property {{given_name?: string}=} customer
 * @property {string} cart_url
 * @property {{name: string, quantity: number, unit_price: number}[]} lines unit_price in minor units
 * @property {string=} klarna_message the OSM API's text, when the sender fetched it
 */

const MIN = 100; // Klarna's instalment range in the sandbox: 1.00 …
const MAX = 1_000_000; // … 10,000.00
/** Sandbox stand-ins for the OSM API's credit-promotion-badge text (not Klarna's wording). */
const STAND_IN = {
  en: { amount: 'Pay in 3 interest-free payments of {installment}.', generic: 'Buy now, pay later with Klarna.' },
  de: { amount: 'Bezahle in 3 zinsfreien Raten zu je {installment}.', generic: 'Jetzt kaufen, später bezahlen mit Klarna.' },
};

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function money(minor, currency, locale) {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minor / 100);
}

/** Throws a TypeError naming the first bad field of `cart`. */
function validate(cart) {
  const bad = (field, expected) => { throw new TypeError(`abandoned-cart e-mail: "${field}" ${expected}`); };
  if (!cart || typeof cart !== 'object') bad('$', 'must be an object');
  if (!/^[a-z]{2}-[A-Z]{2}$/.test(cart.locale ?? '')) bad('locale', 'must be a Klarna locale like "en-GB"');
  if (!/^[A-Z]{3}$/.test(cart.currency ?? '')) bad('currency', 'must be an ISO 4217 code like "GBP"');
  if (typeof cart.cart_url !== 'string' || !/^https?:\/\//.test(cart.cart_url)) bad('cart_url', 'must be an http(s) URL');
  if (!Array.isArray(cart.lines) || cart.lines.length === 0) bad('lines', 'must be a non-empty array');
  cart.lines.forEach((line, i) => {
    if (typeof line?.name !== 'string' || line.name === '') bad(`lines[${i}].name`, 'must be a non-empty string');
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) bad(`lines[${i}].quantity`, 'must be a whole number ≥ 1');
    if (!Number.isSafeInteger(line.unit_price) || line.unit_price < 0) bad(`lines[${i}].unit_price`, 'must be minor units ≥ 0');
  });
}

/** The Klarna line for `total`: the OSM API's text when given, else the sandbox stand-in. */
export function klarnaMessage(cart, total) {
  if (typeof cart.klarna_message === 'string' && cart.klarna_message.trim() !== '') return cart.klarna_message;
  const texts = STAND_IN[cart.locale.slice(0, 2)] ?? STAND_IN.en;
  if (total < MIN || total > MAX) return texts.generic;
  return texts.amount.replace('{installment}', money(Math.ceil(total / 3), cart.currency, cart.locale));
}

/**
 * The e-mail's HTML: `template` with every placeholder filled (values HTML-escaped).
 * @param {string} template the contents of abandoned-cart.html
 * @param {EmailCart} cart
 */
export function renderAbandonedCartEmail(template, cart) {
  validate(cart);
  const fmt = (minor) => money(minor, cart.currency, cart.locale);
  const total = cart.lines.reduce((sum, l) => sum + l.unit_price * l.quantity, 0);
  const fill = (text, values) => text.replace(/\{\{([a-z_]+)\}\}/g, (_, name) => {
    if (!(name in values)) throw new TypeError(`abandoned-cart e-mail: the template's {{${name}}} has no value`);
    return escapeHtml(values[name]);
  });
  const withLines = template.replace(/<!--\{\{#lines\}\}-->([\s\S]*?)<!--\{\{\/lines\}\}-->/, (_, row) =>
    cart.lines.map((l) => fill(row, { quantity: l.quantity, name: l.name, line_total: fmt(l.unit_price * l.quantity) })).join(''));
  return fill(withLines, {
    lang: cart.locale,
    given_name: cart.customer?.given_name || 'there',
    total: fmt(total),
    cart_url: cart.cart_url,
    klarna_message: klarnaMessage(cart, total),
  });
}
