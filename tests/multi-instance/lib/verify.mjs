// After the storm: reads every checkout back through the balancer (our API and the sandbox's record of the
// Klarna calls it received) and checks that nothing was lost or doubled; builds the printed table.
import { client, MERCHANT_KEY } from './checkout.mjs';

const EXPECTED = { approve: 'authorized', stepup: 'authorized', denied: 'declined' };

export async function verify({ base, results, errors, hits, counters, cfg, lb, instances, log }) {
  const quiet = { server_errors: 0, timeouts: 0, broken_connections: 0, retries: 0 };
  const c = client(base, quiet);
  const deadline = Date.now() + 120_000;
  const failures = [...errors];
  const byPersona = {};
  const klarna = { fresh: 0, replayed: 0, sameKeyAfresh: 0 };
  for (const r of results) {
    const s = (await c.until('read back', () => c.call('GET', `/v1/sessions/${r.id}`, { bearer: MERCHANT_KEY }), (a) => a.status === 200, deadline)).json;
    const calls = (await c.until('sandbox record', () => c.call('GET', `/sandbox/klarna/requests?session=${encodeURIComponent(r.id)}`, { bearer: MERCHANT_KEY }),
      (a) => a.status === 200, deadline)).json.requests.filter((q) => q.operation === 'authorize');
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
  for (const [name, n] of Object.entries(hits)) {
    if (n < cfg.minPointHits) failures.push(`fault point ${name} was hit ${n} times, fewer than ${cfg.minPointHits}`);
  }
  const rows = [
    ['checkouts finished', `${results.length} of ${cfg.checkouts}`],
    ...Object.entries(byPersona).map(([k, v]) => [`  ${k}`, `${v.checkouts} run, ${v.final_state_ok} in the expected state, ${v.klarna_once} authorized or declined exactly once at Klarna`]),
    ['Klarna authorize calls (sandbox record)', `${klarna.fresh} new, ${klarna.replayed} replays of a Klarna-Idempotency-Key`],
    ['  same key answered afresh', `${klarna.sameKeyAfresh} (the emulator runs inside the instance: killed mid-call, it kept no answer to replay)`],
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
