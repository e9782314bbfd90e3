// After the storm: reads every checkout back through the balancer (our API and the sandbox's record of the
// Klarna calls it received) and checks that nothing was lost or doubled; builds the printed table.
import { execFileSync } from 'node:child_process';
import { client, MERCHANT_KEY, CAPTURE, REFUND } from './checkout.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `fn` over `items`, `n` at a time, results in order. */
async function pmap(items, n, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) { const i = next++; out[i] = await fn(items[i]); }
  }));
  return out;
}
const EVENTS = { approve: ['session.authorized', 'payment.captured', 'payment.refunded'], stepup: ['session.authorized', 'payment.captured', 'payment.refunded'], denied: ['session.declined'] };

/** Waits until every payment is settled (no pending capture or refund) and every notification is delivered. */
async function quiesce(c, results, receiver, deadline, log) {
  let waiting = results.filter((r) => r.persona !== 'denied');
  for (;;) {
    const settled = await pmap(waiting, 8, async (r) => {
      const s = (await c.until('read back', () => c.call('GET', `/v1/sessions/${r.id}`, { bearer: MERCHANT_KEY }), (a) => a.status === 200, deadline)).json;
      const p = s.payment;
      const ops = [...(p?.captures ?? []), ...(p?.refunds ?? [])];
      return Boolean(p) && !ops.some((o) => o.status === 'pending');
    });
    const open = waiting.filter((_, k) => !settled[k]);
    waiting = open;
    const undelivered = (await c.until('undelivered', () => c.call('GET', '/v1/events?delivered=false&limit=100', { bearer: MERCHANT_KEY }), (a) => a.status === 200, deadline)).json;
    const left = (undelivered.events ?? undelivered.data ?? undelivered).length ?? 0;
    if (!open.length && !left) return { pending: 0, undelivered: 0 };
    if (Date.now() > deadline) return { pending: open.length, undelivered: left };
    log(`waiting: ${open.length} payments with a pending operation, ${left} notifications not yet delivered (${receiver.got.length} received)`);
    await sleep(3000);
  }
}


const EXPECTED = { approve: 'authorized', stepup: 'authorized', denied: 'declined' };

export async function verify({ base, results, errors, hits, counters, cfg, lb, instances, log, receiver, dbUrl }) {
  const quiet = { server_errors: 0, timeouts: 0, broken_connections: 0, retries: 0 };
  const c = client(base, quiet);
  const deadline = Date.now() + 180_000;
  const failures = [...errors];
  const rest = await quiesce(c, results, receiver, deadline, log);
  if (rest.pending) failures.push(`${rest.pending} payments still had a pending capture or refund at the deadline`);
  if (rest.undelivered) failures.push(`${rest.undelivered} notifications were still undelivered at the deadline`);
  const received = new Map();
  for (const g of receiver.got) {
    const k = `${g.session} ${g.type}`;
    received.set(k, (received.get(k) ?? new Set()).add(g.id));
  }
  const ids = receiver.got.map((g) => g.id);
  const duplicates = ids.length - new Set(ids).size;
  const lifecycle = { captures_once: 0, refunds_once: 0, notified: 0 };
  const byPersona = {};
  const klarna = { fresh: 0, replayed: 0, sameKeyAfresh: 0 };
  const fetched = await pmap(results, 8, async (r) => {
    const s = (await c.until('read back', () => c.call('GET', `/v1/sessions/${r.id}`, { bearer: MERCHANT_KEY }), (a) => a.status === 200, deadline)).json;
    const all = (await c.until('sandbox record', () => c.call('GET', `/sandbox/klarna/requests?session=${encodeURIComponent(r.id)}`, { bearer: MERCHANT_KEY }),
      (a) => a.status === 200, deadline)).json.requests;
    return { s, all };
  });
  for (const [k, r] of results.entries()) {
    const { s, all } = fetched[k];
    const calls = all.filter((q) => q.operation === 'authorize');
    // Captures and refunds: Klarna performed each under exactly one Klarna-Idempotency-Key; ours add up.
    if (r.persona !== 'denied') {
      // Keys Klarna acted on (performed, or replayed: then it had performed it under that key; the emulator,
      // killed with its instance between doing and logging, can leave only the replay in its record).
      const performed = (op) => new Set(all.filter((q) => q.operation === op && ['performed', 'replayed'].includes(q.outcome)).map((q) => q.idempotency_key)).size;
      const p = s.payment ?? {};
      if (performed('capture') === 1 && p.captured_amount === CAPTURE) lifecycle.captures_once++;
      else failures.push(`checkout ${r.i} ${r.id}: capture performed under ${performed('capture')} keys at Klarna, captured_amount ${p.captured_amount} (expected 1, ${CAPTURE})`);
      if (performed('refund') === 1 && p.refunded_amount === REFUND) lifecycle.refunds_once++;
      else failures.push(`checkout ${r.i} ${r.id}: refund performed under ${performed('refund')} keys at Klarna, refunded_amount ${p.refunded_amount} (expected 1, ${REFUND})`);
    }
    const missing = EVENTS[r.persona].filter((t) => !received.has(`${r.id} ${t}`));
    if (missing.length) failures.push(`checkout ${r.i} ${r.id}: notifications never received: ${missing.join(', ')}`);
    else lifecycle.notified++;
    // Klarna creates one transaction per Klarna-Idempotency-Key: count the keys of new (not replayed) calls.
    const freshKeys = (step) => new Set(calls.filter((q) => q.step === step && q.replayed === false).map((q) => q.klarna_idempotency_key));
    const fresh = (step) => freshKeys(step).size;
    klarna.sameKeyAfresh += calls.filter((q) => !q.replayed).length - fresh('initial') - fresh('final');
    klarna.fresh += calls.filter((q) => !q.replayed).length;
    klarna.replayed += calls.filter((q) => q.replayed).length;
    const p = (byPersona[r.persona] ??= { checkouts: 0, final_state_ok: 0, klarna_once: 0 });
    p.checkouts++;
    const want = EXPECTED[r.persona];
    if (s.state === want && (want !== 'authorized' || s.authorization?.payment_transaction_id)) p.final_state_ok++;
    else failures.push(`checkout ${r.i} (${r.persona}) ${r.id}: state ${s.state}, expected ${want}`);
    // Exactly one authorization at Klarna: one key for the call that decides it.
    const deciding = r.persona === 'stepup' ? fresh('final') : fresh('initial');
    const stray = r.persona === 'stepup' ? 0 : fresh('final');
    if (deciding === 1 && stray === 0) p.klarna_once++;
    else failures.push(`checkout ${r.i} (${r.persona}) ${r.id}: ${deciding} Klarna-Idempotency-Keys on deciding calls, ${stray} on stray finals (expected exactly 1 and 0): ${JSON.stringify(calls)}`);
  }
  let jobs = null;
  try {
    const read = () => execFileSync('psql', [dbUrl, '-Atc',
      "SELECT count(*) FILTER (WHERE attempts > 1), count(*) FILTER (WHERE status = 'running'), count(*) FILTER (WHERE status = 'failed'), count(*) FROM jobs"], { encoding: 'utf8' }).trim().split('|').map(Number);
    // A job leased by an instance killed at the end is claimed again once its lease (15 s) runs out.
    let [rerun, running, failed, total] = read();
    for (let waited = 0; running && waited < 40_000; waited += 2000) {
      await sleep(2000);
      [rerun, running, failed, total] = read();
    }
    jobs = { rerun, running, failed, total };
    if (running) failures.push(`${running} jobs still running (leased) after the storm`);
    if (failed) failures.push(`${failed} jobs gave up`);
  } catch (e) { failures.push(`reading the job table: ${e.message}`); }
  for (const [name, n] of Object.entries(hits)) {
    if (n < cfg.minPointHits) failures.push(`fault point ${name} was hit ${n} times, fewer than ${cfg.minPointHits}`);
  }
  const rows = [
    ['checkouts finished', `${results.length} of ${cfg.checkouts}`],
    ...Object.entries(byPersona).map(([k, v]) => [`  ${k}`, `${v.checkouts} run, ${v.final_state_ok} in the expected state, ${v.klarna_once} authorized or declined exactly once at Klarna`]),
    ['Klarna authorize calls (sandbox record)', `${klarna.fresh} new, ${klarna.replayed} replays of a Klarna-Idempotency-Key`],
    ['  same key answered afresh', `${klarna.sameKeyAfresh} (the emulator runs inside the instance: killed mid-call, it kept no answer to replay)`],
    ['captures, refunds exactly once at Klarna', `${lifecycle.captures_once}, ${lifecycle.refunds_once} of ${results.filter((r) => r.persona !== 'denied').length} authorized checkouts (${CAPTURE} captured, ${REFUND} refunded each)`],
    ['checkouts with every notification received', `${lifecycle.notified} of ${results.length}; ${receiver.got.length} deliveries, ${duplicates} repeats of an event already received`],
    ['jobs', jobs ? `${jobs.total} run, ${jobs.rerun} ran again after a kill or a retry, ${jobs.running} left leased, ${jobs.failed} given up` : 'unknown'],
    ['SIGKILLs on the timer', counters.timer_kills],
    ...Object.entries(hits).map(([k, v]) => [`SIGKILLs at fault point ${k}`, v]),
    ['instance starts', instances.map((i) => `${i.name} ${i.starts}`).join(', ')],
    ['client-seen 5xx / time-outs / broken connections', `${counters.server_errors} / ${counters.timeouts} / ${counters.broken_connections}`],
    ['retries', counters.retries],
    ['balancer connections per instance', `${lb.stats.perBackend.join(' / ')} (${lb.stats.skipped} refused and passed on)`],
    ['failures', failures.length],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  const table = ['', 'multi-instance fault suite', ...rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`), ''].join('\n');
  log('verified');
  return { table, failures };
}
