/**
 * What every store page shares: the cart count and the account link in the header, and Klarna's
 * on-site messaging. Page
 * modules set their placements' attributes first, then call `initLayout()`.
 *
 * Placements are rendered by `/osm.js`, the module `/checkout.js` loads on pages with placement markup;
 * the store imports it directly so its pages work with or without the loader (both share one module
 * instance, and `mountPlacements` is idempotent per root).
 */
import { mountPlacements } from '/osm.js';
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

/** Starts the shared parts; returns the placements controller (`settled()`, `disconnect()`). */
export function initLayout() {
  showCartCount();
  showAccount();
  window.addEventListener('store:cart-changed', showCartCount);
  window.addEventListener('storage', showCartCount); // another tab changed the cart
  return mountPlacements(document, { configUrl: new URL(MESSAGING_CONFIG_URL, location.href).href });
}
