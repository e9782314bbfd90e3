/**
 * What every store page shares: the cart count and the account link in the header, and Klarna's
 * on-site messaging. Page
 * modules set their placements' attributes first, then call `initLayout()`.
 *
 * Placements are rendered by `/osm.js`, imported directly on the pages without /checkout.js; the pages
 * with it (product, cart, login) leave them to checkout.js's own versioned copy.
 */
import { cartCount } from './basket.js';
import { MESSAGING_CONFIG_URL } from './klarna.js';
import { currentAccount } from './account.js';

/** The header's account link: "Sign in", or the signed-in shopper's name. */
export function showAccount() {
  const account = currentAccount();
  for (const link of document.querySelectorAll('[data-account-link]')) {
    link.textContent = account ? `Account (${account.name})` : 'Sign in';
  }
}

function showCartCount() {
  const count = cartCount();
  for (const el of document.querySelectorAll('[data-cart-count]')) el.textContent = String(count);
  for (const link of document.querySelectorAll('[data-cart-link]')) {
    link.setAttribute('aria-label', `Cart, ${count} ${count === 1 ? 'item' : 'items'}`);
  }
}

/**
 * Starts the shared parts; resolves with the placements controller (`settled()`, `disconnect()`), or
 * `undefined` with `placements: false`: pages that load /checkout.js (product, cart, login) leave the
 * placements to it, since it loads its own versioned copy of osm.js and two copies would render each
 * placement twice (and such pages don't fetch /osm.js at all).
 */
export function initLayout({ placements = true } = {}) {
  showCartCount();
  showAccount();
  window.addEventListener('store:cart-changed', showCartCount);
  window.addEventListener('storage', showCartCount); // another tab changed the cart
  if (!placements) return Promise.resolve(undefined);
  const configUrl = new URL(MESSAGING_CONFIG_URL, location.href).href;
  return import('/osm.js').then((m) => m.mountPlacements(document, { configUrl }));
}
