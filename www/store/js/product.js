/**
 * Product page: price, Klarna messaging under it (its `data-amount` follows the quantity), Add to cart,
 * and Klarna's own payment button beside it as an express checkout.
 *
 * Express flow: the button's `initiate` creates a checkout session (`POST /demo/sessions`, the store's
 * sandbox backend) and authorizes it (`POST /v1/sessions/{id}/klarna/authorize`); APPROVED resolves
 * `{returnUrl}`, STEP_UP_REQUIRED `{paymentRequestId}` (Klarna's journey runs), DECLINED rejects. On the
 * SDK's `complete` event the result is reported (`POST /v1/sessions/{id}/result`) and the shopper goes to
 * the confirmation page.
 */
import { MARKET, PRODUCTS, findProduct, formatMoney } from './lib/catalog.js';
import { addToCart, clampQuantity } from './lib/basket.js';
import { initLayout } from './lib/layout.js';
import { loadKlarna } from './lib/klarna.js';
import { authorize, createSession, postResult } from './lib/api.js';
import { confirmationUrl, rememberOrder } from './lib/orders.js';
import { bindPersonaSelect } from './lib/persona.js';

const product = findProduct(new URLSearchParams(location.search).get('sku')) ?? PRODUCTS[0];
const form = document.querySelector('[data-buy-form]');
const quantityInput = form.elements.namedItem('quantity');
const personaSelect = form.elements.namedItem('persona');
const placement = document.querySelector('[data-testid="osm-product"]');
const status = document.querySelector('[data-status]');

/** @param {string} text @param {'info'|'error'|''} [kind] */
function say(text, kind = 'info') {
  status.textContent = text;
  status.dataset.kind = kind;
}

function quantity() {
  return clampQuantity(quantityInput.value);
}

function showProduct() {
  document.title = `${product.name} · Sneaker Shop (sandbox)`;
  document.querySelector('[data-product-name]').textContent = product.name;
  document.querySelector('[data-product-price]').textContent = formatMoney(product.price);
  document.querySelector('[data-product-description]').textContent = product.description;
  document.querySelector('[data-product-picture]').className = `product__picture picture--${product.tone}`;
  placement.dataset.amount = String(product.price * quantity());
}

quantityInput.addEventListener('input', () => {
  placement.dataset.amount = String(product.price * quantity()); // osm.js re-renders the message
});
quantityInput.addEventListener('change', () => {
  quantityInput.value = String(quantity());
});
form.addEventListener('submit', (event) => {
  event.preventDefault();
  addToCart(product.sku, quantity());
  say(`Added ${quantity()} × ${product.name} to your cart.`);
});

// ── express checkout ────────────────────────────────────────────────────────────

/** The session being paid through the express button (set by `initiate`). */
let express;

async function initiate({ klarnaNetworkSessionToken, paymentOptionId } = {}) {
  say('');
  const lines = [{ product, quantity: quantity(), total: product.price * quantity() }];
  const session = await createSession({ persona: personaSelect.value, amount: lines[0].total });
  rememberOrder({ session: session.id, clientSecret: session.client_secret, lines, currency: MARKET.currency, via: 'express' });
  express = { session, transactionId: undefined, declined: false };
  const outcome = await authorize(session, { klarnaNetworkSessionToken, paymentOptionId });
  switch (outcome.result) {
    case 'APPROVED':
      express.transactionId = outcome.payment_transaction_id;
      return { returnUrl: confirmationUrl(session.id) };
    case 'STEP_UP_REQUIRED':
      return { paymentRequestId: outcome.payment_request_id };
    default:
      express.declined = true;
      throw new Error('Klarna declined this purchase.');
  }
}

async function onComplete(paymentRequest) {
  const current = express;
  if (!current) return true;
  const token = paymentRequest?.stateContext?.klarnaNetworkSessionToken;
  const result = current.transactionId
    ? { outcome: 'authorized', payment_transaction_id: current.transactionId }
    : { outcome: 'authorized', payment_request_id: paymentRequest?.paymentRequestId, klarna_network_session_token: token };
  try {
    await postResult(current.session, result);
  } catch (error) {
    say(`Klarna approved the payment, but we could not record it: ${error.message}`, 'error');
    return false;
  }
  location.assign(confirmationUrl(current.session.id));
  return false; // we navigate ourselves, after recording the result
}

function onAbort() {
  if (express) postResult(express.session, { outcome: 'aborted' }).catch(() => {});
  express = undefined;
  say('You closed Klarna. Nothing was charged; you can try again.');
}

function onError(error) {
  const declined = express?.declined === true;
  if (express) {
    const result = declined ? { outcome: 'declined' } : { outcome: 'error', error_code: String(error?.code ?? 'unknown') };
    postResult(express.session, result).catch(() => {});
  }
  express = undefined;
  say(declined ? 'Klarna declined this purchase. Please choose another way to pay.'
    : 'Paying with Klarna did not work this time. Please try again or add the item to your cart.', 'error');
}

async function mountExpressButton() {
  try {
    const klarna = await loadKlarna(MARKET.locale);
    klarna.Payment.on('complete', onComplete);
    klarna.Payment.on('abort', onAbort);
    klarna.Payment.on('error', onError);
    klarna.Payment.button({ initiate, locale: MARKET.locale, theme: 'default', shape: 'default' })
      .mount(document.getElementById('express'));
  } catch (error) {
    console.warn('Express checkout unavailable:', error);
    document.getElementById('express').hidden = true;
  }
}

bindPersonaSelect(personaSelect);
showProduct();
initLayout();
mountExpressButton();
