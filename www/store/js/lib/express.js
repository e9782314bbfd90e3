/**
 * The store's side of Klarna's express button (markup that /checkout.js mounts, docs/express.md): it
 * answers Klarna's shipping changes through the store's backend (`POST /demo/api/express/shipping`, which
 * patches the session before answering), records the order and goes to the confirmation on `authorized`,
 * and tells the shopper what happened otherwise.
 */
import { MARKET } from './catalog.js';
import { confirmationUrl, rememberOrder } from './orders.js';

async function shippingAnswer(body) {
  const r = await fetch('/demo/api/express/shipping', {
    method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`the shop could not price the shipping (HTTP ${r.status})`);
  return r.json();
}

/**
 * Wires the express button in `slot`.
 * @param {Element} slot the `[data-klarna-express]` element
 * @param {{lines: () => import('./basket.js').CartLine[], say: (text: string, kind?: string) => void, done?: () => void}} page
 */
export function handleExpress(slot, { lines, say, done }) {
  slot.addEventListener('klarna-express:shipping_address_change', (e) => {
    e.detail.updateWith(shippingAnswer({ session_id: e.detail.session_id, address: e.detail.address }));
  });
  slot.addEventListener('klarna-express:shipping_option_select', (e) => {
    e.detail.updateWith(shippingAnswer({ session_id: e.detail.session_id, option: e.detail.option }));
  });
  slot.addEventListener('klarna-express:authorized', (e) => {
    const { session_id, payment_transaction_id, amount, shipping } = e.detail;
    rememberOrder({
      session: session_id, lines: lines(), currency: MARKET.currency, via: 'express',
      authorization: { payment_transaction_id, amount }, shipping,
    });
    done?.();
    location.assign(confirmationUrl(session_id));
  });
  slot.addEventListener('klarna-express:declined', () => say('Klarna declined this purchase. Please choose another way to pay.', 'error'));
  slot.addEventListener('klarna-express:aborted', () => say('You closed Klarna. Nothing was charged; you can try again.'));
  slot.addEventListener('klarna-express:error', (e) => {
    console.warn('Express checkout:', e.detail);
    say('Paying with Klarna did not work this time. Please try again or use the checkout.', 'error');
  });
}
