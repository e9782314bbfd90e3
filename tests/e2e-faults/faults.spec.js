// Issue 5: at least 200 checkouts against a server that fails 30 % of the hosted-page API calls
// (503 before the handler, answers held past the page's timeout, connections dropped before or after the
// work), with page reloads in the middle of paying. Every approved checkout must end `authorized` exactly
// once: each session authorized, Klarna asked to authorize each session once, nothing left unpaid.
import { test, expect } from '@playwright/test';
import { DEMO_KEY } from '../e2e/pages/demo.js';

const CHECKOUTS = Number(process.env.FAULT_CHECKOUTS || 200);
const PARALLEL = Number(process.env.FAULT_PARALLEL || 6);
const RELOAD_SHARE = 0.25;

/** Drives one shopper until the page confirms (or gives up after `rounds`); returns what happened. */
async function checkout(context, request, n) {
  const created = await request.post('/demo/sessions', { data: { persona: 'approve', country: 'DE', instruction: 'PRESELECT_KLARNA' } });
  expect(created.status()).toBe(201);
  const s = await created.json();
  const page = await context.newPage();
  const stats = { id: s.id, reloads: 0, retries: 0, clicks: 0, confirmed: false, seen: [] };
  try {
    await page.goto(s.hosted_url);
    for (let round = 0; round < 30 && !stats.confirmed; round += 1) {
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
  const auth = { Authorization: `Bearer ${DEMO_KEY}` };
  let authorized = 0;
  let doubled = 0;
  for (const r of results) {
    const view = await (await request.get(`/v1/sessions/${r.id}`, { headers: auth })).json();
    if (view.state === 'authorized' && view.authorization?.payment_transaction_id) authorized += 1;
    const seen = await (await request.get(`/sandbox/klarna/requests?session=${r.id}`)).json();
    // A retry of the same attempt carries the same Klarna-Idempotency-Key and is answered from
    // Klarna's record (outcome `replayed`): only the calls Klarna performed can authorize twice.
    const initial = seen.requests.filter((q) => q.step === 'initial' && q.outcome === 'performed').length;
    if (initial > 1) doubled += 1;
  }
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
});
