// Issue 7: WCAG 2.2 AA. axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa, wcag22aa) finds zero violations on the hosted
// page in every state it can be in — loading, Klarna shown, Klarna preselected, Klarna not offered, declined,
// aborted, payment error, SDK load failure, confirmation, invalid link — and on every demo page, with Klarna's express
// button and identity button and their journeys open.
import { test, expect } from '@playwright/test';
import { newSession } from './pages/fixtures.js';
import { DemoPage } from './pages/demo.js';
import { seedCart } from './pages/store.js';
import { expectNoViolations, expectPageClean, hostedFrame, mountCheckout } from './pages/a11y.js';

test.use({ bypassCSP: true });

const SDK = '**/sandbox/klarna.js*';

test.describe('hosted page, every state', () => {
  test('loading: the skeleton while Klarna\'s SDK is on its way', async ({ page, request }) => {
    await page.route(SDK, () => {}); // never answers: the page stays in its loading state
    const { frame, hosted } = await mountCheckout(page, await newSession(request), { wait: null });
    await expect(frame.getByTestId('loading')).toBeVisible();
    await expect(frame.getByTestId('loading')).toHaveAttribute('aria-busy', 'true');
    await expectNoViolations(hosted(), 'loading');
  });

  for (const [name, instruction, check] of [
    ['Klarna shown', 'SHOW_KLARNA', (f) => expect(f.getByTestId('klarna-radio')).not.toBeChecked()],
    ['Klarna preselected', 'PRESELECT_KLARNA', (f) => expect(f.getByTestId('klarna-payment-button')).toBeVisible()],
    ['Klarna only', 'SHOW_ONLY_KLARNA', (f) => expect(f.getByTestId('klarna-payment-button')).toBeVisible()],
    ['Klarna not offered', 'HIDE_KLARNA', (f) => expect(f.locator('[data-method=card]')).toBeVisible()],
  ]) {
    test(`${name} (${instruction})`, async ({ page, request }) => {
      const { frame, hosted } = await mountCheckout(page, await newSession(request, { instruction }));
      await check(frame);
      await expectNoViolations(hosted(), name);
      if (instruction === 'SHOW_KLARNA') {
        await frame.getByTestId('klarna-radio').check();
        await expect(frame.getByTestId('klarna-payment-button')).toBeVisible();
        await frame.locator('[data-method=card] input').check();
        await expect(frame.locator('.khc-method__hint')).toBeVisible();
        await expectNoViolations(hosted(), `${name}, another method selected`);
      }
    });
  }

  for (const [persona, kind] of [['denied', 'declined'], ['abort', 'aborted'], ['error', 'pay_error']]) {
    test(`after paying: ${kind} (${persona} persona)`, async ({ page, request }) => {
      const { frame, hosted } = await mountCheckout(page, await newSession(request, { persona, instruction: 'PRESELECT_KLARNA' }));
      await frame.getByTestId('klarna-payment-button').click();
      await expect(frame.getByTestId('notice')).toHaveAttribute('data-kind', kind);
      await expectNoViolations(hosted(), kind);
    });
  }

  test('error: Klarna\'s SDK fails to load; the retry button', async ({ page, request }) => {
    await page.route(SDK, (route) => route.abort());
    const { frame, hosted } = await mountCheckout(page, await newSession(request), { wait: 'error' });
    await expect(frame.getByTestId('error')).toBeVisible();
    await expect(frame.getByRole('button', { name: 'Erneut versuchen' })).toBeVisible();
    await expectNoViolations(hosted(), 'SDK load failure');
  });

  test('confirmation', async ({ page, request }) => {
    const { frame, hosted } = await mountCheckout(page, await newSession(request, { instruction: 'PRESELECT_KLARNA' }));
    await frame.getByTestId('klarna-payment-button').click();
    await expect(frame.getByTestId('confirmation')).toBeVisible();
    await expectNoViolations(hosted(), 'confirmation');
  });

  test('an invalid payment link', async ({ page, request }) => {
    const s = await newSession(request);
    await page.goto(s.hosted_url.replace(/cs=[^&]+/, 'cs=hcs_secret_wrong'));
    await expect(page.getByTestId('closed')).toBeVisible();
    await expectNoViolations(page.mainFrame(), 'invalid link');
  });

  test('the step-up journey over the page (the emulator\'s dialog included)', async ({ page, request }) => {
    const { frame, hosted } = await mountCheckout(page, await newSession(request, { persona: 'stepup', instruction: 'PRESELECT_KLARNA' }));
    await frame.getByTestId('klarna-payment-button').click();
    await expect(frame.getByTestId('klarna-journey-confirm')).toBeVisible();
    await expectNoViolations(hosted(), 'step-up journey');
    await frame.getByTestId('klarna-journey-confirm').click();
    await expect(frame.getByTestId('confirmation')).toBeVisible();
  });
});

test.describe('demo pages', () => {
  test('/ (demo checkout), before and with the hosted page', async ({ page }) => {
    await page.goto('/');
    await expectPageClean(page, '/');
    const demo = new DemoPage(page);
    const { hosted } = await demo.start({ instruction: 'PRESELECT_KLARNA' });
    await expect(hosted.payButton).toBeVisible();
    await expect(page.getByTestId('events')).toContainText('ready');
    await expectPageClean(page, '/ with the hosted page');
  });

  for (const path of ['index.html', 'product.html', 'product.html?sku=trail-runner', 'cart.html', 'info.html', 'osm-gallery.html', 'confirmation.html', 'email/preview.html', 'login.html']) {
    test(`/store/${path}`, async ({ page }) => {
      await seedCart(page, [{ sku: 'classic-canvas', quantity: 1 }, { sku: 'merino-socks', quantity: 2 }]);
      await page.goto(`/store/${path}`);
      await page.waitForLoadState('networkidle');
      await expectPageClean(page, `/store/${path}`);
    });
  }

  test('/store/product.html with the express button and Klarna\'s express journey open', async ({ page }) => {
    await page.goto('/store/product.html');
    const button = page.getByTestId('express-slot').getByTestId('klarna-payment-button');
    await expect(button).toBeVisible();
    await expectPageClean(page, '/store/product.html with the express button');
    await button.click();
    await expect(page.getByTestId('klarna-express-journey').getByRole('radio').first()).toBeVisible();
    await expectPageClean(page, '/store/product.html, express journey');
  });

  test('/store/login.html with the identity button and Klarna\'s sign-in journey open, then signed in', async ({ page }) => {
    await page.goto('/store/login.html');
    const button = page.getByTestId('signin-slot').getByTestId('klarna-identity-button');
    await expect(button).toBeVisible();
    await expectPageClean(page, '/store/login.html with the identity button');
    await button.click();
    await expect(page.getByTestId('klarna-signin-journey')).toBeVisible();
    await expectPageClean(page, '/store/login.html, sign-in journey');
    await page.getByTestId('klarna-signin-journey-confirm').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Welcome/);
    await expectPageClean(page, '/store/login.html, signed in');
  });

  test('/admin/ (the operator page), signed in with merchants listed', async ({ page }) => {
    await page.goto('/admin/');
    await expectPageClean(page, '/admin/');
    await page.getByLabel('Admin key').fill('sk_admin_demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('status')).toHaveText('Signed in.');
    await expectPageClean(page, '/admin/ signed in');
  });

  test('/store/checkout.html, with the hosted page', async ({ page }) => {
    await seedCart(page, [{ sku: 'classic-canvas', quantity: 1 }]);
    await page.goto('/store/checkout.html');
    await page.waitForLoadState('networkidle');
    await expectPageClean(page, '/store/checkout.html');
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    await expect(page.frameLocator('#pay iframe').getByTestId('klarna-option')).toBeVisible({ timeout: 20_000 });
    await expect.poll(() => Boolean(hostedFrame(page))).toBe(true);
    await expectPageClean(page, '/store/checkout.html with the hosted page');
  });
});
