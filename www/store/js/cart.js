/**
 * Cart page: the lines from localStorage (quantities editable), the total, Klarna messaging near it
 * (`credit-promotion-auto-size` and the `checkout` placement), whose `data-amount` follows the total, and
 * Klarna's express button under "Go to checkout", mounted from script with
 * `KlarnaHostedCheckout.express()` (checkout.js, docs/express.md) and updated with the total.
 */
import { MARKET, formatMoney } from './lib/catalog.js';
import { cartLines, cartTotal, clearCart, removeLine, setQuantity } from './lib/basket.js';
import { initLayout } from './lib/layout.js';
import { handleExpress } from './lib/express.js';

const body = document.querySelector('[data-cart-lines]');
const template = document.getElementById('cart-line');
const placements = document.querySelectorAll('.cart__osm[data-klarna-placement]');
const slot = document.getElementById('express');
const status = document.querySelector('[data-status]');

function say(text, kind = 'info') {
  status.textContent = text;
  status.dataset.kind = kind;
}

function lineRow({ product, quantity, total }) {
  const row = template.content.firstElementChild.cloneNode(true);
  const id = `quantity-${product.sku}`;
  const link = row.querySelector('.cart__name a');
  link.href = `/store/product.html?sku=${encodeURIComponent(product.sku)}`;
  link.textContent = product.name;
  const label = row.querySelector('label');
  label.htmlFor = id;
  label.textContent = `Quantity of ${product.name}`;
  const input = row.querySelector('input');
  input.id = id;
  input.value = String(quantity);
  input.addEventListener('change', () => setQuantity(product.sku, input.value));
  row.querySelector('.cart__total').textContent = formatMoney(total);
  const remove = row.querySelector('.cart__remove');
  remove.textContent = 'Remove';
  remove.setAttribute('aria-label', `Remove ${product.name}`);
  remove.addEventListener('click', () => {
    removeLine(product.sku);
    document.getElementById('main').focus(); // the button is gone; keep focus in the page
  });
  return row;
}

/** The express button's handle (a promise of it), while the cart has lines. */
let express;

function syncExpress(lines, total) {
  const details = { lines: lines.map((l) => ({ name: l.product.name, quantity: l.quantity, unit_price: l.product.price })) };
  if (lines.length === 0) {
    express?.then((h) => h.destroy(), () => {});
    express = undefined;
  } else if (express) {
    express.then((h) => h.update({ amount: total, details }), () => {});
  } else {
    express = window.KlarnaHostedCheckout.express({
      target: slot, amount: total, currency: MARKET.currency, locale: MARKET.locale, details,
      sessionUrl: '/demo/api/express/sessions', shipping: 'options',
    });
    express.catch((e) => console.warn('Express checkout unavailable:', e));
  }
}

function render() {
  const lines = cartLines();
  const total = cartTotal(lines);
  document.querySelector('[data-cart-empty]').hidden = lines.length > 0;
  document.querySelector('[data-cart]').hidden = lines.length === 0;
  const focusedId = document.activeElement?.id;
  body.replaceChildren(...lines.map(lineRow));
  if (focusedId) document.getElementById(focusedId)?.focus();
  document.querySelector('[data-cart-total]').textContent = formatMoney(total);
  for (const el of placements) el.dataset.amount = String(total); // osm.js re-renders on change
  syncExpress(lines, total);
}

handleExpress(slot, { lines: cartLines, say, done: clearCart });
window.addEventListener('store:cart-changed', render);
window.addEventListener('storage', render);
render();
initLayout({ placements: false }); // /checkout.js renders this page's placements
