// Issue 7: keyboard and screen-reader use of the hosted page. A payment completes with Tab and Enter (or Space)
// only; focus moves to the message after a decline and to the confirmation heading; async state changes are
// announced through the polite live region; the loading skeleton does not move for shoppers who ask for less motion.
import { test, expect } from '@playwright/test';
import { newSession } from './pages/fixtures.js';
import { focused, mountCheckout } from './pages/a11y.js';

/** Records every text the hosted page's live region says (an init script runs in every frame). */
async function recordAnnouncements(page) {
  await page.addInitScript(() => {
    window.__said = [];
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="live"]')?.textContent.trim();
      if (text && window.__said.at(-1) !== text) window.__said.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
}
const said = (hosted) => hosted().evaluate(() => window.__said);

/** Presses Tab until `testid` has focus inside the hosted page (at most `max` times); fails otherwise. */
async function tabTo(page, hosted, testid, max = 6) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if ((await focused(hosted())) === testid) return;
  }
  throw new Error(`Tab never reached ${testid}; focus is on ${await focused(hosted())}`);
}

test('a payment with the keyboard only: Tab to Klarna, Tab to its button, Enter; focus lands on the confirmation', async ({ page, request }) => {
  await recordAnnouncements(page);
  const s = await newSession(request, { instruction: 'PRESELECT_KLARNA' });
  const { frame, hosted } = await mountCheckout(page, s);
  await tabTo(page, hosted, 'klarna-radio');
  await expect(frame.getByTestId('klarna-radio')).toBeChecked();
  // The focus ring is ours and visible (WCAG 2.4.7).
  expect(await frame.getByTestId('klarna-radio').evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
  await tabTo(page, hosted, 'klarna-payment-button', 1);
  await page.keyboard.press('Enter');
  await expect(frame.getByTestId('confirmation')).toBeVisible();
  await expect.poll(() => hosted().evaluate(() => document.activeElement.textContent)).toBe('Vielen Dank, Ihre Bestellung ist eingegangen');
  await expect.poll(() => hosted().evaluate(() => document.activeElement.tagName)).toBe('H2');
  const s2 = await (await request.get(`/v1/sessions/${s.id}`, { headers: { Authorization: 'Bearer sk_test_demo' } })).json();
  expect(s2.state).toBe('authorized');
  expect(await said(hosted)).toEqual(['Zahlungsarten geladen.', 'Warten auf Klarna …', 'Vielen Dank, Ihre Bestellung ist eingegangen']);
});

test('Klarna listed but not selected: Tab into the group, arrow to Klarna, Tab, Space pays', async ({ page, request }) => {
  const { frame, hosted } = await mountCheckout(page, await newSession(request, { instruction: 'SHOW_KLARNA' }));
  await page.keyboard.press('Tab');
  // A radio group is one Tab stop; with nothing chosen it starts at the first method (the card).
  expect(await hosted().evaluate(() => document.activeElement.value)).toBe('card');
  await page.keyboard.press('ArrowDown');
  await expect(frame.getByTestId('klarna-radio')).toBeChecked();
  expect(await focused(hosted())).toBe('klarna-radio');
  await tabTo(page, hosted, 'klarna-payment-button', 1);
  await page.keyboard.press('Space');
  await expect(frame.getByTestId('confirmation')).toBeVisible();
});

test('a decline moves focus to the message and says it; Tab goes on to the other methods', async ({ page, request }) => {
  await recordAnnouncements(page);
  const { frame, hosted } = await mountCheckout(page, await newSession(request, { persona: 'denied', instruction: 'PRESELECT_KLARNA' }));
  await tabTo(page, hosted, 'klarna-payment-button');
  await page.keyboard.press('Enter');
  await expect(frame.getByTestId('notice')).toHaveAttribute('data-kind', 'declined');
  await expect.poll(() => focused(hosted())).toBe('notice');
  await expect(frame.getByTestId('notice')).toHaveAccessibleName('Klarna konnte diesen Kauf nicht genehmigen');
  expect(await said(hosted)).toContain('Klarna konnte diesen Kauf nicht genehmigen');
  await page.keyboard.press('Tab');
  expect(await hosted().evaluate(() => document.activeElement.value)).toBe('card');
});

test('closing Klarna (abort) and a payment error both move focus to the message and are announced', async ({ page, request }) => {
  for (const [persona, kind, text] of [['abort', 'aborted', /geschlossen/], ['error', 'pay_error', /Zahlung ließ sich nicht abschließen/]]) {
    await recordAnnouncements(page);
    const { frame, hosted } = await mountCheckout(page, await newSession(request, { persona, instruction: 'PRESELECT_KLARNA' }));
    await tabTo(page, hosted, 'klarna-payment-button');
    await page.keyboard.press('Enter');
    await expect(frame.getByTestId('notice')).toHaveAttribute('data-kind', kind);
    await expect.poll(() => focused(hosted())).toBe('notice');
    await expect.poll(() => said(hosted)).toContainEqual(expect.stringMatching(text));
    // Klarna's button is still there, still reachable, and the shopper can try again.
    await tabTo(page, hosted, 'klarna-payment-button');
  }
});

test('a failed SDK load is announced; the retry button works from the keyboard', async ({ page, request }) => {
  await recordAnnouncements(page);
  let fail = true;
  await page.route('**/sandbox/klarna.js*', (route) => (fail ? route.abort() : route.continue()));
  const { frame, hosted } = await mountCheckout(page, await newSession(request, { instruction: 'PRESELECT_KLARNA' }), { wait: 'error' });
  await expect(frame.getByTestId('error')).toBeVisible();
  expect(await said(hosted)).toContain('Klarna konnte nicht geladen werden');
  fail = false;
  await tabTo(page, hosted, 'button.khc-button');
  await page.keyboard.press('Enter');
  await expect(frame.getByTestId('klarna-payment-button')).toBeVisible();
  await expect.poll(() => said(hosted)).toContain('Zahlungsarten geladen.');
});

test('loading: the skeleton pulses, except for shoppers who prefer reduced motion', async ({ page, request }) => {
  const animation = async (reducedMotion) => {
    await page.emulateMedia({ reducedMotion });
    await page.route('**/sandbox/klarna.js*', () => {}); // stays loading
    const { frame } = await mountCheckout(page, await newSession(request), { wait: null });
    const row = frame.locator('.khc-skeleton__row').first();
    await expect(row).toBeVisible();
    return row.evaluate((el) => ({ name: getComputedStyle(el).animationName, running: el.getAnimations().length }));
  };
  expect(await animation('no-preference')).toEqual({ name: 'khc-pulse', running: 1 });
  expect(await animation('reduce')).toEqual({ name: 'none', running: 0 });
});
