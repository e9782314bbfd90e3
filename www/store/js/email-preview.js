/**
 * Preview of the abandoned-cart e-mail: fills the template from this browser's cart (or, when it is
 * empty, `sample-cart.json`) and shows the result in a sandboxed iframe (no scripts, like a mail client).
 */
import { MARKET } from './lib/catalog.js';
import { cartLines } from './lib/basket.js';
import { initLayout } from './lib/layout.js';
import { renderAbandonedCartEmail } from './lib/email.js';

async function text(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  return response.text();
}

/** The e-mail's cart JSON: this browser's cart when it has lines, else the sample. */
async function cartJson() {
  const lines = cartLines();
  if (lines.length === 0) {
    const sample = JSON.parse(await text('/store/email/sample-cart.json'));
    return { ...sample, cart_url: new URL('/store/cart.html', location.href).href };
  }
  document.querySelector('[data-email-source]').textContent = 'your current cart';
  return {
    locale: MARKET.locale,
    currency: MARKET.currency,
    customer: { given_name: 'there' },
    cart_url: new URL('/store/cart.html', location.href).href,
    lines: lines.map((l) => ({ name: l.product.name, quantity: l.quantity, unit_price: l.product.price })),
  };
}

async function preview() {
  try {
    const [template, cart] = await Promise.all([text('/store/email/abandoned-cart.html'), cartJson()]);
    const html = renderAbandonedCartEmail(template, cart);
    document.querySelector('[data-email-frame]').srcdoc = html;
    document.querySelector('[data-email-html]').textContent = html;
  } catch (error) {
    const status = document.querySelector('[data-status]');
    status.textContent = `The e-mail could not be rendered: ${error.message}`;
    status.dataset.kind = 'error';
  }
}

preview();
initLayout();
