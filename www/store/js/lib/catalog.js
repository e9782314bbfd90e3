/**
 * The demo store's catalogue and market. Prices are integer minor units of the market currency; the
 * store sells in the United Kingdom only (GBP, Klarna locale en-GB).
 */

/** The store's Klarna market: the `country` sent to `/demo/sessions`, the placements' locale. */
export const MARKET = Object.freeze({ country: 'GB', locale: 'en-GB', currency: 'GBP' });

/**
 * @typedef {object} Product
 * @property {string} sku
 * @property {string} name
 * @property {number} price minor units
 * @property {string} description
 * @property {string} tone a CSS modifier for the product's placeholder picture
 */

/** @type {readonly Product[]} */
export const PRODUCTS = Object.freeze([
  {
    sku: 'classic-canvas',
    name: 'Classic canvas sneakers',
    price: 11800,
    description: 'Low-top canvas sneakers with a natural rubber sole. Made to be worn every day.',
    tone: 'sand',
  },
  {
    sku: 'trail-runner',
    name: 'Trail running shoes',
    price: 14900,
    description: 'Grippy, light and water-repellent, for muddy paths and long weekends.',
    tone: 'moss',
  },
  {
    sku: 'merino-socks',
    name: 'Merino wool socks, 2 pairs',
    price: 2400,
    description: 'Soft, warm and breathable socks in fine merino wool.',
    tone: 'berry',
  },
]);

/** The product with `sku`, or undefined. */
export function findProduct(sku) {
  return PRODUCTS.find((p) => p.sku === sku);
}

const formatter = new Intl.NumberFormat(MARKET.locale, { style: 'currency', currency: MARKET.currency });

/** Formats minor units of the market currency for display ("£118.00"). */
export function formatMoney(minor) {
  return formatter.format(minor / 100);
}
