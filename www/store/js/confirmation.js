/**
 * Confirmation page (`?session=hcs_…`): Klarna as the payment method, Klarna's next steps, and the order
 * summary as the shopper placed it. The payment status comes from the server (`GET …/config` with the
 * session's client secret, kept in this tab), never from the URL.
 */
import { formatMoney } from './lib/catalog.js';
import { initLayout } from './lib/layout.js';
import { sessionConfig } from './lib/api.js';
import { clientSecretOf, findOrder } from './lib/orders.js';

const sessionId = new URLSearchParams(location.search).get('session') ?? '';
const order = sessionId ? findOrder(sessionId) : undefined;

function cell(tag, text, className) {
  const el = document.createElement(tag);
  el.textContent = text;
  if (className) el.className = className;
  if (tag === 'th') el.scope = 'row';
  return el;
}

function showOrder() {
  const option = order.shipping?.shipping_option;
  const lines = option?.amount ? [...order.lines, { name: `Shipping: ${option.display_name}`, quantity: 1, total: option.amount }] : order.lines;
  document.querySelector('[data-order-lines]').replaceChildren(...lines.map((line) => {
    const row = document.createElement('tr');
    row.append(cell('th', line.name), cell('td', String(line.quantity), 'num'), cell('td', formatMoney(line.total), 'num'));
    return row;
  }));
  document.querySelector('[data-order-total]').textContent = formatMoney(lines.reduce((sum, l) => sum + l.total, 0));
  document.querySelector('[data-order-reference]').textContent = sessionId;
  const s = order.shipping;
  if (s?.address) {
    const who = [s.recipient?.given_name, s.recipient?.family_name].filter(Boolean).join(' ');
    const where = [s.address.street_address, s.address.postal_code, s.address.city, s.address.country].filter(Boolean).join(', ');
    const how = s.shipping_option?.display_name;
    document.querySelector('[data-shipping]').textContent = [who, where, how].filter(Boolean).join(' · ');
    for (const el of document.querySelectorAll('[data-shipping-fact]')) el.hidden = false;
  }
  document.querySelector('[data-confirmation]').hidden = false;
}

async function showPaymentStatus() {
  const statusEl = document.querySelector('[data-payment-status]');
  const secret = clientSecretOf(sessionId);
  if (!secret && order.authorization) { // express: the server's answer to the express button
    statusEl.textContent = `Paid with Klarna: ${formatMoney(order.authorization.amount)} authorized`;
    statusEl.dataset.state = 'authorized';
    return;
  }
  if (!secret) { // opened in another tab: the store can't ask the server
    statusEl.textContent = 'Klarna will confirm your payment by e-mail.';
    return;
  }
  try {
    const session = await sessionConfig(sessionId, secret);
    if (session.merchant_reference) document.querySelector('[data-order-reference]').textContent = session.merchant_reference;
    if (session.state === 'authorized' && session.authorization) {
      statusEl.textContent = `Paid with Klarna: ${formatMoney(session.authorization.amount)} authorized`;
      statusEl.dataset.state = 'authorized';
    } else {
      statusEl.textContent = 'Klarna has not confirmed this payment yet. We will e-mail you as soon as it does.';
      statusEl.dataset.state = session.state;
    }
  } catch {
    statusEl.textContent = 'We could not check the payment just now; Klarna will confirm it by e-mail.';
  }
}

if (order) {
  showOrder();
  showPaymentStatus();
} else {
  document.querySelector('[data-confirmation-title]').textContent = 'Order not found';
  document.querySelector('[data-confirmation-missing]').hidden = false;
}
initLayout();
