// Issue 5: at least 200 checkouts against a server that fails 30 % of the hosted-page API calls
// (503 before the handler, answers held past the page's timeout, connections dropped before or after the
// work), with page reloads in the middle of paying. Every approved checkout must end `authorized` exactly
// once: each session authorized, Klarna asked to authorize each session once, nothing left unpaid.
// Issue 13: then each payment is captured in full and refunded in part through the merchant API, which fails
// 30 % of its calls too, while the sandbox's Klarna fails some captures and refunds (lifecycle.js): every
// payment captured exactly its amount at Klarna, no capture or refund doubled, every notification delivered.
import { test, expect } from '@playwright/test';
import {
  allDelivered, atKlarna, captureAndRefund, newTally, pool, received, refundOf, retried,
} from './lifecycle.js';

const CHECKOUTS = Number(process.env.FAULT_CHECKOUTS || 200);
const PARALLEL = Number(process.env.FAULT_PARALLEL || 6);
const RELOAD_SHARE = 0.25;
/** Merchant API clients at once (no browser: the server's two cores are the limit). */
const API_PARALLEL = Number(process.env.FAULT_API_PARALLEL || 16);

/** Drives one shopper until the page confirms (or gives up after `rounds`); returns what happened. */
async function checkout(context, request, n) {
  const created = await request.post('/demo/sessions', { data: { persona: 'approve', country: 'DE', instruction: 'PRESELECT_KLARNA' } });
  expect(created.status()).toBe(201);
  const s = await created.json();
  const page = await context.newPage();
  const stats = { id: s.id, reloads: 0, retries: 0, clicks: 0, confirmed: false, seen: [] };
  // A page opened on its own follows its confirmation's "Back to the shop" link (/hpp/{id}/return, rendered only
  // in the confirmation view) five seconds after showing it. A click that waits out its own 5 s timeout can miss
  // that window, and the page is then the shop's: that request is the proof the confirmation was shown.
  let returned = false;
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === `/hpp/${s.id}/return`) returned = true;
  });
  try {
    await page.goto(s.hosted_url);
    for (let round = 0; round < 30 && !stats.confirmed; round += 1) {
      if (returned) {
        stats.seen.push('returned to the shop from the confirmation');
        stats.confirmed = true;
        break;
      }
      const what = await Promise.race([
        page.getByTestId('confirmation').waitFor().then(() => 'confirmed'),
        page.getByTestId('klarna-payment-button').waitFor().then(() => 'button'),
        page.getByTestId('error').waitFor().then(() => 'error'),
        page.getByTestId('closed').waitFor().then(() => 'closed'),
        page.waitForTimeout(20000).then(() => 'timeout'),
      ].map((p) => p.catch(() => 'timeout')));
      stats.seen.push(what);
      if (what === 'confirmed') {
        stats.confirmed = true;
      } else if (what === 'error' || what === 'closed' || what === 'timeout') {
        stats.retries += 1;
        await page.reload();
      } else if (what === 'button') {
        const notice = page.getByTestId('notice');
        const before = await notice.getAttribute('data-kind').catch(() => null);
        await page.getByTestId('klarna-payment-button').click({ timeout: 5000 }).catch(() => {});
        stats.clicks += 1;
        if (Math.random() < RELOAD_SHARE) {
          // Reload while the authorization or the result is on the wire.
          await page.waitForTimeout(Math.floor(Math.random() * 400));
          stats.reloads += 1;
          await page.reload();
          continue;
        }
        await Promise.race([
          page.getByTestId('confirmation').waitFor({ timeout: 15000 }),
          page.waitForFunction(
            (b) => document.querySelector('[data-testid=notice]')?.getAttribute('data-kind') !== b
              && document.querySelector('[data-testid=notice]')?.getAttribute('data-kind') !== null,
            before, { timeout: 15000 },
          ),
        ]).catch(() => {});
      }
    }
    if (!stats.confirmed) {
      stats.text = (await page.locator('body').innerText().catch(() => '')).slice(0, 300);
      console.log(`not confirmed: ${JSON.stringify(stats)}`);
    }
  } finally {
    await page.close();
  }
  if (n % 20 === 0) console.log(`checkout ${n}: ${JSON.stringify(stats)}`);
  return stats;
}

test(`${CHECKOUTS} checkouts against 30 % faults with reloads: every one authorized exactly once`, async ({ browser, request }) => {
  const context = await browser.newContext();
  // What the pages saw of the faults (the suite must not pass on a server that injects none).
  const seen = { http503: 0, broken: 0, calls: 0 };
  context.on('response', (r) => {
    if (!r.url().includes('/v1/sessions/')) return;
    seen.calls += 1;
    if (r.status() === 503) seen.http503 += 1;
  });
  context.on('requestfailed', (r) => {
    if (r.url().includes('/v1/sessions/')) seen.broken += 1;
  });
  const results = [];
  let next = 0;
  const t0 = Date.now();
  await Promise.all(Array.from({ length: PARALLEL }, async () => {
    while (next < CHECKOUTS) {
      const n = next;
      next += 1;
      results.push(await checkout(context, request, n));
    }
  }));
  await context.close();
  const tally = newTally();
  let authorized = 0;
  let doubled = 0;
  await pool(results, API_PARALLEL, async (r) => {
    const { json: view } = await retried(request, tally, 'GET', `/v1/sessions/${r.id}`);
    if (view.state === 'authorized' && view.authorization?.payment_transaction_id) authorized += 1;
    const seen = await (await request.get(`/sandbox/klarna/requests?session=${r.id}`)).json();
    // A retry of the same attempt carries the same Klarna-Idempotency-Key and is answered from
    // Klarna's record (outcome `replayed`): only the calls Klarna performed can authorize twice.
    const initial = seen.requests.filter((q) => q.step === 'initial' && q.outcome === 'performed').length;
    if (initial > 1) doubled += 1;
  });
  const sum = (k) => results.reduce((a, r) => a + r[k], 0);
  const confirmed = results.filter((r) => r.confirmed).length;
  console.log(`fault suite: ${results.length} checkouts in ${((Date.now() - t0) / 1000).toFixed(0)} s; `
    + `authorized ${authorized}, shown confirmed ${confirmed}, authorized twice at Klarna ${doubled}; `
    + `clicks ${sum('clicks')}, page reloads ${sum('reloads')}, recoveries ${sum('retries')}; `
    + `API calls ${seen.calls}, 503s ${seen.http503}, broken or timed-out calls ${seen.broken}`);
  expect(seen.http503 + seen.broken, 'faults were injected').toBeGreaterThan(CHECKOUTS / 10);
  expect(results.length).toBe(CHECKOUTS);
  expect(authorized, 'every approved checkout ends authorized').toBe(CHECKOUTS);
  expect(doubled, 'no session is authorized twice at Klarna').toBe(0);
  expect(confirmed, 'every shopper sees the confirmation').toBe(CHECKOUTS);

  // Issue 13: capture each payment in full and refund a third of it, API_PARALLEL at a time, through the faulty API.
  const t1 = Date.now();
  const done = await pool(results, API_PARALLEL, (r) => captureAndRefund(request, tally, r.id));
  const lifecycleSeconds = (Date.now() - t1) / 1000;
  const deliveredAfterMs = await allDelivered(request, tally);
  const figures = {
    capturedExactly: 0, refundedExactly: 0, captureDoubled: 0, refundDoubled: 0, replayed: 0, klarnaFailed: 0,
    pendingAnswers: 0, notifications: 0, notificationsMissing: 0, refusedSignatures: 0,
  };
  const klarna = await pool(done, API_PARALLEL, (d) => atKlarna(request, d.id, d.view.payment.payment_transaction_id));
  const inbox = await pool(done, API_PARALLEL, (d) => received(request, d.id));
  done.forEach((d, i) => {
    const k = klarna[i];
    if (k.captured === d.amount && k.captures === 1) figures.capturedExactly += 1;
    if (k.refunded === refundOf(d.amount) && k.refunds === 1) figures.refundedExactly += 1;
    if (k.capturesPerformed !== 1 || k.captures !== 1) figures.captureDoubled += 1;
    if (k.refundsPerformed !== 1 || k.refunds !== 1) figures.refundDoubled += 1;
    figures.replayed += k.replayed;
    figures.klarnaFailed += k.klarnaFailed;
    figures.pendingAnswers += Number(d.pendingCapture) + Number(d.pendingRefund);
    const p = d.view.payment;
    expect(p, d.id).toMatchObject({ captured_amount: d.amount, refunded_amount: refundOf(d.amount), state: 'partially_refunded' });
    expect(p.captures.length + p.refunds.length, `${d.id}: one capture and one refund on record`).toBe(2);
    const got = inbox[i];
    const want = ['payment.captured', 'payment.refunded', 'session.authorized'];
    figures.notifications += got.types.length;
    figures.refusedSignatures += got.refused;
    if (JSON.stringify(got.types) !== JSON.stringify(want)) figures.notificationsMissing += 1;
  });
  console.log(`fault suite, after the authorization: ${done.length} payments captured and partly refunded in `
    + `${lifecycleSeconds.toFixed(0)} s; captured exactly their amount at Klarna ${figures.capturedExactly}, `
    + `refunded exactly ${figures.refundedExactly}, captures doubled ${figures.captureDoubled}, refunds doubled `
    + `${figures.refundDoubled}; merchant API calls ${tally.calls}, 503s ${tally.http503}, lost answers ${tally.lost}, `
    + `still-in-flight ${tally.inFlight}, client retries ${tally.retries}; Klarna failures ${figures.klarnaFailed}, `
    + `Klarna replays of a repeated key ${figures.replayed}, answered pending ${figures.pendingAnswers}; `
    + `notifications verified by the shop ${figures.notifications} (all delivered ${(deliveredAfterMs / 1000).toFixed(1)} s `
    + `after the last call), sessions missing one ${figures.notificationsMissing}, refused signatures ${figures.refusedSignatures}`);
  expect(tally.http503 + tally.lost, 'faults were injected into the merchant API').toBeGreaterThan(CHECKOUTS / 10);
  expect(done.length).toBe(CHECKOUTS);
  expect(figures.capturedExactly, 'every payment captured exactly its amount at Klarna').toBe(CHECKOUTS);
  expect(figures.refundedExactly, 'every refund reached Klarna once, for its amount').toBe(CHECKOUTS);
  expect(figures.captureDoubled + figures.refundDoubled, 'no capture or refund doubled').toBe(0);
  expect(figures.notificationsMissing, 'every notification delivered and verified').toBe(0);
  expect(figures.refusedSignatures).toBe(0);
});
