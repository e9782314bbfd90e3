// Page objects for the demo store (www/store/) and helpers for Klarna placements rendered by www/osm.js.
import { expect } from '@playwright/test';

export { DEMO_KEY } from './demo.js';

/** Paths of the SDK module and the messaging config: what a page without placements must not fetch. */
export const SDK_PATH = '/sandbox/klarna.js';
export const CONFIG_PATH = '/v1/messaging/config';

/**
 * Records, from the first script on, every `klarna-placement:*` event, CSP violation and console
 * warning of `page`. Call before `goto`.
 */
export async function watchPage(page) {
  const log = { warnings: [], errors: [], requests: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'warning') log.warnings.push(msg.text());
    if (msg.type() === 'error') log.errors.push(msg.text());
  });
  page.on('pageerror', (e) => log.errors.push(e.message));
  page.on('request', (r) => {
    if (r.frame() === page.mainFrame()) log.requests.push(new URL(r.url()).pathname);
  });
  await page.addInitScript(() => {
    window.__placementEvents = [];
    window.__cspViolations = [];
    for (const type of ['klarna-placement:rendered', 'klarna-placement:error']) {
      document.addEventListener(type, (e) => {
        window.__placementEvents.push({ type, testid: e.target.getAttribute('data-testid'), detail: e.detail });
      }, true);
    }
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective}: ${e.blockedURI || 'inline'}`);
    });
  });
  return log;
}

/** `klarna-placement:*` events so far: `[{type, testid, detail}]`. */
export function placementEvents(page) {
  return page.evaluate(() => window.__placementEvents);
}

/** CSP violations so far (the store's pages carry a strict CSP). */
export function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations);
}

/**
 * What the placement element `testid` shows and what the emulator said it would show: the text of the
 * last `Messaging.placement` call with the element's options (`globalThis.__klarnaSandbox.calls`).
 */
export function placementState(page, testid) {
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    const nodes = el.querySelectorAll('[data-testid="klarna-placement"]');
    const calls = (globalThis.__klarnaSandbox?.calls ?? []).filter((c) => c.method === 'placement');
    const amount = el.dataset.amount === undefined ? undefined : Number(el.dataset.amount);
    const call = calls.reverse().find(({ args: [o] }) => o.key === el.dataset.klarnaPlacement
      && o.locale === el.dataset.locale && o.amount === amount && o.theme === (el.dataset.theme ?? 'default'));
    return {
      state: el.dataset.klarnaState,
      count: nodes.length,
      text: nodes[0]?.textContent.trim(),
      key: nodes[0]?.dataset.placementKey,
      classes: nodes[0]?.className,
      emulatorText: call?.result?.text,
      options: call?.args[0],
    };
  }, testid);
}

/** Waits until placement `testid` shows the emulator's message for its current attributes; returns the state. */
export async function expectPlacementRendered(page, testid) {
  await expect(page.getByTestId(testid)).toHaveAttribute('data-klarna-state', 'rendered');
  let state;
  await expect.poll(async () => {
    state = await placementState(page, testid);
    return state.count === 1 && state.text !== undefined && state.text === state.emulatorText;
  }, { message: `placement ${testid} shows the emulator's text` }).toBe(true);
  return state;
}

/** Basic structure every store page keeps: one h1, no skipped heading levels, main/nav/contentinfo landmarks. */
export async function expectPageStructure(page) {
  const levels = await page.evaluate(() =>
    [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
      .filter((h) => !h.closest('[hidden], template'))
      .map((h) => Number(h.tagName[1])));
  expect(levels.filter((l) => l === 1)).toHaveLength(1);
  expect(levels[0]).toBe(1);
  levels.forEach((l, i) => i > 0 && expect(l, `heading level ${l} after ${levels[i - 1]}`).toBeLessThanOrEqual(levels[i - 1] + 1));
  await expect(page.getByRole('main')).toHaveCount(1);
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(1);
  await expect(page.getByRole('contentinfo')).toHaveCount(1);
}

/** Puts `lines` (`[{sku, quantity}]`) in the store's cart before the page's scripts run. */
export async function seedCart(page, lines) {
  await page.addInitScript((items) => {
    if (!sessionStorage.getItem('khc-test:seeded')) {
      localStorage.setItem('khc-store:cart', JSON.stringify(items));
      sessionStorage.setItem('khc-test:seeded', '1');
    }
  }, lines);
}

/** The sandbox persona's e-mail in the store's market: `customer+gb@klarna.com`, `customer+gb+denied@klarna.com`. */
export function personaEmail(persona = 'approve', cc = 'gb') {
  return persona === 'approve' ? `customer+${cc}@klarna.com` : `customer+${cc}+${persona}@klarna.com`;
}

/** Klarna's express journey as the SDK emulator shows it (a modal dialog over the merchant's page). */
export class ExpressJourney {
  constructor(page) {
    this.dialog = page.getByTestId('klarna-express-journey');
    this.email = this.dialog.getByLabel('E-mail (sandbox persona)');
    this.country = this.dialog.getByLabel('Country');
    this.status = this.dialog.getByRole('status');
    this.confirm = this.dialog.getByTestId('klarna-journey-confirm');
    this.cancel = this.dialog.getByTestId('klarna-journey-cancel');
  }

  /** The shopper confirms as `persona`, choosing the shipping option named like `option` if given. */
  async pay(persona = 'approve', { option } = {}) {
    await expect(this.dialog).toBeVisible();
    await this.email.fill(personaEmail(persona));
    if (option) await this.dialog.getByLabel(option).check();
    await expect(this.confirm).toBeEnabled();
    await this.confirm.click();
  }
}

export class ProductPage {
  constructor(page) {
    this.page = page;
    this.quantity = page.getByLabel('Quantity');
    this.addToCart = page.getByRole('button', { name: 'Add to cart' });
    this.expressButton = page.getByTestId('express-slot').getByTestId('klarna-payment-button');
    this.journey = new ExpressJourney(page);
    this.status = page.getByRole('status');
    this.cartCount = page.getByRole('navigation', { name: 'Main' }).locator('[data-cart-count]');
  }

  async goto(sku = 'classic-canvas') {
    await this.page.goto(`/store/product.html?sku=${sku}`);
  }

  /** Pays with Klarna's express button as `persona` (Klarna's journey collects the e-mail). */
  async payExpress(persona = 'approve', opts) {
    await this.expressButton.click();
    await this.journey.pay(persona, opts);
  }
}

export class ConfirmationPage {
  constructor(page) {
    this.page = page;
    this.root = page.getByTestId('store-confirmation');
    this.paymentMethod = page.getByTestId('payment-method');
    this.status = this.root.locator('[data-payment-status]');
  }

  /** The session id in the confirmation URL. */
  sessionId() {
    return new URL(this.page.url()).searchParams.get('session');
  }
}
