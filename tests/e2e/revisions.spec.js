// Issue 12: the hosted page against each revision of Klarna's Web SDK the emulator can be (r6, r8, v2; chosen
// per page load with `surface=`): the payment personas, the four instructions, the saved option, Klarna's
// components, the fast-track and Klarna's PaymentError. Every spec runs once per revision.
import { test, expect } from '@playwright/test';
import { BASE } from './playwright.config.js';
import { DemoPage, DEMO_KEY } from './pages/demo.js';
import { newSession, serve, merchantPage, eventTypes } from './pages/fixtures.js';

const auth = { Authorization: `Bearer ${DEMO_KEY}` };
const hostedFrame = (page) => page.frames().find((f) => f.url().includes('/hpp/'));
const sandboxCalls = async (page, method) => hostedFrame(page).evaluate((m) => globalThis.__klarnaSandbox.callsOf(m), method);
const events = (page, type) => page.evaluate((t) => window.__events.filter((e) => e.type === t), type);

/** Mounts a session on a merchant fixture page with `window.handle` and an event log. */
async function mount(page, session) {
  const body = `<div id="pay"></div><script src="/checkout.js"></script>
<script>window.handle = KlarnaHostedCheckout.create({ session: ${JSON.stringify(session.hosted_url)}, target: '#pay' });</script>`;
  await serve(page, `${BASE}/e2e/merchant.html`, merchantPage(body));
  await page.goto('/e2e/merchant.html');
  await expect.poll(() => eventTypes(page)).toContain('ready');
  return page.frameLocator('#pay iframe');
}

/** A session through the merchant API (any token). */
async function session(request, { token, persona = '' } = {}) {
  const email = `customer+de${persona ? `+${persona}` : ''}@klarna.com`;
  const resp = await request.post('/v1/sessions', {
    headers: auth,
    data: {
      amount: 11800, currency: 'EUR', country: 'DE', locale: 'de-DE', merchant_reference: `rev-${Date.now()}`,
      return_url: `${BASE}/demo/return`, allowed_origins: [BASE], customer: { email },
      ...(token && { klarna_network_session_token: token }),
    },
  });
  expect(resp.status(), await resp.text()).toBe(201);
  return resp.json();
}

for (const surface of ['r6', 'r8', 'v2']) {
  test.describe(`Klarna's SDK ${surface}`, () => {
    test.beforeEach(async ({ page }) => {
      await page.addInitScript((s) => { globalThis.__KLARNA_SANDBOX_OPTIONS__ = `surface=${s}`; }, surface);
    });

    test('approve: paid, and the merchant hears it', async ({ page }) => {
      const demo = new DemoPage(page);
      const { sessionId, hosted } = await demo.start({ persona: 'approve' });
      await hosted.payWithKlarna();
      await expect(hosted.confirmation).toBeVisible();
      expect((await demo.session(sessionId)).state).toBe('authorized');
      expect((await sandboxCalls(page, 'KlarnaSDK')).at(-1).options.surface).toBe(surface);
    });

    test('stepup: Klarna\'s journey, then paid once', async ({ page }) => {
      const demo = new DemoPage(page);
      const { sessionId, hosted } = await demo.start({ persona: 'stepup' });
      await hosted.payWithKlarna();
      await hosted.frame.getByTestId('klarna-journey-confirm').click();
      await expect(hosted.confirmation).toBeVisible();
      const s = await demo.session(sessionId);
      expect(s.state).toBe('authorized');
      const seen = await (await page.request.get(`/sandbox/klarna/requests?session=${sessionId}`)).json();
      expect(seen.requests.filter((r) => r.step === 'final').length).toBe(1);
    });

    test('denied: declined, Klarna no longer offered', async ({ page }) => {
      const demo = new DemoPage(page);
      const { sessionId, hosted } = await demo.start({ persona: 'denied' });
      await hosted.payWithKlarna();
      await expect(hosted.notice).toHaveAttribute('data-kind', 'declined');
      await expect(hosted.klarnaOption).toHaveCount(0);
      expect((await demo.session(sessionId)).state).toBe('declined');
    });

    test('abort: back to the choice, nothing paid, one aborted event', async ({ page }) => {
      const demo = new DemoPage(page);
      const { sessionId, hosted } = await demo.start({ persona: 'abort' });
      await hosted.payWithKlarna();
      await expect(hosted.notice).toHaveAttribute('data-kind', 'aborted');
      await expect(hosted.payButton).toBeEnabled();
      expect((await demo.session(sessionId)).state).toBe('open');
      await expect(page.getByTestId('events')).toContainText('aborted');
    });

    test('the four instructions', async ({ page, request }) => {
      const cases = [
        ['HIDE_KLARNA', 0, ['card']],
        ['SHOW_KLARNA', 1, ['card', 'klarna']],
        ['PRESELECT_KLARNA', 1, ['klarna', 'card']],
        ['SHOW_ONLY_KLARNA', 1, ['klarna']],
      ];
      for (const [instruction, klarna, order] of cases) {
        const f = await mount(page, await newSession(request, { instruction }));
        await expect(f.getByTestId('methods')).toHaveAttribute('data-instruction', instruction);
        await expect(f.getByTestId('klarna-option')).toHaveCount(klarna);
        const methods = await f.locator('li.khc-method').evaluateAll((els) => els.map((e) => e.dataset.method));
        expect(methods, instruction).toEqual(order);
        if (instruction === 'PRESELECT_KLARNA' || instruction === 'SHOW_ONLY_KLARNA') {
          await expect(f.getByTestId('klarna-radio')).toBeChecked();
          await expect(f.getByTestId('klarna-payment-button')).toBeVisible();
        }
        const avail = (await events(page, 'availability')).at(-1);
        expect(avail.instruction).toBe(instruction);
      }
    });

    test('the saved option: a second choice inside the one Klarna entry, first and chosen', async ({ page, request }) => {
      const s = await newSession(request, { instruction: 'PRESELECT_KLARNA' });
      const f = await mount(page, s);
      await expect(f.locator('li[data-method=klarna]')).toHaveCount(1);
      const rows = f.locator('.khc-choice[data-option-id]');
      if (surface === 'r6') {
        // r6 presents no saved option: one choice, without an option id.
        await expect(rows).toHaveCount(1);
        await expect(f.getByTestId('klarna-radio')).toBeChecked();
        return;
      }
      await expect(rows).toHaveCount(2);
      if (surface === 'r8') await expect(rows.first()).toHaveAttribute('data-option-id', /saved/);
      await expect(f.getByTestId('klarna-radio')).toBeChecked();
      await expect(rows.first().getByTestId('klarna-payment-button')).toBeVisible();
      // The shopper takes the other choice: its own button; the merchant hears which option.
      const other = await rows.nth(1).getAttribute('data-option-id');
      await f.getByTestId('klarna-radio-2').check();
      await expect(rows.nth(1).getByTestId('klarna-payment-button')).toBeVisible();
      await expect(f.getByTestId('klarna-payment-button')).toHaveCount(1);
      const chosen = (await events(page, 'payment_method_selected')).at(-1);
      expect(chosen).toEqual({ type: 'payment_method_selected', method: 'klarna', payment_option_id: other });
      await rows.nth(1).getByTestId('klarna-payment-button').click();
      await expect(f.getByTestId('confirmation')).toBeVisible();
      const seen = await (await request.get(`/sandbox/klarna/requests?session=${s.id}`)).json();
      expect(seen.requests.find((r) => r.operation === 'authorize').payment_option_id).toBe(other);
    });

    test("Klarna's components are mounted; the page draws Klarna's text only where Klarna hands strings", async ({ page, request }) => {
      const f = await mount(page, await newSession(request, { instruction: 'PRESELECT_KLARNA' }));
      const first = f.locator('.khc-choice').first();
      const header = first.locator('.khc-part--header');
      await expect(header).not.toBeEmpty();
      // The page's own text in the header slot (not inside a Klarna element).
      const own = await header.evaluate((el) => [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim());
      const mounts = (await sandboxCalls(page, 'mount')).map((c) => c.args[0]);
      if (surface === 'v2') {
        // The v2 list: plain strings, drawn by the page; no components exist.
        expect(own).not.toBe('');
        await expect(first.locator('img.khc-method__icon')).toHaveAttribute('src', /klarna-badge\.svg$/);
        expect(mounts.filter((p) => p !== 'paymentButton')).toEqual([]);
      } else {
        expect(own, 'no Klarna text drawn by the page').toBe('');
        await expect(header.getByTestId('klarna-sdk-header')).toBeVisible();
        await expect(first.locator('.khc-part--icon').getByTestId('klarna-sdk-icon')).toBeVisible();
        await expect(first.getByTestId('klarna-sdk-message')).toBeVisible();
        expect(mounts).toEqual(expect.arrayContaining(['header', 'icon']));
        expect(mounts).toContain(surface === 'r6' ? 'subheader.enriched' : 'message');
        if (surface === 'r8') await expect(first.locator('.khc-part--badge').getByTestId('klarna-sdk-badge')).toBeVisible();
      }
    });

    if (surface !== 'r6') {
      test('fast-track: Klarna already has the shopper\'s approval; paid without a click, once', async ({ page, request }) => {
        const s = await session(request, { token: 'krn:sandbox:eu1:session-token:PENDING_PARTNER_AUTHORIZATION:1' });
        await page.route('**/klarna/authorize', async (route) => {
          // Slow enough to see the progress the page shows meanwhile.
          await new Promise((r) => setTimeout(r, 600));
          await route.continue();
        });
        const body = `<div id="pay"></div><script src="/checkout.js"></script>
<script>window.handle = KlarnaHostedCheckout.create({ session: ${JSON.stringify(s.hosted_url)}, target: '#pay' });</script>`;
        await serve(page, `${BASE}/e2e/fast.html`, merchantPage(body));
        await page.goto('/e2e/fast.html');
        const f = page.frameLocator('#pay iframe');
        await expect(f.getByTestId('notice')).toHaveAttribute('data-kind', 'progress');
        await expect(f.getByTestId('live')).toHaveText(/Klarna/);
        await expect(f.getByTestId('confirmation')).toBeVisible();
        await expect.poll(() => eventTypes(page)).toContain('authorized');
        expect((await events(page, 'authorized')).length).toBe(1);
        expect(await sandboxCalls(page, 'initiate')).toEqual([]);
        const seen = await (await request.get(`/sandbox/klarna/requests?session=${s.id}`)).json();
        expect(seen.requests.filter((r) => r.operation === 'authorize').length).toBe(1);
        const view = await (await request.get(`/v1/sessions/${s.id}`, { headers: auth })).json();
        expect(view.state).toBe('authorized');
      });
    }

    test("Klarna's PaymentError reaches the merchant with Klarna's errorCode in a field of its own", async ({ page }) => {
      const demo = new DemoPage(page);
      const { sessionId, hosted } = await demo.start({ persona: 'stepup' });
      // Klarna's journey fails: the SDK reports a PaymentError (TECHNICAL_ERROR).
      await page.route('**/sandbox/klarna/payment-requests/**', (route) => route.abort('failed'));
      await hosted.payWithKlarna();
      await expect(hosted.notice).toHaveAttribute('data-kind', 'pay_error');
      const errors = () => page.locator('#events li[data-type=error]').allTextContents();
      await expect.poll(async () => (await errors()).length).toBe(1);
      expect(JSON.parse((await errors())[0])).toEqual({
        type: 'error', code: 'payment_failed', message: expect.any(String), klarna_code: 'TECHNICAL_ERROR',
      });
      expect((await demo.session(sessionId)).state).toBe('open');
      // One error per failure (not a second for the same one).
      await page.waitForTimeout(300);
      expect((await errors()).length).toBe(1);
    });
  });
}
