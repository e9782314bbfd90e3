// Time to the confirmation after Klarna's `complete` (issue 15): cold loads of the hosted page on fresh sessions of
// the step-up persona (the one whose payment goes through Klarna's journey and ends in the SDK's `complete` event;
// an approval without step-up needs no journey and has none), each paid through the emulator's journey (Klarna's
// button, then the journey's Confirm); measured from the
// moment the SDK emits `complete` (the emulator records `event.complete` just before it calls the page's handler)
// to the moment the page's confirmation view is in the DOM. In between: the page's handler, its report to our
// server (which asks Klarna and writes the authorization) and the confirmation's render. This is the figure a
// lazily loaded confirmation view would have to keep (issue 15: at most 20 ms slower, median).
import { bringInPlaywright, freshPage, waitForKlarna } from './browser.mjs';
import { demoSession } from './server.mjs';
import { summary } from './stats.mjs';

/**
 * Runs in the page once Klarna's button is interactive: notes `performance.now()` when the emulator records the
 * `complete` event (its record is a plain array: its `push` is wrapped) and when the confirmation view appears.
 */
const HOOK = () => {
  const t = { complete: null, shown: null };
  Object.defineProperty(window, '__benchConfirm', { value: t });
  const calls = globalThis.__klarnaSandbox?.calls;
  if (!Array.isArray(calls)) throw new Error('no Klarna sandbox record on this page');
  const push = calls.push;
  calls.push = function (...entries) {
    if (t.complete === null && entries.some((e) => e?.method === 'event.complete')) t.complete = performance.now();
    return push.apply(this, entries);
  };
  const mo = new MutationObserver(() => {
    if (t.shown === null && document.querySelector('[data-testid=confirmation]')) {
      t.shown = performance.now();
      mo.disconnect();
    }
  });
  mo.observe(document, { subtree: true, childList: true });
};

/** One paid cold load: ms from Klarna's `complete` to the confirmation view. */
async function onePayment(browser, base, timeoutMs) {
  const s = await demoSession(base, { persona: 'stepup' });
  const { context, page, errors } = await freshPage(browser);
  try {
    await page.goto(s.hosted_url);
    await waitForKlarna(page.mainFrame(), timeoutMs, errors);
    await page.evaluate(HOOK);
    // Not by the wait after the clicks, between `complete` and the confirmation.
    await bringInPlaywright(page.mainFrame());
    await page.getByTestId('klarna-payment-button').click({ timeout: timeoutMs });
    await page.getByTestId('klarna-journey-confirm').click({ timeout: timeoutMs });
    await page.waitForFunction(() => window.__benchConfirm.shown !== null && window.__benchConfirm.complete !== null,
      null, { timeout: timeoutMs, polling: 20 });
    const t = await page.evaluate(() => window.__benchConfirm);
    if (t.shown < t.complete) throw new Error(`confirmation before complete (${t.shown} < ${t.complete})`);
    return t.shown - t.complete;
  } catch (e) {
    throw new Error(`time to the confirmation: ${e.message} (${errors.join('; ')})`);
  } finally {
    await context.close();
  }
}

/** `n` measured payments after `warmup` uncounted ones: `{n, warmup, runs, summary}` (ms). */
export async function timeToConfirmation(browser, base, { n, warmup, log = () => {}, timeoutMs = 15_000 }) {
  const runs = [];
  for (let i = 0; i < warmup + n; i++) {
    const ms = await onePayment(browser, base, timeoutMs);
    if (i >= warmup) runs.push(Math.round(ms * 10) / 10);
    if ((i + 1) % 10 === 0) log(`time to the confirmation: ${i + 1}/${warmup + n} payments`);
  }
  return { n, warmup, runs, summary: summary(runs) };
}
