// Issue 15, "Klarna first": when the session leaves the page nothing to decide (Klarna selected, one option of
// Klarna's, no payment without a click, nothing in the outbox), the boot script mounts Klarna's button from its
// early presentation before the WebAssembly module is instantiated, listening to Klarna's events first. The module
// adopts that button into Klarna's row when it would mount the same one, and releases it otherwise; a click before
// the module is ready is held and paid once. tests/e2e/klarna-early.spec.js covers the early SDK and presentation.
import { test, expect } from '@playwright/test';
import { newSession, marks, authorizations, holdFramesAfterServed } from './pages/fixtures.js';
import { mountCheckout } from './pages/a11y.js';

/** The emulator's record of one Klarna method's calls on this page. */
const callsOf = (page, method) => page.evaluate((m) => globalThis.__klarnaSandbox.callsOf(m), method);

/** Holds the module's download until the returned function is called. */
async function holdModule(page) {
  let release;
  const held = new Promise((r) => (release = r));
  await page.route(/\/pkg\/[^/]+\.wasm$/, async (route) => {
    const response = await route.fetch();
    await held;
    await route.fulfill({ response });
  });
  return release;
}

async function stateOf(request, s) {
  const view = await (await request.get(`/v1/sessions/${s.id}`, { headers: { Authorization: 'Bearer sk_test_demo' } })).json();
  return view.state;
}

test('Klarna\'s button is mounted before the module runs, then adopted into Klarna\'s row: one button, made once', async ({ page, request }) => {
  const s = await newSession(request, { instruction: 'PRESELECT_KLARNA' });
  await page.goto(s.hosted_url);
  await expect(page.locator('.khc-choice .khc-pay').getByTestId('klarna-payment-button')).toBeEnabled();
  const m = await marks(page);
  expect(m['khc:early-button'], 'the boot script mounted it').toBeDefined();
  expect(m['khc:early-button']).toBeLessThan(m['khc:wasm-ready']);
  expect(await callsOf(page, 'button'), 'made once').toHaveLength(1);
  expect(await callsOf(page, 'unmount')).toHaveLength(0);
  await expect(page.getByTestId('klarna-payment-button')).toHaveCount(1);
  await expect(page.locator('.khc-early'), 'nothing left outside the page').toHaveCount(0);
  // Klarna's rule: its payment events are listened to before its button exists.
  const record = await page.evaluate(() => globalThis.__klarnaSandbox.calls.map((c) => [c.method, c.args[0]]));
  const button = record.findIndex(([method]) => method === 'button');
  for (const event of ['complete', 'abort', 'error']) {
    const on = record.findIndex(([method, name]) => method === 'on' && name === event);
    expect(on, `on('${event}')`).toBeGreaterThan(-1);
    expect(on).toBeLessThan(button);
  }
});

test('a click before the module is ready is held, then paid once', async ({ page, request }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const release = await holdModule(page);
  const authorizes = authorizations(page);
  const s = await newSession(request, { instruction: 'PRESELECT_KLARNA' });
  await page.goto(s.hosted_url, { waitUntil: 'commit' });
  const button = page.getByTestId('klarna-payment-button');
  await expect(button).toBeEnabled();
  expect((await marks(page))['khc:wasm-ready'], 'the module is not running yet').toBeUndefined();
  await button.click();
  await expect.poll(() => callsOf(page, 'initiate').then((c) => c.length), 'Klarna asked for initiate').toBe(1);
  expect(authorizes, 'nothing is paid without the module').toHaveLength(0);
  release();
  await expect(page.getByTestId('confirmation')).toBeVisible({ timeout: 20_000 });
  expect(await stateOf(request, s)).toBe('authorized');
  expect(authorizes, 'one authorization request').toHaveLength(1);
  expect(await callsOf(page, 'button')).toHaveLength(1);
  expect(errors).toEqual([]);
});

test('Klarna\'s events before the module listens are handled once it does', async ({ page, request }) => {
  const release = await holdModule(page);
  const s = await newSession(request, { instruction: 'PRESELECT_KLARNA' });
  await page.goto(s.hosted_url, { waitUntil: 'commit' });
  await expect(page.getByTestId('klarna-payment-button')).toBeEnabled();
  // Klarna's presentation changes while the module downloads: only the boot script listens.
  expect(await page.evaluate(() => globalThis.__klarnaSandbox.emitPresentationUpdate({}))).toBeGreaterThan(0);
  release();
  await expect(page.locator('.khc-choice .khc-pay').getByTestId('klarna-payment-button')).toBeEnabled();
  // The module heard it, and asked Klarna again.
  await expect.poll(() => callsOf(page, 'presentation').then((c) => c.length)).toBe(2);
});

test('a dark page\'s early button has Klarna\'s theme for dark pages, as the module\'s would, and is adopted', async ({ page, request }) => {
  const s = await newSession(request, { instruction: 'PRESELECT_KLARNA' });
  await page.goto(`${s.hosted_url}&appearance=${encodeURIComponent(JSON.stringify({ theme: 'dark' }))}`);
  const button = page.locator('.khc-choice .khc-pay').getByTestId('klarna-payment-button');
  await expect(button).toBeEnabled();
  await expect(button).toHaveClass(/klarna-sandbox-button--theme-light/);
  expect((await marks(page))['khc:early-button']).toBeDefined();
  expect((await callsOf(page, 'button')).map((c) => c.args[0].theme)).toEqual(['light']);
});

test('a button the module would make differently is released: the module mounts its own, in the page\'s language', async ({ page, request }) => {
  // fr-FR is no language of a German session: the boot script's presentation and button are in fr-FR, the page
  // renders in de-DE, asks Klarna again, and mounts a de-DE button; the early one is unmounted.
  const s = await newSession(request, { instruction: 'PRESELECT_KLARNA' });
  await page.goto(`${s.hosted_url}&locale=fr-FR`);
  const button = page.locator('.khc-choice .khc-pay').getByTestId('klarna-payment-button');
  await expect(button).toBeEnabled();
  expect((await marks(page))['khc:early-button']).toBeDefined();
  expect((await callsOf(page, 'button')).map((c) => c.args[0].locale)).toEqual(['fr-FR', 'de-DE']);
  expect(await callsOf(page, 'unmount')).toHaveLength(1);
  await expect(page.getByTestId('klarna-payment-button')).toHaveCount(1);
  await expect(page.locator('.khc-early')).toHaveCount(0);
});

test('a held click stays with its button even where the page would have made another: paid once', async ({ page, request }) => {
  // As above, the page would mount a de-DE button; the shopper clicked the fr-FR one first, and that click pays.
  const release = await holdModule(page);
  const authorizes = authorizations(page);
  const s = await newSession(request, { instruction: 'PRESELECT_KLARNA' });
  await page.goto(`${s.hosted_url}&locale=fr-FR`, { waitUntil: 'commit' });
  await page.getByTestId('klarna-payment-button').click();
  await expect.poll(() => callsOf(page, 'initiate').then((c) => c.length)).toBe(1);
  release();
  await expect(page.getByTestId('confirmation')).toBeVisible({ timeout: 20_000 });
  expect(await stateOf(request, s)).toBe('authorized');
  expect(authorizes).toHaveLength(1);
  expect((await callsOf(page, 'button')).map((c) => c.args[0].locale), 'no second button').toEqual(['fr-FR']);
});

test('embedded, the early button shows inside the height the frame reserves for the skeleton', async ({ page, request }) => {
  const release = await holdModule(page);
  const s = await newSession(request, { instruction: 'PRESELECT_KLARNA' });
  const { frame } = await mountCheckout(page, s, { wait: null });
  const button = frame.getByTestId('klarna-payment-button');
  await expect(button).toBeEnabled();
  const [b, f] = [await button.boundingBox(), await page.locator('#pay iframe').boundingBox()];
  expect(f.height, "checkout.js's reserved height").toBe(364);
  expect(b.y + b.height, 'the button is not cut off by the frame').toBeLessThanOrEqual(f.y + f.height);
  release();
  await expect(frame.locator('.khc-choice .khc-pay').getByTestId('klarna-payment-button')).toBeEnabled();
});

test('with a choice to make, the module mounts the button as before, when Klarna is chosen', async ({ page, request }) => {
  // SHOW_KLARNA beside the acquirer's card: nothing is selected until the shopper chooses.
  const s = await newSession(request, { instruction: 'SHOW_KLARNA' });
  await page.goto(s.hosted_url);
  await expect(page.getByTestId('klarna-radio')).toBeVisible();
  expect((await marks(page))['khc:early-button']).toBeUndefined();
  expect(await callsOf(page, 'button')).toHaveLength(0);
  await page.getByTestId('klarna-radio').check();
  await expect(page.getByTestId('klarna-payment-button')).toBeEnabled();
  expect(await callsOf(page, 'button')).toHaveLength(1);
});

test('once the page can pay, a click on the early button goes to its initiate at once, before the button is adopted', async ({ page, request }) => {
  // The page serves the early button's clicks when its presentation is applied (`khc:served`), a frame and the method
  // list's render before it moves the button into Klarna's row. The frames after that mark are held here, so the
  // button is clicked where the boot script mounted it; the authorize request is held too, so the button is adopted
  // while that payment runs.
  await holdFramesAfterServed(page);
  let releaseAuthorize;
  const authorizeHeld = new Promise((r) => (releaseAuthorize = r));
  await page.route(/\/klarna\/authorize$/, async (route) => {
    await authorizeHeld;
    await route.continue();
  });
  const authorizes = authorizations(page);
  const s = await newSession(request, { instruction: 'PRESELECT_KLARNA' });
  await page.goto(s.hosted_url);
  await expect.poll(async () => (await marks(page))['khc:served'], 'the page serves the early button').toBeDefined();
  const early = page.locator('.khc-early').getByTestId('klarna-payment-button');
  await expect(early, 'not moved into the row yet').toBeEnabled();
  await early.click();
  await expect.poll(() => authorizes.length, 'the click reached the page\'s initiate without the adoption').toBe(1);
  expect((await marks(page))['khc:adopted']).toBeUndefined();
  await page.evaluate(() => window.__releaseFrames());
  await expect(page.locator('.khc-choice .khc-pay').getByTestId('klarna-payment-button'), 'adopted while paying').toHaveCount(1);
  expect(await callsOf(page, 'unmount'), 'the paying button is not taken from Klarna').toHaveLength(0);
  releaseAuthorize();
  await expect(page.getByTestId('confirmation')).toBeVisible({ timeout: 20_000 });
  expect(await stateOf(request, s)).toBe('authorized');
  expect(authorizes, 'one authorization request').toHaveLength(1);
  expect(await callsOf(page, 'button'), 'one button, made once').toHaveLength(1);
  expect(await callsOf(page, 'initiate')).toHaveLength(1);
});

test('a served early button nobody clicked is released when Klarna presents itself anew before the adoption', async ({ page, request }) => {
  // Served, then Klarna's presentation changes (new option objects) before the page moves the button: with no click
  // paid on it, the page mounts the button for the new presentation, as it would without the serve.
  await holdFramesAfterServed(page);
  const authorizes = authorizations(page);
  const s = await newSession(request, { instruction: 'PRESELECT_KLARNA' });
  await page.goto(s.hosted_url);
  await expect.poll(async () => (await marks(page))['khc:served']).toBeDefined();
  expect(await page.evaluate(() => globalThis.__klarnaSandbox.emitPresentationUpdate({}))).toBeGreaterThan(0);
  await expect.poll(() => callsOf(page, 'presentation').then((c) => c.length), 'the page asked Klarna again').toBe(2);
  await page.evaluate(() => window.__releaseFrames());
  await expect(page.locator('.khc-early'), 'the early button is gone').toHaveCount(0);
  const button = page.locator('.khc-choice .khc-pay').getByTestId('klarna-payment-button');
  await expect(button).toBeEnabled();
  await expect(page.getByTestId('klarna-payment-button')).toHaveCount(1);
  expect((await callsOf(page, 'unmount')).length, 'the early button was unmounted').toBeGreaterThan(0);
  expect((await marks(page))['khc:adopted']).toBeUndefined();
  await button.click();
  await expect(page.getByTestId('confirmation')).toBeVisible({ timeout: 20_000 });
  expect(await stateOf(request, s)).toBe('authorized');
  expect(authorizes).toHaveLength(1);
});

test('the page renders after it serves the early button and after the button is painted; the live region then says the methods are ready', async ({ page, request }) => {
  // The module's start-up serves the early button's clicks first; its first render waits for the browser to paint
  // that button (src/flow/view.rs). This records when the module's view replaces the static shell (its section has
  // `aria-labelledby`, the shell's has not), what its live region said then, and the frame after the early button.
  await page.addInitScript(() => {
    const seen = { view: null, liveAtView: null, earlyFrame: null };
    window.__seen = seen;
    new MutationObserver(() => {
      if (seen.earlyFrame === null && document.querySelector('.khc-early') && !seen.waiting) {
        seen.waiting = true;
        requestAnimationFrame(() => (seen.earlyFrame = performance.now()));
      }
      const view = document.querySelector('section.khc[aria-labelledby]');
      if (view && seen.view === null) {
        seen.view = performance.now();
        seen.liveAtView = view.querySelector('[data-testid=live]')?.textContent ?? null;
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const s = await newSession(request, { instruction: 'PRESELECT_KLARNA' });
  await page.goto(s.hosted_url);
  await expect(page.locator('.khc-choice .khc-pay').getByTestId('klarna-payment-button')).toBeEnabled();
  const m = await marks(page);
  const seen = await page.evaluate(() => window.__seen);
  expect(m['khc:served'], 'the early button was served').toBeDefined();
  expect(seen.view, 'the view mounted').not.toBeNull();
  expect(seen.view, 'the view is rendered after the clicks are served').toBeGreaterThan(m['khc:served']);
  expect(seen.earlyFrame, 'the early button had its frame').not.toBeNull();
  expect(seen.view, 'and after the frame that paints the early button').toBeGreaterThan(seen.earlyFrame);
  expect(seen.liveAtView, 'the live region is on the page before it speaks').toBe('');
  await expect(page.getByTestId('live'), 'then it says the methods are ready').toHaveText('Zahlungsarten geladen.');
  expect(await callsOf(page, 'button'), 'one button').toHaveLength(1);
});
