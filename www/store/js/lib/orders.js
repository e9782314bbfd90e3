/**
 * Orders the shopper placed in this browser, for the confirmation page: the lines as bought (localStorage,
 * the last 10) and the session's client secret (sessionStorage, this tab only), with which the
 * confirmation asks the server whether Klarna authorized the payment.
 */

const ORDERS = 'khc-store:orders';
const SECRET = 'khc-store:secret:';
const KEEP = 10;

/**
 * @typedef {object} Order
 * @property {string} session checkout session id
 * @property {{sku: string, name: string, quantity: number, unit_price: number, total: number}[]} lines
 * @property {number} total minor units
 * @property {string} currency
 * @property {'express'|'checkout'} via
 * @property {string} placed_at ISO time
 * @property {{payment_transaction_id: string, amount: number}=} authorization what the server answered the
 *   express button (its page never holds the session's client secret)
 * @property {object=} shipping where Klarna's express journey said to ship
 */

function loadAll() {
  try {
    const all = JSON.parse(localStorage.getItem(ORDERS) ?? '[]');
    return Array.isArray(all) ? all : [];
  } catch {
    return [];
  }
}

/**
 * Records an order started with checkout session `session` (before paying, so the confirmation finds it).
 * @param {{session: string, clientSecret?: string, lines: import('./basket.js').CartLine[], currency: string,
 *   via: Order['via'], authorization?: Order['authorization'], shipping?: object}} order
 */
export function rememberOrder({ session, clientSecret, lines, currency, via, authorization, shipping }) {
  /** @type {Order} */
  const order = {
    session,
    lines: lines.map((l) => ({
      sku: l.product.sku, name: l.product.name, quantity: l.quantity, unit_price: l.product.price, total: l.total,
    })),
    total: lines.reduce((sum, l) => sum + l.total, 0),
    currency,
    via,
    placed_at: new Date().toISOString(),
    ...(authorization && { authorization }),
    ...(shipping && { shipping }),
  };
  const all = [order, ...loadAll().filter((o) => o.session !== session)].slice(0, KEEP);
  try {
    localStorage.setItem(ORDERS, JSON.stringify(all));
    if (clientSecret) sessionStorage.setItem(SECRET + session, clientSecret);
  } catch {
    // Storage disabled: the confirmation will say it can't find the order.
  }
  return order;
}

/** @returns {Order|undefined} */
export function findOrder(session) {
  return loadAll().find((o) => o.session === session);
}

/** The client secret of `session` if this tab created it. */
export function clientSecretOf(session) {
  try {
    return sessionStorage.getItem(SECRET + session) ?? undefined;
  } catch {
    return undefined;
  }
}

/** The confirmation page of `session`. */
export function confirmationUrl(session) {
  return new URL(`/store/confirmation.html?session=${encodeURIComponent(session)}`, location.href).href;
}
