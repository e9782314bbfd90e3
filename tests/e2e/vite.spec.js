// Issue 4, third way in: the npm package, packed with `npm pack`, installed into a Vite app
// (tests/vite-example, built by scripts/npm-example.sh) whose page pays with the approve persona.
import { test, expect } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BASE } from './playwright.config.js';
import { DEMO_KEY } from './pages/demo.js';

const dist = fileURLToPath(new URL('../vite-example/dist/', import.meta.url));

test('a Vite app using the npm package pays with the approve persona', async ({ page, request }) => {
  test.skip(!existsSync(dist), 'run scripts/npm-example.sh first (npm test does)');
  // Serve the built app on the checkout server's origin (an allowed origin of demo sessions).
  await page.route(`${BASE}/vite-example/**`, async (route) => {
    const path = new URL(route.request().url()).pathname.replace('/vite-example/', '') || 'index.html';
    const type = path.endsWith('.js') ? 'text/javascript' : 'text/html';
    route.fulfill({ status: 200, contentType: type, body: await readFile(dist + path) });
  });
  await page.goto('/vite-example/index.html');
  await page.getByRole('button', { name: /Pay 118,00/ }).click();
  const frame = page.frameLocator('#pay iframe');
  await frame.getByTestId('klarna-radio').check();
  await frame.getByTestId('klarna-payment-button').click();
  await expect(frame.getByTestId('confirmation')).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Paid: ');
  const events = await page.evaluate(() => window.__events.map((e) => e.type));
  expect(events).toEqual(expect.arrayContaining(['ready', 'availability', 'authorized']));
  const id = await page.evaluate(() => new URL(document.querySelector('#pay iframe').src).pathname.split('/').pop());
  const s = await (await request.get(`/v1/sessions/${id}`, { headers: { Authorization: `Bearer ${DEMO_KEY}` } })).json();
  expect(s.state).toBe('authorized');
});
