/**
 * Checkout page: creates a checkout session for the cart (`POST /demo/sessions`, the store's sandbox
 * backend), then embeds the hosted payment page with the loader's script tag:
 *
 *   <script src="/checkout.js" data-session="hcs_…" data-client-secret="hcs_secret_…" data-target="#pay" async>
 *
 * `checkout.js` builds the iframe inside `#pay` and dispatches `klarna-checkout:<event>` CustomEvents on
 * it; `klarna-checkout:authorized` takes the shopper to the confirmation page.
 */
import { MARKET, formatMoney } from './lib/catalog.js';
import { cartLines, cartTotal, clearCart } from './lib/basket.js';
import { initLayout } from './lib/layout.js';
import { createSession } from './lib/api.js';
import { confirmationUrl, rememberOrder } from './lib/orders.js';
import { bindPersonaSelect } from './lib/persona.js';

const LOADER_URL = '/checkout.js';
const form = document.querySelector('[data-start-form]');
const target = document.getElementById('pay');
const status = document.querySelector('[data-status]');

function say(text, kind = 'info') {
  status.textContent = text;
  status.dataset.kind = kind;
}

function showSummary(lines) {
  document.querySelector('[data-checkout-empty]').hidden = lines.length > 0;
  document.querySelector('[data-checkout]').hidden = lines.length === 0;
  document.querySelector('[data-summary-lines]').replaceChildren(...lines.map((line) => {
    const li = document.createElement('li');
    li.textContent = `${line.quantity} × ${line.product.name}: ${formatMoney(line.total)}`;
    return li;
  }));
  document.querySelector('[data-summary-total]').textContent = formatMoney(cartTotal(lines));
}

/** Inserts the loader's script tag for `session`; the loader does the rest. */
function embed(session) {
  const script = document.createElement('script');
  script.src = LOADER_URL;
  script.async = true;
  script.dataset.session = session.id;
  script.dataset.clientSecret = session.client_secret;
  script.dataset.target = '#pay';
  script.addEventListener('error', () => say('The payment page could not be loaded. Please try again later.', 'error'));
  document.body.append(script);
}

let session;

target.addEventListener('klarna-checkout:authorized', () => {
  clearCart();
  location.assign(confirmationUrl(session.id));
});
target.addEventListener('klarna-checkout:declined', () => say('Klarna declined this purchase. Please choose another way to pay.', 'error'));
target.addEventListener('klarna-checkout:aborted', () => say('You closed Klarna. Nothing was charged; you can try again.'));
target.addEventListener('klarna-checkout:error', (event) => {
  say(`Something went wrong with the payment (${event.detail?.code ?? 'error'}). Please try again.`, 'error');
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const lines = cartLines();
  if (lines.length === 0) return showSummary(lines);
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  say('Preparing your payment…');
  try {
    session = await createSession({ persona: form.elements.namedItem('persona').value, amount: cartTotal(lines) });
  } catch (error) {
    button.disabled = false;
    return say(`We could not start the payment: ${error.message}`, 'error');
  }
  rememberOrder({ session: session.id, clientSecret: session.client_secret, lines, currency: MARKET.currency, via: 'checkout' });
  target.dataset.sessionId = session.id;
  form.hidden = true;
  say('');
  embed(session);
});

bindPersonaSelect(form.elements.namedItem('persona'));
showSummary(cartLines());
initLayout();
