// Page objects for the demo merchant page and the hosted payment page inside it.
import { expect } from '@playwright/test';

/** The merchant key of the sandbox demo merchant (printed by the server on start). */
export const DEMO_KEY = 'sk_test_demo';

export class DemoPage {
  constructor(page) {
    this.page = page;
  }

  /** Opens the demo and starts a checkout for `persona` (approve, denied, stepup, abort, error). */
  async start({ persona = 'approve', country = 'DE', amount = 11800, instruction = '' } = {}) {
    await this.page.goto('/');
    await this.page.getByLabel('Shopper (sandbox persona)').selectOption(persona);
    await this.page.getByLabel('Market').selectOption(country);
    await this.page.getByLabel('Amount (minor units)').fill(String(amount));
    await this.page.getByLabel("Klarna's presentation (sandbox test trigger)").selectOption(instruction);
    await this.page.getByRole('button', { name: 'Go to payment' }).click();
    const frame = this.page.locator('iframe.demo-frame');
    await expect(frame).toBeVisible();
    const sessionId = await frame.getAttribute('data-session-id');
    return { sessionId, hosted: new HostedPage(this.page.frameLocator('iframe.demo-frame')) };
  }

  /** The session as the merchant API reports it. */
  async session(sessionId) {
    const resp = await this.page.request.get(`/v1/sessions/${sessionId}`, {
      headers: { Authorization: `Bearer ${DEMO_KEY}` },
    });
    expect(resp.status()).toBe(200);
    return resp.json();
  }
}

export class HostedPage {
  constructor(frame) {
    this.frame = frame;
    this.methods = frame.getByTestId('methods');
    this.klarnaOption = frame.getByTestId('klarna-option');
    this.klarnaRadio = frame.getByTestId('klarna-radio');
    this.klarnaHeader = frame.locator('.khc-choice').first().locator('.khc-part--header');
    this.payButton = frame.getByTestId('klarna-payment-button');
    this.confirmation = frame.getByTestId('confirmation');
    this.notice = frame.getByTestId('notice');
  }

  /** Selects Klarna (when not preselected) and clicks Klarna's payment button. */
  async payWithKlarna() {
    await expect(this.klarnaOption).toBeVisible();
    await this.klarnaRadio.check();
    await this.payButton.click();
  }
}
