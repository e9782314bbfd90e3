// Issue 3: Klarna's Hosted-path rules in the browser: every presentation instruction, every sandbox
// persona, updates (PATCH + handle.update), the network session token at every hop.
import { test, expect } from '@playwright/test';
import { BASE } from './playwright.config.js';
import { DemoPage, DEMO_KEY } from './pages/demo.js';
import { newSession, serve, merchantPage, eventTypes } from './pages/fixtures.js';

const auth = { Authorization: `Bearer ${DEMO_KEY}` };
const hostedFrame = (page) => page.frames().find((f) => f.url().includes('/hpp/'));
const sandboxCalls = async (page, method) =>
  hostedFrame(page).evaluate((m) => globalThis.__klarnaSandbox.callsOf(m), method);

/** Mounts a session on a merchant fixture page with `window.handle` and an event log. */
async function mount(page, session) {
  const body = `<div id="pay"></div><script src="/checkout.js"></script>
<script>window.handle = KlarnaHostedCheckout.create({ session: ${JSON.stringify(session.hosted_url)}, target: '#pay' });</script>`;
  await serve(page, `${BASE}/e2e/merchant.html`, merchantPage(body));
  await page.goto('/e2e/merchant.html');
  await expect.poll(() => eventTypes(page)).toContain('ready');
  return page.frameLocator('#pay iframe');
}

test.describe('presentation instructions', () => {
  test('HIDE_KLARNA: Klarna is not offered and the merchant hears it', async ({ page, request }) => {
    const f = await mount(page, await newSession(request, { instruction: 'HIDE_KLARNA' }));
    await expect(f.getByTestId('methods')).toHaveAttribute('data-instruction', 'HIDE_KLARNA');
    await expect(f.getByTestId('klarna-option')).toHaveCount(0);
    await expect(f.locator('[data-method=card]')).toBeVisible();
    const avail = await page.evaluate(() => window.__events.filter((e) => e.type === 'availability'));
    expect(avail.at(-1)).toEqual({ type: 'availability', instruction: 'HIDE_KLARNA' });
  });

  test('SHOW_KLARNA: listed, not selected; the button exists only while Klarna is selected', async ({ page, request }) => {
    const f = await mount(page, await newSession(request, { instruction: 'SHOW_KLARNA' }));
    await expect(f.getByTestId('klarna-option')).toBeVisible();
    await expect(f.getByTestId('klarna-radio')).not.toBeChecked();
    await expect(f.locator('li.khc-method').first()).toHaveAttribute('data-method', 'card');
    await expect(f.getByTestId('klarna-payment-button')).toHaveCount(0);
    await f.getByTestId('klarna-radio').check();
    await expect(f.getByTestId('klarna-payment-button')).toBeVisible();
    await f.locator('[data-method=card] input').check();
    await expect(f.getByTestId('klarna-payment-button')).toHaveCount(0);
    const selected = await page.evaluate(() => window.__events.filter((e) => e.type === 'payment_method_selected'));
    expect(selected.map((e) => e.method)).toEqual(['klarna', 'card']);
    expect(selected[0].payment_option_id).toMatch(/^po_sandbox_/);
  });

  test('PRESELECT_KLARNA: first and selected, the saved option preferred', async ({ page, request }) => {
    const f = await mount(page, await newSession(request, { instruction: 'PRESELECT_KLARNA' }));
    await expect(f.locator('li.khc-method').first()).toHaveAttribute('data-method', 'klarna');
    await expect(f.getByTestId('klarna-radio')).toBeChecked();
    await expect(f.getByTestId('klarna-payment-button')).toBeVisible();
    await expect(f.locator('.khc-choice').first()).toHaveAttribute('data-option-id', /saved/);
    await expect(f.locator('[data-method=card]')).toBeVisible();
  });

  test('SHOW_ONLY_KLARNA: the other methods are hidden', async ({ page, request }) => {
    const f = await mount(page, await newSession(request, { instruction: 'SHOW_ONLY_KLARNA' }));
    await expect(f.locator('li.khc-method')).toHaveCount(1);
    await expect(f.getByTestId('klarna-radio')).toBeChecked();
    await expect(f.locator('[data-method=card]')).toHaveCount(0);
  });

  test("descriptors are Klarna's, in the session's language", async ({ page, request }) => {
    // The newest SDK (the default) hands plain strings: the page draws exactly those.
    const header = (f) => f.locator('.khc-choice').first().locator('.khc-part--header');
    const de = await mount(page, await newSession(request, { country: 'DE' }));
    const text = await header(de).textContent();
    // Ask the same SDK directly: the page shows exactly what Klarna's SDK says.
    const fromSdk = await hostedFrame(page).evaluate(async () => {
      const { KlarnaSDK } = await import('/sandbox/klarna.js');
      const k = await KlarnaSDK({ clientId: 'klarna_test_client_direct' });
      const p = await k.Payment.presentation({ amount: 11800, currency: 'EUR', locale: 'de-DE' });
      return p.paymentOptions[0].content.header;
    });
    expect(text).toBe(fromSdk);
    const gb = await mount(page, await newSession(request, { country: 'GB' }));
    await expect(header(gb)).not.toHaveText(text);
  });
});

test.describe('personas', () => {
  test('stepup: the shopper finishes Klarna\'s journey and the session is authorized once', async ({ page, request }) => {
    const demo = new DemoPage(page);
    const { sessionId, hosted } = await demo.start({ persona: 'stepup' });
    await hosted.payWithKlarna();
    await hosted.frame.getByTestId('klarna-journey-confirm').click();
    await expect(hosted.confirmation).toBeVisible();
    const s = await demo.session(sessionId);
    expect(s.state).toBe('authorized');
    expect(s.authorization.payment_transaction_id).toBeTruthy();
  });

  test('abort: back to the selection, nothing recorded as paid', async ({ page }) => {
    const demo = new DemoPage(page);
    const { sessionId, hosted } = await demo.start({ persona: 'abort' });
    await hosted.payWithKlarna();
    await expect(hosted.notice).toHaveAttribute('data-kind', 'aborted');
    await expect(hosted.klarnaOption).toBeVisible();
    await expect(hosted.payButton).toBeEnabled();
    expect((await demo.session(sessionId)).state).toBe('open');
  });

  test('error: Klarna fails, the shopper can try again, nothing paid', async ({ page }) => {
    const demo = new DemoPage(page);
    const { sessionId, hosted } = await demo.start({ persona: 'error' });
    await hosted.payWithKlarna();
    await expect(hosted.notice).toHaveAttribute('data-kind', 'pay_error');
    await expect(hosted.klarnaOption).toBeVisible();
    await expect(page.getByTestId('events')).toContainText('payment_failed');
    expect((await demo.session(sessionId)).state).toBe('open');
  });

  test('error: one failure is one error event for the merchant page, not two', async ({ page }) => {
    const demo = new DemoPage(page);
    const { hosted } = await demo.start({ persona: 'error' });
    await hosted.payWithKlarna();
    await expect(hosted.notice).toHaveAttribute('data-kind', 'pay_error');
    // The SDK's own error event for the refused initiate arrives after ours; give it time to be counted.
    await page.waitForTimeout(500);
    const errors = await page.getByTestId('events').locator('li[data-type="error"]').allTextContents();
    expect(errors.length, errors.join('\n')).toBe(1);
    expect(errors[0]).toContain('payment_failed');
  });

  test('a double click authorizes once', async ({ page, request }) => {
    const s = await newSession(request, { persona: 'approve', instruction: 'PRESELECT_KLARNA' });
    const f = await mount(page, s);
    await f.getByTestId('klarna-payment-button').dblclick();
    await expect(f.getByTestId('confirmation')).toBeVisible();
    await page.waitForTimeout(300);
    await expect(f.getByTestId('confirmation')).toBeVisible();
    const results = await sandboxCalls(page, 'initiate.result');
    expect(results.filter((r) => 'resolved' in r.args[0]).length).toBe(1);
    const seen = await (await request.get(`/sandbox/klarna/requests?session=${s.id}`)).json();
    expect(seen.requests.filter((r) => r.operation === 'authorize').length).toBe(1);
  });
});

test.describe('updates and the network session token', () => {
  test('PATCH + handle.update re-asks Klarna with the new amount; a new locale re-renders without remount', async ({ page, request }) => {
    const s = await newSession(request);
    const f = await mount(page, s);
    await expect(f.getByTestId('total')).toHaveText(/118,00/);
    const patch = await request.patch(`/v1/sessions/${s.id}`, { headers: auth, data: { amount: 5900, order_lines: [{ name: 'Socks', quantity: 1, unit_price: 5900, total_amount: 5900 }] } });
    expect(patch.status(), await patch.text()).toBe(200);
    await page.evaluate(() => window.handle.update({ amount: 5900 }));
    await expect(f.getByTestId('total')).toHaveText(/59,00/);
    expect((await sandboxCalls(page, 'presentation')).at(-1).args[0].amount).toBe(5900);
    const frameBefore = hostedFrame(page);
    await page.evaluate(() => window.handle.update({ locale: 'en-DE' }));
    await expect(f.locator('legend')).toHaveText('Payment method');
    expect(hostedFrame(page)).toBe(frameBefore);
    expect((await sandboxCalls(page, 'presentation')).at(-1).args[0].locale).toBe('en-DE');
    // Past Klarna's limit the presentation says HIDE and the merchant page hears it.
    await request.patch(`/v1/sessions/${s.id}`, { headers: auth, data: { amount: 2000000, order_lines: [{ name: 'Car', quantity: 1, unit_price: 2000000, total_amount: 2000000 }] } });
    await page.evaluate(() => window.handle.update({ amount: 2000000 }));
    await expect(f.getByTestId('klarna-option')).toHaveCount(0);
    const avail = await page.evaluate(() => window.__events.filter((e) => e.type === 'availability').at(-1));
    expect(avail.instruction).toBe('HIDE_KLARNA');
    const bad = await page.evaluate(() => window.handle.update({ locale: 'fr-FR' }).then(() => 'ok', (e) => e.code));
    expect(bad).toBe('invalid_locale');
  });

  test('hundreds of updates leave the hosted page\'s wasm memory, its nodes and Klarna\'s mounted parts where they were', async ({ page, request }) => {
    // Keeps the memory the module exports (the page never exposes it): every instance a frame creates (the
    // boot script instantiates with `new WebAssembly.Instance`) hands its exports to this list. Klarna's r8
    // SDK hands components, so every update unmounts the last presentation's parts and mounts the new ones.
    await page.addInitScript(() => {
      globalThis.__KLARNA_SANDBOX_OPTIONS__ = 'surface=r8';
      const memories = (globalThis.__wasmMemories = []);
      const keep = (instance) => {
        for (const v of Object.values(instance.exports)) if (v instanceof WebAssembly.Memory) memories.push(v);
        return instance;
      };
      const Instance = WebAssembly.Instance;
      WebAssembly.Instance = function (module, imports) { return keep(new Instance(module, imports)); };
      WebAssembly.Instance.prototype = Instance.prototype;
      for (const name of ['instantiateStreaming', 'instantiate']) {
        const orig = WebAssembly[name];
        WebAssembly[name] = (...a) => orig.apply(WebAssembly, a).then((r) => (keep(r.instance ?? r), r));
      }
    });
    const f = await mount(page, await newSession(request, { instruction: 'PRESELECT_KLARNA' }));
    await expect(f.getByTestId('total')).toHaveText(/118,00/);
    await expect(f.getByTestId('klarna-sdk-header').first()).toBeVisible();
    const updates = (n) => page.evaluate(async (count) => {
      for (let i = 0; i < count; i++) await window.handle.update({ amount: 11800 });
    }, n);
    const measure = () => hostedFrame(page).evaluate(async () => {
      if (globalThis.__wasmMemories.length !== 1) throw new Error(`${globalThis.__wasmMemories.length} wasm memories`);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return {
        bytes: globalThis.__wasmMemories[0].buffer.byteLength,
        nodes: document.getElementsByTagName('*').length,
        mounted: globalThis.__klarnaSandbox.mounted(),
      };
    });
    await updates(50);
    const before = await measure();
    expect(before.mounted).toBeGreaterThan(0);
    await updates(300);
    // Memory grows in 64 KiB pages; a few hundred bytes kept per update showed as a page every ~150 updates.
    expect(await measure()).toEqual(before);
    expect((await sandboxCalls(page, 'unmount')).length).toBeGreaterThan(300);
    await expect(f.getByTestId('klarna-option')).toBeVisible();
  });

  test('the token passes every hop: init (inside the SDK token), presentation, initiate, server', async ({ page, request }) => {
    const s = await newSession(request, { token: true });
    const cfg = await (await request.get(`/v1/sessions/${s.id}/config`, { headers: { Authorization: `Bearer ${s.client_secret}` } })).json();
    const token = cfg.klarna_network_session_token;
    expect(token).toMatch(/^krn:sandbox:/);
    expect(cfg.klarna.sdk_token).toBeTruthy();
    const f = await mount(page, s);
    // Klarna's types name no token field: it reaches the SDK as the server's SDK token.
    const init = (await sandboxCalls(page, 'KlarnaSDK')).at(-1);
    expect(init.args[0].klarnaNetworkSessionToken).toBeUndefined();
    expect(init.args[0].sdkToken).toBe(cfg.klarna.sdk_token);
    expect(init.token).toBe(token);
    const presentation = (await sandboxCalls(page, 'presentation')).at(-1);
    expect(presentation.args[0].klarnaNetworkSessionToken).toBeUndefined();
    expect(presentation.token).toBe(token);
    await f.getByTestId('klarna-payment-button').click();
    await expect(f.getByTestId('confirmation')).toBeVisible();
    expect((await sandboxCalls(page, 'initiate')).at(-1).args[0].klarnaNetworkSessionToken).toBe(token);
    const seen = await (await request.get(`/sandbox/klarna/requests?session=${s.id}`)).json();
    const authorize = seen.requests.find((r) => r.operation === 'authorize');
    expect(authorize.klarna_network_session_token).toBe(token);
  });

  test('setNetworkSessionToken from the merchant page and the SDK\'s tokenupdate reach the server', async ({ page, request }) => {
    const s = await newSession(request);
    const f = await mount(page, s);
    await expect(f.getByTestId('klarna-radio')).not.toBeChecked();
    await page.evaluate(() => window.handle.setNetworkSessionToken('krn:sandbox:eu1:session-token:shopper:merchant'));
    let view = await (await request.get(`/v1/sessions/${s.id}`, { headers: auth })).json();
    expect(view.has_network_session_token).toBe(true);
    // The server exchanged it for a new SDK token, which the page handed the SDK.
    const set = (await sandboxCalls(page, 'setSdkToken')).at(-1);
    expect(set.token).toBe('krn:sandbox:eu1:session-token:shopper:merchant');
    // A known shopper: Klarna now preselects.
    await expect(f.getByTestId('klarna-radio')).toBeChecked();
    await hostedFrame(page).evaluate(() => globalThis.__klarnaSandbox.emitTokenUpdate('krn:sandbox:eu1:session-token:shopper:sdk'));
    await expect.poll(async () => {
      const c = await (await request.get(`/v1/sessions/${s.id}/config`, { headers: { Authorization: `Bearer ${s.client_secret}` } })).json();
      return c.klarna_network_session_token;
    }).toBe('krn:sandbox:eu1:session-token:shopper:sdk');
  });
});

test.describe('legacy Interoperability.resolve (older SDK builds)', () => {
  test.beforeEach(async ({ page }) => {
    // The emulator with the legacy resolve() in every frame of the page.
    await page.addInitScript(() => { globalThis.__KLARNA_SANDBOX_OPTIONS__ = 'legacy=resolve'; });
  });

  test('resolve is called with the token and PAYMENT_UNSUPPORTED hides Klarna', async ({ page, request }) => {
    const s = await newSession(request, { instruction: 'HIDE_KLARNA' });
    const f = await mount(page, s);
    await expect(f.getByTestId('klarna-option')).toHaveCount(0);
    const resolve = (await sandboxCalls(page, 'resolve')).at(-1);
    expect(resolve.args[0].interoperabilityToken).toMatch(/HIDE_KLARNA/);
    expect(resolve.args[1]).toMatchObject({ currency: 'EUR', country: 'DE', paymentAmount: 11800 });
  });

  test('PAYMENT_PENDING_CONFIRMATION confirms through the server: paid without a click', async ({ page, request }) => {
    const s = await newSession(request, { instruction: 'PRESELECT_KLARNA' });
    // A token that makes the emulator answer PENDING_CONFIRMATION.
    await request.post(`/v1/sessions/${s.id}/network-token`, {
      headers: { Authorization: `Bearer ${s.client_secret}` },
      data: { klarna_network_session_token: 'krn:sandbox:eu1:session-token:PENDING_CONFIRMATION:1' },
    });
    const body = `<div id="pay"></div><script src="/checkout.js"></script>
<script>window.handle = KlarnaHostedCheckout.create({ session: ${JSON.stringify(s.hosted_url)}, target: '#pay' });</script>`;
    await serve(page, `${BASE}/e2e/pending.html`, merchantPage(body));
    await page.goto('/e2e/pending.html');
    const f = page.frameLocator('#pay iframe');
    await expect(f.getByTestId('confirmation')).toBeVisible();
    await expect.poll(() => eventTypes(page)).toContain('authorized');
    const view = await (await request.get(`/v1/sessions/${s.id}`, { headers: auth })).json();
    expect(view.state).toBe('authorized');
  });
});
