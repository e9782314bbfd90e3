// Walking skeleton: a shopper pays with Klarna in the hosted page embedded by the demo merchant.
import { test, expect } from '@playwright/test';
import { DemoPage } from './pages/demo.js';

test('approve persona: confirmation names Klarna and the session is authorized', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const demo = new DemoPage(page);
  const { sessionId, hosted } = await demo.start({ persona: 'approve' });
  // Klarna's descriptors come from the SDK (the emulator), in the session's locale (de-DE).
  await expect(hosted.klarnaHeader).not.toBeEmpty();
  await hosted.payWithKlarna();
  await expect(hosted.confirmation).toBeVisible();
  await expect(hosted.confirmation).toContainText('Klarna');
  await expect(hosted.confirmation).toContainText('E-Mail von Klarna');
  const session = await demo.session(sessionId);
  expect(session.state).toBe('authorized');
  expect(session.authorization.amount).toBe(11800);
  expect(session.authorization.currency).toBe('EUR');
  expect(session.authorization.payment_transaction_id).toBeTruthy();
  expect(errors).toEqual([]);
});

test('denied persona: a clear decline message, Klarna withdrawn, session declined', async ({ page }) => {
  const demo = new DemoPage(page);
  const { sessionId, hosted } = await demo.start({ persona: 'denied' });
  await hosted.payWithKlarna();
  await expect(hosted.notice).toBeVisible();
  await expect(hosted.notice).toHaveAttribute('data-kind', 'declined');
  await expect(hosted.notice).toContainText('Klarna');
  await expect(hosted.klarnaOption).toHaveCount(0);
  await expect(hosted.confirmation).toHaveCount(0);
  const session = await demo.session(sessionId);
  expect(session.state).toBe('declined');
  expect(session.authorization).toBeUndefined();
});
