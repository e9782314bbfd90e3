/**
 * The back office's orders page (orders.html): lists the demo merchant's orders with what Klarna holds for each
 * (total, captured, refunded, released, waiting), lets the merchant capture, refund, void and cancel through the
 * merchant API, and shows the notifications the shop's own endpoint received with their signature check.
 * Notifications are polled; an order is read again when one about it arrives.
 */
import { cancel, capture, inbox, listOrders, refund, voidRest } from './lib/merchant-api.js';

const POLL_MS = 2000;
const list = document.querySelector('[data-orders]');
const template = document.getElementById('order-card');
const status = document.querySelector('[data-status]');
const inboxBody = document.querySelector('[data-inbox]');
const rendered = new Map(); // session id → JSON of what its card shows
let seenNotifications = '';

function say(text, kind = 'info') {
  status.textContent = text;
  status.dataset.kind = kind;
}

/** Digits after the decimal point of `currency` (2 for EUR, 0 for JPY). */
function fractionDigits(currency) {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
}

/** Money in `currency`, from minor units. */
function money(minor, currency) {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(minor / 10 ** fractionDigits(currency));
}

/** The amount field's text for `minor` units (`50.00`). */
function toMajor(minor, currency) {
  const digits = fractionDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

/** Minor units of a typed amount (`50`, `50.5`, `50,50`), or `undefined`. */
function toMinor(text, currency) {
  const digits = fractionDigits(currency);
  const clean = text.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(clean)) return undefined;
  const [whole, frac = ''] = clean.split('.');
  if (frac.length > digits) return undefined;
  return Number(whole) * 10 ** digits + Number(frac.padEnd(digits, '0') || 0);
}

/** What can still happen to an order's money. */
function room(order) {
  const p = order.payment;
  if (!p) return { capturable: 0, refundable: 0 };
  return {
    capturable: Math.max(0, p.authorized_amount - p.captured_amount - p.pending_capture_amount - p.released_amount),
    refundable: Math.max(0, p.captured_amount - p.refunded_amount - p.pending_refund_amount),
  };
}

function describeOperations(order) {
  const p = order.payment;
  if (!p) return [];
  const rows = [
    ...p.captures.map((o) => ['Capture', o]),
    ...p.refunds.map((o) => ['Refund', o]),
    ...p.voids.map((o) => ['Void', o]),
  ].sort((a, b) => a[1].created_at.localeCompare(b[1].created_at));
  return rows.map(([what, o]) => {
    const reason = o.failure_reason ? ` (${o.failure_reason})` : '';
    return `${what} ${o.id}: ${money(o.amount, order.currency)}, ${o.status}${reason}`;
  });
}

function fill(card, order) {
  const p = order.payment;
  const cur = order.currency;
  const { capturable, refundable } = room(order);
  const set = (field, text) => { card.querySelector(`[data-field="${field}"]`).textContent = text; };
  card.dataset.session = order.id;
  card.dataset.state = order.state;
  card.dataset.paymentState = p?.state ?? '';
  card.querySelector('.order__title').textContent = `Order ${order.merchant_reference}`;
  set('state', p ? p.state.replaceAll('_', ' ') : order.state);
  set('amount', money(order.amount, cur));
  set('captured', money(p?.captured_amount ?? 0, cur));
  set('refunded', money(p?.refunded_amount ?? 0, cur));
  set('released', money(p?.released_amount ?? 0, cur));
  set('pending', money((p?.pending_capture_amount ?? 0) + (p?.pending_refund_amount ?? 0), cur));
  set('meta', `${order.id} · placed ${new Date(order.created_at).toLocaleString('en-GB')}`
    + (p ? ` · Klarna ${p.payment_transaction_id}` : ''));
  const ops = card.querySelector('[data-field="operations"]');
  ops.replaceChildren(...describeOperations(order).map((line) => {
    const li = document.createElement('li');
    li.textContent = line;
    return li;
  }));
  const ref = order.merchant_reference;
  for (const [action, enabled, label] of [
    ['capture', capturable > 0, `Capture from order ${ref}`],
    ['refund', refundable > 0, `Refund from order ${ref}`],
    ['void', capturable > 0, `Void the rest of order ${ref}`],
    ['cancel', order.state === 'open', `Cancel order ${ref}`],
  ]) {
    const button = card.querySelector(`[data-action="${action}"]`);
    button.disabled = !enabled;
    button.setAttribute('aria-label', label);
  }
  for (const [form, amount] of [['capture', capturable], ['refund', refundable]]) {
    const input = card.querySelector(`[data-form="${form}"] input`);
    card.querySelector(`[data-label="${form}"]`).textContent = `${form === 'capture' ? 'Capture' : 'Refund'} amount (${cur})`;
    input.disabled = amount === 0;
    if (document.activeElement !== input) input.value = amount > 0 ? toMajor(amount, cur) : '';
  }
}

async function act(order, action, card) {
  const cur = order.currency;
  const names = { capture: 'Capture', refund: 'Refund', void: 'Void', cancel: 'Cancel' };
  let call;
  if (action === 'capture' || action === 'refund') {
    const input = card.querySelector(`[data-form="${action}"] input`);
    const amount = toMinor(input.value, cur);
    if (!amount) {
      input.setAttribute('aria-invalid', 'true');
      return say(`${names[action]}: enter an amount in ${cur}, e.g. 10.00`, 'error');
    }
    input.removeAttribute('aria-invalid');
    call = () => (action === 'capture' ? capture : refund)(order.id, amount);
  } else {
    call = () => (action === 'void' ? voidRest : cancel)(order.id);
  }
  for (const b of card.querySelectorAll('button')) b.disabled = true;
  say(`${names[action]} of order ${order.merchant_reference}…`);
  try {
    const answer = await call();
    const what = answer.status ? `${answer.id}, ${answer.status}` : answer.state;
    say(`${names[action]} of order ${order.merchant_reference}: ${what}.`);
  } catch (error) {
    say(`${names[action]} of order ${order.merchant_reference} refused: ${error.message}`, 'error');
  }
  rendered.delete(order.id); // draw the card again: its buttons were disabled while the call ran
  await refreshOrders();
}

function cardFor(order) {
  const li = template.content.firstElementChild.cloneNode(true);
  for (const form of li.querySelectorAll('form')) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      act(li.order, form.dataset.form, li);
    });
  }
  for (const action of ['void', 'cancel']) {
    li.querySelector(`[data-action="${action}"]`).addEventListener('click', () => act(li.order, action, li));
  }
  return li;
}

async function refreshOrders() {
  let orders;
  try {
    orders = await listOrders();
  } catch (error) {
    return say(`The orders could not be read: ${error.message}`, 'error');
  }
  document.querySelector('[data-orders-empty]').hidden = orders.length > 0;
  const cards = [];
  for (const order of orders) {
    let card = list.querySelector(`[data-session="${CSS.escape(order.id)}"]`);
    const json = JSON.stringify(order);
    if (!card) card = cardFor(order);
    card.order = order;
    if (rendered.get(order.id) !== json) {
      fill(card, order);
      rendered.set(order.id, json);
    }
    cards.push(card);
  }
  // Keep existing nodes (and focus) where they are; add new ones in order.
  cards.forEach((card, i) => {
    if (list.children[i] !== card) list.insertBefore(card, list.children[i] ?? null);
  });
  while (list.children.length > cards.length) list.lastElementChild.remove();
  list.dataset.loaded = 'true';
}

async function refreshInbox() {
  let received;
  try {
    received = await inbox();
  } catch {
    return; // the next poll tries again
  }
  const json = JSON.stringify(received);
  if (json === seenNotifications) return;
  const fresh = seenNotifications !== '';
  seenNotifications = json;
  document.querySelector('[data-inbox-empty]').hidden = received.length > 0;
  document.querySelector('[data-inbox-table]').hidden = received.length === 0;
  const references = new Map([...list.children].map((c) => [c.dataset.session, c.order?.merchant_reference]));
  inboxBody.replaceChildren(...received.map((n) => {
    const tr = document.createElement('tr');
    tr.dataset.testid = 'notification';
    tr.dataset.type = n.type;
    tr.dataset.session = n.session_id;
    const cells = [
      new Date(n.received_at).toLocaleTimeString('en-GB'),
      n.type,
      references.get(n.session_id) ?? n.session_id,
      n.verified ? 'Verified' : `Refused: ${n.refusal}`,
    ];
    for (const text of cells) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    tr.lastElementChild.dataset.verified = String(n.verified);
    return tr;
  }));
  if (fresh) await refreshOrders(); // something changed at Klarna or in an order
}

document.querySelector('[data-refresh]').addEventListener('click', async () => {
  say('Reading the orders…');
  await Promise.all([refreshOrders(), refreshInbox()]);
  say('Up to date.');
});

await refreshOrders();
await refreshInbox();
setInterval(() => {
  if (document.visibilityState === 'visible') refreshInbox();
}, POLL_MS);
