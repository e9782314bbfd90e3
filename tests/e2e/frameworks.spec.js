// The React and Vue components of the npm package, in small Vite apps that install the packed tarball
// (tests/vite-react under StrictMode, tests/vite-vue; built by scripts/npm-example.sh): messaging that follows
// the quantity, one express button and one SDK load despite StrictMode's double mount, one iframe, and a
// payment with the approve persona through the hosted checkout and through the express button.
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BASE } from './playwright.config.js';
import { DEMO_KEY } from './pages/demo.js';
import { ExpressJourney } from './pages/store.js';

/** Serves the built app `name` (tests/<name>/dist) at BASE/<name>/ and opens it. */
async function openApp(page, name) {
  const dist = fileURLToPath(new URL(`../${name}/dist/`, import.meta.url));
  test.skip(!existsSync(dist), 'run scripts/npm-example.sh first (npm test does)');
  await page.route(`${BASE}/${name}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname.replace(`/${name}/`, '') || 'index.html';
    const type = path.endsWith('.js') ? 'text/javascript' : path.endsWith('.css') ? 'text/css' : 'text/html';
    await route.fulfill({ status: 200, contentType: type, body: await readFile(dist + path) });
  });
  // Counts every iframe the page ever creates (a StrictMode double mount that created and removed one would show).
  await page.addInitScript(() => {
    window.__iframesCreated = 0;
    const create = Document.prototype.createElement;
    Document.prototype.createElement = function (tag, ...rest) {
      if (String(tag).toLowerCase() === 'iframe') window.__iframesCreated += 1;
      return create.call(this, tag, ...rest);
    };
  });
  const sdkLoads = [];
  page.on('request', (r) => r.url().endsWith('/sandbox/klarna.js') && sdkLoads.push(r.frame() === page.mainFrame() ? 'page' : 'iframe'));
  await page.goto(`/${name}/index.html`);
  return sdkLoads;
}

const sdkInstances = (frame) => frame.evaluate(() => (globalThis.__klarnaSandbox?.calls ?? [])
  .filter((c) => c.method === 'KlarnaSDK').map((c) => c.args[0].products.join('+')));

async function merchantView(request, id) {
  return (await request.get(`/v1/sessions/${id}`, { headers: { Authorization: `Bearer ${DEMO_KEY}` } })).json();
}

for (const app of ['vite-react', 'vite-vue']) {
  test(`${app}: messaging, one express button, one iframe, one SDK load; pays through the hosted checkout`, async ({ page, request }) => {
    const sdkLoads = await openApp(page, app);
    const placement = page.locator('.placement [data-klarna-placement]');
    await expect(placement).toHaveAttribute('data-klarna-state', 'rendered');
    await expect(placement).toContainText('£39.34');
    await page.getByLabel('Quantity').fill('2');
    await expect(placement).toContainText('£78.67');
    await expect(page.locator('.express').getByTestId('klarna-payment-button')).toHaveCount(1);
    if (app === 'vite-react') expect(await page.evaluate(() => window.__effectRuns), 'StrictMode mounted twice').toBe(2);

    await page.getByRole('button', { name: 'Pay with the hosted checkout' }).click();
    const frame = page.frameLocator('.checkout iframe');
    await frame.getByTestId('klarna-radio').check();
    await frame.getByTestId('klarna-payment-button').click();
    await expect(page.getByRole('main').getByRole('status')).toContainText('Paid (checkout): krn:payment:');
    await expect(page.locator('iframe')).toHaveCount(1);
    expect(await page.evaluate(() => window.__iframesCreated), 'iframes ever created').toBe(1);
    expect(await page.evaluate(() => globalThis.__klarnaSandbox.callsOf('button').length), 'express buttons ever made').toBe(1);
    // The SDK module once per document; one instance for messaging and one for the express button in the
    // page (not two of each under StrictMode), one in the hosted page.
    expect(sdkLoads.sort()).toEqual(['iframe', 'page']);
    expect((await sdkInstances(page.mainFrame())).sort()).toEqual(['MESSAGING', 'PAYMENT+IDENTITY']);
    const hosted = page.frames().find((f) => f.url().includes('/hpp/'));
    expect(await sdkInstances(hosted)).toHaveLength(1);
    const events = await page.evaluate(() => window.__events.filter((e) => e.source === 'checkout').map((e) => e.type));
    expect(events).toEqual(expect.arrayContaining(['ready', 'availability', 'authorized']));
    const id = new URL(await page.locator('.checkout iframe').getAttribute('src')).pathname.split('/').pop();
    expect(await merchantView(request, id)).toMatchObject({ state: 'authorized', amount: 23600 });
  });

  test(`${app}: pays through the express button with the approve persona`, async ({ page, request }) => {
    await openApp(page, app);
    await page.getByLabel('Quantity').fill('3');
    await page.locator('.express').getByTestId('klarna-payment-button').click();
    await new ExpressJourney(page).pay('approve');
    await expect(page.getByRole('main').getByRole('status')).toContainText('Paid (express): krn:payment:');
    const done = await page.evaluate(() => window.__events.find((e) => e.source === 'express' && e.type === 'authorized'));
    expect(done).toMatchObject({ amount: 35400, currency: 'GBP', shipping: { address: { city: 'London' } } });
    expect(await merchantView(request, done.session_id)).toMatchObject({ state: 'authorized', amount: 35400 });
  });
}
