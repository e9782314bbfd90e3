// What the hosted page answers the merchant page when things don't go to plan (browser-side outside tester):
// a session that can't be loaded is an `error` event, a command the page can't read is answered naming the
// field, an `update()` whose amount the session doesn't have is refused, and the page's language and focus
// follow the shopper.
import { test, expect } from '@playwright/test';
import { BASE } from './playwright.config.js';
import { newSession, serve, merchantPage } from './pages/fixtures.js';
import { DEMO_KEY } from './pages/demo.js';

const SDK = '**/sandbox/klarna.js*';

async function mount(page, options) {
  const body = `<div id="pay"></div><script src="/checkout.js"></script>
<script>window.handle = KlarnaHostedCheckout.create(Object.assign({ target: '#pay' }, ${JSON.stringify(options)}));</script>`;
  await serve(page, `${BASE}/e2e/answers.html`, merchantPage(body));
  await page.goto('/e2e/answers.html');
  return page.frameLocator('#pay iframe');
}

const errors = (page) => page.evaluate(() => window.__events.filter((e) => e.type === 'error'));

test('a wrong client secret: the merchant page hears session_unavailable (not frame_refused), the shopper sees the link is not valid', async ({ page, request }) => {
  const s = await newSession(request);
  const frame = await mount(page, { session: s.id, clientSecret: 'hcs_secret_wrong0000000000000000', baseUrl: BASE });
  await expect(frame.getByTestId('closed')).toBeVisible();
  await expect.poll(async () => (await errors(page)).map((e) => e.code)).toEqual(['session_unavailable']);
  const [event] = await errors(page);
  expect(event.message).toBe('the session could not be loaded (unauthorized): wrong client secret for this session');
  // No more than that one event: the channel stays shut, so nothing else about the session goes out.
  await page.waitForTimeout(1800);
  expect((await errors(page)).map((e) => e.code)).toEqual(['session_unavailable']);
});

test("the session's config fails on the server: session_unavailable after the page's retries", async ({ page, request }) => {
  const s = await newSession(request);
  await page.route('**/v1/sessions/*/config*', (route) => route.fulfill({
    status: 500, contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'internal', message: 'the database is down', fields: [] } }),
  }));
  const frame = await mount(page, { session: s.hosted_url });
  await expect(frame.getByTestId('error')).toBeVisible({ timeout: 20_000 });
  await expect.poll(async () => (await errors(page)).map((e) => e.code)).toContain('session_unavailable');
  expect((await errors(page)).find((e) => e.code === 'session_unavailable').message).toBe('the session could not be loaded (internal): the database is down');
  // "Try again" once the server is back: the session loads, the channel opens and the page is ready. Focus
  // moves to the page's heading, not to <body>, when the failure view and its button go.
  await page.unroute('**/v1/sessions/*/config*');
  await frame.getByTestId('error').getByRole('button').click();
  await expect(frame.getByTestId('klarna-option')).toBeVisible();
  await expect.poll(() => page.evaluate(() => window.__events.map((e) => e.type))).toContain('ready');
  expect(await frame.locator(':focus').getAttribute('id')).toBe('khc-title');
});

test('"Try again" after Klarna failed keeps focus in the page (on its heading)', async ({ page, request }) => {
  await page.route(SDK, (route) => route.fulfill({ status: 404, body: 'not found' }));
  const s = await newSession(request);
  const frame = await mount(page, { session: s.hosted_url });
  const retry = frame.getByTestId('error').getByRole('button');
  await expect(retry).toBeVisible({ timeout: 20_000 });
  await page.unroute(SDK);
  await retry.focus();
  await page.keyboard.press('Enter');
  await expect(frame.getByTestId('klarna-option')).toBeVisible();
  expect(await frame.locator(':focus').getAttribute('id')).toBe('khc-title');
});

test("a command the page can't read is answered at once, naming the field (not left to the loader's 15 s time limit)", async ({ page, request }) => {
  const s = await newSession(request);
  const frame = await mount(page, { session: s.hosted_url });
  await expect(frame.getByTestId('klarna-option')).toBeVisible();
  // Posted as a loader of another version would post it, past checkout.js's own checks.
  const reply = await page.evaluate(() => new Promise((resolve) => {
    const iframe = document.querySelector('#pay iframe');
    const channel = new URLSearchParams(new URL(iframe.src).hash.slice(1)).get('ch');
    const replies = [];
    addEventListener('message', (e) => {
      const m = JSON.parse(e.data);
      if (m.type === 'reply') replies.push(m.id);
      if (m.type === 'reply' && m.id === 9001) resolve({ ...m, replies });
    });
    setTimeout(() => resolve('no reply in 3 s'), 3000);
    const command = { type: 'update', currency: ['EUR'] };
    const origin = new URL(iframe.src).origin;
    // The same message of another channel (another mount's) first: not answered (docs/protocol.md).
    iframe.contentWindow.postMessage(JSON.stringify({ khc: 1, channel: 'khc_other_mount', type: 'command', id: 9000, command }), origin);
    iframe.contentWindow.postMessage(JSON.stringify({ khc: 1, channel, type: 'command', id: 9001, command }), origin);
  }));
  expect(reply.replies).toEqual([9001]);
  expect(reply.ok).toBe(false);
  expect(reply.error.code).toBe('invalid_command');
  expect(reply.error.message).toContain('currency');
});

test("update({amount}) the session doesn't have is refused naming amount; the page shows the session's", async ({ page, request }) => {
  const s = await newSession(request);
  const frame = await mount(page, { session: s.hosted_url });
  await expect(frame.getByTestId('total')).toHaveText(/118,00/);
  const refused = await page.evaluate(() => window.handle.update({ amount: 5900 }).then(() => 'ok', (e) => [e.code, e.message]));
  expect(refused[0]).toBe('session_mismatch');
  expect(refused[1]).toMatch(/^amount: the session is at 11800 EUR \(minor units\); PATCH it/);
  await expect(frame.getByTestId('total')).toHaveText(/118,00/);
  const currency = await page.evaluate(() => window.handle.update({ currency: 'SEK' }).then(() => 'ok', (e) => e.code));
  expect(currency).toBe('session_mismatch');
  // After the merchant server's PATCH the same update is fine.
  const patch = await request.patch(`/v1/sessions/${s.id}`, {
    headers: { Authorization: `Bearer ${DEMO_KEY}` },
    data: { amount: 5900, order_lines: [{ name: 'Socks', quantity: 1, unit_price: 5900, total_amount: 5900 }] },
  });
  expect(patch.status()).toBe(200);
  expect(await page.evaluate(() => window.handle.update({ amount: 5900 }).then(() => 'ok', (e) => e.code))).toBe('ok');
  await expect(frame.getByTestId('total')).toHaveText(/59,00/);
});

test("the document's language is the page's, also after a change of locale", async ({ page, request }) => {
  const s = await newSession(request);
  const frame = await mount(page, { session: s.hosted_url });
  await expect(frame.getByTestId('total')).toHaveText(/118,00/);
  await expect(frame.locator('section.khc')).toHaveAttribute('lang', /^de/);
  await page.evaluate(() => window.handle.update({ locale: 'en-DE' }));
  await expect(frame.locator('html')).toHaveAttribute('lang', 'en-DE');
});

test('an unknown session id: the frame says the link is not valid and the merchant page hears session_unavailable (not frame_refused)', async ({ page }) => {
  const frame = await mount(page, { session: `${BASE}/hpp/hcs_00000000000000000000000000000000#cs=hcs_secret_x` });
  await expect(frame.getByTestId('closed')).toBeVisible({ timeout: 20_000 });
  await expect.poll(async () => (await errors(page)).map((e) => e.code)).toEqual(['session_unavailable']);
  await page.waitForTimeout(1800);
  expect((await errors(page)).map((e) => e.code)).toEqual(['session_unavailable']);
});

test('after the payment every command is refused with session_ended: Klarna is not asked again, the language stays', async ({ page, request }) => {
  const s = await newSession(request);
  const frame = await mount(page, { session: s.hosted_url });
  await frame.getByTestId('klarna-radio').check();
  await frame.getByTestId('klarna-payment-button').click();
  await expect(frame.getByTestId('confirmation')).toBeVisible();
  const heading = await frame.getByTestId('confirmation').innerText();
  // Every request the page makes from here on (a re-read of the session, a presentation).
  const asked = [];
  page.on('request', (r) => { if (r.frame() !== page.mainFrame()) asked.push(r.url()); });
  const update = await page.evaluate(() => window.handle.update({ locale: 'en-DE' }).then(() => 'ok', (e) => [e.code, e.message]));
  expect(update[0]).toBe('session_ended');
  expect(update[1]).toBe('the session is paid: the page takes no more commands');
  const token = await page.evaluate(() => window.handle.setNetworkSessionToken('krn:network:eu1:test:after').then(() => 'ok', (e) => e.code));
  expect(token).toBe('session_ended');
  await expect(frame.locator('section.khc')).toHaveAttribute('lang', /^de/);
  expect(await frame.getByTestId('confirmation').innerText()).toBe(heading);
  expect(asked).toEqual([]);
});
