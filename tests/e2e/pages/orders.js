// Page objects for the demo store's back office (www/store/orders.html) and a paid order to work on.
import { expect } from '@playwright/test';
import { newSession } from './fixtures.js';
import { DEMO_KEY } from './demo.js';

/** A demo session paid by the approve persona in the hosted page (opened on its own); returns the session. */
export async function paidOrder(page, request, body = {}) {
  const s = await newSession(request, { instruction: 'PRESELECT_KLARNA', ...body });
  await page.goto(s.hosted_url);
  await page.getByTestId('klarna-payment-button').click();
  await expect(page.getByTestId('confirmation')).toBeVisible();
  return s;
}

/** The session as the merchant API reports it. */
export async function merchantView(request, id) {
  const r = await request.get(`/v1/sessions/${id}`, { headers: { Authorization: `Bearer ${DEMO_KEY}` } });
  expect(r.status()).toBe(200);
  return r.json();
}

/** The orders page. */
export class OrdersPage {
  constructor(page) {
    this.page = page;
    this.status = page.locator('[data-status]');
  }

  async open() {
    await this.page.goto('/store/orders.html');
    await expect(this.page.locator('[data-orders][data-loaded="true"]')).toBeAttached();
    return this;
  }

  /** The card of order (session) `id`. */
  order(id) {
    return new OrderCard(this.page.locator(`[data-testid="order"][data-session="${id}"]`));
  }

  /** The notification rows about session `id` (newest first). */
  notifications(id) {
    return this.page.locator(`[data-testid="notification"][data-session="${id}"]`);
  }
}

export class OrderCard {
  constructor(root) {
    this.root = root;
    this.state = root.locator('[data-field="state"]');
    this.captured = root.locator('[data-field="captured"]');
    this.refunded = root.locator('[data-field="refunded"]');
    this.released = root.locator('[data-field="released"]');
    this.operations = root.locator('[data-field="operations"] li');
  }

  button(action) {
    return this.root.locator(`[data-action="${action}"]`);
  }

  /** Types `amount` (major units, e.g. '50.00') or keeps the suggested one, and captures or refunds it. */
  async send(action, amount) {
    const input = this.root.locator(`[data-form="${action}"] input`);
    if (amount !== undefined) await input.fill(amount);
    await this.button(action).click();
  }
}
