/**
 * Product page: price, Klarna messaging under it (its `data-amount` follows the quantity), Add to cart,
 * and Klarna's express button beside it: `[data-klarna-express]` markup that /checkout.js mounts (the
 * product's feature, docs/express.md). This page only keeps the button's `data-amount` and
 * `data-details` (the line being bought) current; lib/express.js answers shipping changes through the
 * store's backend and goes to the confirmation once Klarna's payment is authorized.
 */
import { PRODUCTS, findProduct, formatMoney } from './lib/catalog.js';
import { addToCart, clampQuantity } from './lib/basket.js';
import { initLayout } from './lib/layout.js';
import { handleExpress } from './lib/express.js';

const product = findProduct(new URLSearchParams(location.search).get('sku')) ?? PRODUCTS[0];
const form = document.querySelector('[data-buy-form]');
const quantityInput = form.elements.namedItem('quantity');
const placement = document.querySelector('[data-testid="osm-product"]');
const express = document.getElementById('express');
const status = document.querySelector('[data-status]');

/** @param {string} text @param {'info'|'error'|''} [kind] */
function say(text, kind = 'info') {
  status.textContent = text;
  status.dataset.kind = kind;
}

function quantity() {
  return clampQuantity(quantityInput.value);
}

/** What is being bought: the page's line, for the cart-less express button. */
function lines() {
  return [{ product, quantity: quantity(), total: product.price * quantity() }];
}

/** Messaging and the express button follow the quantity (both re-read their attributes). */
function syncAmounts() {
  const amount = String(product.price * quantity());
  placement.dataset.amount = amount;
  express.dataset.amount = amount;
  express.dataset.details = JSON.stringify({
    lines: [{ name: product.name, quantity: quantity(), unit_price: product.price }],
  });
}

function showProduct() {
  document.title = `${product.name} · Sneaker Shop (sandbox)`;
  document.querySelector('[data-product-name]').textContent = product.name;
  document.querySelector('[data-product-price]').textContent = formatMoney(product.price);
  document.querySelector('[data-product-description]').textContent = product.description;
  document.querySelector('[data-product-picture]').className = `product__picture picture--${product.tone}`;
  syncAmounts();
}

quantityInput.addEventListener('input', syncAmounts);
quantityInput.addEventListener('change', () => {
  quantityInput.value = String(quantity());
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  addToCart(product.sku, quantity());
  say(`Added ${quantity()} × ${product.name} to your cart.`);
});

handleExpress(express, { lines, say });
showProduct();
initLayout({ placements: false }); // /checkout.js renders this page's placements
