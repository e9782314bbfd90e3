// Accessibility helpers: axe-core (npm, pinned in package.json) injected into a frame and run with the WCAG 2.2 AA
// tags, and small readers of focus and motion. Specs that inject axe use `test.use({ bypassCSP: true })`: the
// hosted page and the store forbid inline scripts, and axe is a test tool, not part of the product.
import { expect } from '@playwright/test';
import { createRequire } from 'node:module';
import { BASE } from '../playwright.config.js';
import { serve, merchantPage, eventTypes } from './fixtures.js';

const require = createRequire(import.meta.url);
/** axe-core's browser bundle. */
export const AXE_PATH = require.resolve('axe-core');
/** Every WCAG A and AA rule set up to 2.2. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The hosted page's frame (a `Frame`, for evaluate and axe). */
export function hostedFrame(page) {
  return page.frames().find((f) => f.url().includes('/hpp/'));
}

/** Injects axe into `frame` once. */
export async function injectAxe(frame) {
  if (!(await frame.evaluate(() => typeof window.axe === 'object'))) await frame.addScriptTag({ path: AXE_PATH });
}

/**
 * Runs axe in `frame` (its whole document; with `iframes`, also in child frames, which must have axe injected) and
 * returns the violations, compact: `[{id, impact, help, nodes: [{target, summary}]}]`.
 */
export async function axeViolations(frame, { iframes = false } = {}) {
  await injectAxe(frame);
  return frame.evaluate(async ({ tags, iframes }) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, iframes, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  }, { tags: WCAG_TAGS, iframes });
}

/** Expects zero violations in `frame`; the message lists each rule and node. */
export async function expectNoViolations(frame, label, opts) {
  const violations = await axeViolations(frame, opts);
  const text = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target}: ${n.summary}`).join('\n')}`).join('\n');
  expect(violations, `${label}: axe violations\n${text}`).toEqual([]);
  return violations;
}

/** Injects axe into every frame of `page` and expects zero violations on the whole page, frames included. */
export async function expectPageClean(page, label) {
  for (const f of page.frames()) await injectAxe(f);
  return expectNoViolations(page.mainFrame(), label, { iframes: true });
}

/**
 * Mounts `session` with checkout.js on a merchant fixture page (`window.handle`, `window.__events`); resolves
 * when the hosted frame exists. `appearance` and `locale` go to `create()`; `wait` is the event to wait for.
 */
export async function mountCheckout(page, session, { appearance, locale, wait = 'ready', pageStyle = '' } = {}) {
  const opts = { session: session.hosted_url, target: '#pay' };
  if (appearance) opts.appearance = appearance;
  if (locale) opts.locale = locale;
  const body = `<main style="padding:16px;${pageStyle}"><h1>Merchant</h1><div id="pay"></div></main>
<script src="/checkout.js"></script>
<script>window.handle = KlarnaHostedCheckout.create(${JSON.stringify(opts)});</script>`;
  await serve(page, `${BASE}/e2e/a11y-merchant.html`, merchantPage(body));
  await page.goto('/e2e/a11y-merchant.html');
  if (wait) await expect.poll(() => eventTypes(page), { timeout: 20_000 }).toContain(wait);
  await expect.poll(() => Boolean(hostedFrame(page))).toBe(true);
  return { frame: page.frameLocator('#pay iframe'), hosted: () => hostedFrame(page) };
}

/** What has focus inside `frame`: its `data-testid`, else tag and class. */
export function focused(frame) {
  return frame.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    return el.dataset.testid || `${el.tagName.toLowerCase()}.${el.className}`;
  });
}
