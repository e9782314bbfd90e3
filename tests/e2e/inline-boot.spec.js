// Issue 15: the hosted page's first script (www/early.src.js) is inline in the document's <head>, so it asks for
// the session's config and starts Klarna while the document is parsed, without waiting for the stylesheet or the
// module script. The page's CSP allows exactly that script by its SHA-256 (server/src/csp.rs): a changed inline
// script is refused, and the page then starts as it would without it, and pays once.
import { test, expect } from '@playwright/test';
import { newSession, marks, authorizations } from './pages/fixtures.js';

/** Collects the page's CSP violations (`directive blocked`) from its first script on. */
async function watchCsp(page) {
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return () => page.evaluate(() => window.__csp);
}

test('the first script runs before the stylesheet arrives, and the CSP allows it', async ({ page, request }) => {
  const violations = await watchCsp(page);
  let release;
  const held = new Promise((r) => (release = r));
  await page.route(/\/pkg\/checkout\.[0-9a-f]+\.css$/, async (route) => {
    const response = await route.fetch();
    await held;
    await route.fulfill({ response });
  });
  const s = await newSession(request, { instruction: 'PRESELECT_KLARNA' });
  const config = page.waitForRequest((r) => r.url().includes(`/v1/sessions/${s.id}/config`));
  await page.goto(s.hosted_url, { waitUntil: 'commit' });
  // The stylesheet is still held: only an inline script before it can have asked for the config.
  await config;
  release();
  await expect(page.locator('.khc-choice .khc-pay').getByTestId('klarna-payment-button')).toBeEnabled();
  const m = await marks(page);
  expect(m['khc:boot']).toBeLessThan(m['khc:wasm-ready']);
  expect(m['khc:early-button'], 'Klarna first, from the inline script').toBeDefined();
  expect(await violations()).toEqual([]);
});

test('a changed inline script is refused by the CSP; the page starts without it and pays once', async ({ page, request }) => {
  const violations = await watchCsp(page);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const s = await newSession(request, { instruction: 'PRESELECT_KLARNA' });
  // The document as the server sends it (its CSP header too), with one statement added to the inline script.
  await page.route((url) => url.pathname === `/hpp/${s.id}`, async (route) => {
    const response = await route.fetch();
    const html = await response.text();
    expect(html).toContain('<script>(()=>{');
    await route.fulfill({ response, body: html.replace('<script>', '<script>window.__changed=1;') });
  });
  const authorizes = authorizations(page);
  await page.goto(s.hosted_url);
  const button = page.locator('.khc-choice .khc-pay').getByTestId('klarna-payment-button');
  await expect(button).toBeEnabled();
  expect(await page.evaluate(() => window.__changed), 'the changed script never ran').toBeUndefined();
  expect((await violations()).some((v) => /^script-src/.test(v)), JSON.stringify(await violations())).toBe(true);
  const m = await marks(page);
  expect(m['khc:boot'], 'no inline script ran').toBeUndefined();
  expect(m['khc:early-button'], 'the module mounted the button itself').toBeUndefined();
  await button.click();
  await expect(page.getByTestId('confirmation')).toBeVisible({ timeout: 20_000 });
  expect(authorizes).toHaveLength(1);
  expect(errors).toEqual([]);
});
