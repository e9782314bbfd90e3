/**
 * The shopping cart, kept in localStorage as `[{sku, quantity}]`. Names and prices always come from the
 * catalogue, never from storage. Every change dispatches `store:cart-changed` on `window`.
 */
import { findProduct } from './catalog.js';

const KEY = 'khc-store:cart';
export const MAX_QUANTITY = 10;

/**
 * @typedef {object} CartLine
 * @property {import('./catalog.js').Product} product
 * @property {number} quantity
 * @property {number} total minor units
 */

function load() {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(stored) ? stored : [];
  } catch {
    return [];
  }
}

function save(items) {
  try {
    localStorage.setItem(KEY, JSON.stringify(items));
  } catch {
    // Storage disabled or full: the cart lives only as long as this page.
  }
  window.dispatchEvent(new CustomEvent('store:cart-changed'));
}

/** A quantity clamped to 1…MAX_QUANTITY (NaN → 1). */
export function clampQuantity(value) {
  const n = Math.trunc(Number(value));
  return Number.isFinite(n) ? Math.min(MAX_QUANTITY, Math.max(1, n)) : 1;
}

/** @returns {CartLine[]} the lines whose product still exists */
export function cartLines() {
  return load().flatMap(({ sku, quantity }) => {
    const product = findProduct(sku);
    if (!product) return [];
    const q = clampQuantity(quantity);
    return [{ product, quantity: q, total: product.price * q }];
  });
}

/** Sum of the lines, minor units. */
export function cartTotal(lines = cartLines()) {
  return lines.reduce((sum, line) => sum + line.total, 0);
}

/** Number of items (sum of quantities). */
export function cartCount(lines = cartLines()) {
  return lines.reduce((sum, line) => sum + line.quantity, 0);
}

/** Adds `quantity` of `sku` (merging with an existing line). */
export function addToCart(sku, quantity) {
  const items = load().filter((i) => findProduct(i.sku));
  const line = items.find((i) => i.sku === sku);
  if (line) line.quantity = clampQuantity(clampQuantity(line.quantity) + clampQuantity(quantity));
  else items.push({ sku, quantity: clampQuantity(quantity) });
  save(items);
}

/** Sets the quantity of `sku`'s line. */
export function setQuantity(sku, quantity) {
  save(load().map((i) => (i.sku === sku ? { sku, quantity: clampQuantity(quantity) } : i)));
}

/** Removes `sku`'s line. */
export function removeLine(sku) {
  save(load().filter((i) => i.sku !== sku));
}

/** Empties the cart (after an order). */
export function clearCart() {
  save([]);
}
