// Several instances: session creation and result intake through a round-robin balancer in front of 1, 2 and 3
// server instances sharing one store, on PostgreSQL (a throwaway cluster with fsync on, scripts/pg.sh) and on
// SQLite (one WAL file shared by the processes), with the 3-instance / 1-instance ratio from the same run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBalancer } from '../../tests/multi-instance/lib/balancer.mjs';
import { freePort, startServer } from './server.mjs';
import { serverBench } from './load.mjs';

const pick = (x) => ({ throughput: x.throughput, p50: x.p50, p99: x.p99, ok: x.ok, requests: x.requests, errors: x.errors, elapsedMs: x.elapsedMs });

async function oneRun({ root, bin, wwwDir, n, backend, dbUrl, cfg, log }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'khc-bench-instances-'));
  const lbPort = await freePort();
  const publicUrl = `http://127.0.0.1:${lbPort}`;
  const env = dbUrl ? { CHECKOUT_DATABASE_URL: dbUrl } : {};
  const servers = [];
  try {
    for (let k = 0; k < n; k++) {
      servers.push(await startServer({ root, bin, wwwDir, env, dataDir, publicUrl, label: `${backend}-${n}.${k + 1}` }));
    }
    const lb = await startBalancer(servers.map((s) => ({ port: s.port })), { port: lbPort });
    try {
      log(`instances: ${backend}, ${n} instance(s) behind ${publicUrl}`);
      const r = await serverBench({ base: publicUrl, concurrency: cfg.concurrency, count: cfg.count, maxMs: cfg.maxMs });
      return { backend, instances: n, creation: pick(r.creation), authorization: pick(r.authorization), intake: pick(r.intake), connections: lb.stats.perBackend };
    } finally {
      await lb.close();
    }
  } finally {
    for (const s of servers) await s.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (xs) => { const a = xs.filter((x) => x !== null && x !== undefined).sort((p, q) => p - q); return a.length ? a[Math.floor((a.length - 1) / 2)] : null; };

/** The median of each figure over the rounds of one configuration. */
function mergeRounds(runs) {
  const phase = (k) => ({
    throughput: median(runs.map((r) => r[k].throughput)),
    p50: median(runs.map((r) => r[k].p50)),
    p99: median(runs.map((r) => r[k].p99)),
    ok: runs.reduce((a, r) => a + r[k].ok, 0),
    errors: Object.assign({}, ...runs.map((r) => r[k].errors)),
    rounds: runs.map((r) => r[k].throughput),
  });
  return { backend: runs[0].backend, instances: runs[0].instances, creation: phase('creation'), authorization: phase('authorization'), intake: phase('intake') };
}

/**
 * Runs every backend × instance count, `cfg.rounds` times interleaved (1, 2, 3, 1, 2, 3, …) so a change in
 * the machine's load spreads over every configuration; reports the median of the rounds and the ratios.
 */
export async function instanceScaling({ root, bin, wwwDir, cfg, log, counts = [1, 2, 3] }) {
  const os = await import('node:os');
  const loadStart = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const runs = [];
  const pgDir = mkdtempSync(join(tmpdir(), 'khc-bench-pg-'));
  const pg = join(root, 'scripts/pg.sh');
  try {
    const url = execFileSync('bash', [pg, 'start', pgDir, String(await freePort())], { encoding: 'utf8', env: { ...process.env, PG_DURABLE: '1' } }).trim();
    for (let round = 1; round <= cfg.rounds; round++) {
      for (const n of counts) {
        runs.push(await oneRun({ root, bin, wwwDir, n, backend: 'sqlite', cfg, log }));
        const db = `bench_${round}_${n}`;
        execFileSync('psql', [url, '-qc', `CREATE DATABASE ${db}`]);
        runs.push(await oneRun({ root, bin, wwwDir, n, backend: 'postgres', dbUrl: url.replace(/\/checkout$/, `/${db}`), cfg, log }));
      }
    }
  } finally {
    execFileSync('bash', [pg, 'stop', pgDir]);
  }
  const rows = [];
  for (const backend of ['sqlite', 'postgres']) {
    for (const n of counts) rows.push(mergeRounds(runs.filter((r) => r.backend === backend && r.instances === n)));
  }
  const ratio = (backend, phase) => {
    const one = rows.find((r) => r.backend === backend && r.instances === 1)?.[phase].throughput;
    const three = rows.find((r) => r.backend === backend && r.instances === 3)?.[phase].throughput;
    return one && three ? Math.round((three / one) * 100) / 100 : null;
  };
  const ratios = {};
  for (const b of ['sqlite', 'postgres']) ratios[b] = { creation: ratio(b, 'creation'), intake: ratio(b, 'intake') };
  const loadEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
  return { config: cfg, rows, ratios, loadStart, loadEnd };
}

/** The BENCHMARKS.md section. */
export function instancesSection(r) {
  const i = r.instances;
  if (!i) return '';
  const cell = (x) => `${x.throughput}/s (rounds ${x.rounds.join(', ')}), p50 ${x.p50} ms, p99 ${x.p99} ms${Object.keys(x.errors).length ? ` (errors ${JSON.stringify(x.errors)})` : ''}`;
  const rows = i.rows.map((x) => `| ${x.backend} | ${x.instances} | ${cell(x.creation)} | ${cell(x.intake)} |`).join('\n');
  return `## Several instances behind a load balancer

${i.date ?? ''} Session creation (\`POST /v1/sessions\`) and result intake (\`POST /v1/sessions/{id}/result\`, a new
\`Idempotency-Key\` each) through a round-robin TCP balancer (tests/multi-instance/lib/balancer.mjs) in front of 1, 2
and 3 release-build instances sharing one store: PostgreSQL 15 (a throwaway cluster, fsync on, like SQLite's
\`synchronous=FULL\`) and SQLite (one WAL file shared by the processes). Closed loop, concurrency ${i.config.concurrency},
up to ${i.config.count} requests or ${i.config.maxMs} ms per phase after a warm-up; ${i.config.rounds} rounds, the
configurations interleaved, each cell the median of its rounds (the rounds' throughputs in brackets).
Everything (instances, PostgreSQL, balancer, load generator) shares the machine's ${r.machine?.cores ?? '?'} cores;
load average ${i.loadStart?.join(' ')} at the start and ${i.loadEnd?.join(' ')} at the end (other work on the
machine shows here: above 2, the figures are noisy, and the spread of the rounds says how much).

| store | instances | session creation | result intake |
|---|---|---|---|
${rows}

Ratio 3 instances / 1 instance (throughput, same run): PostgreSQL creation ${i.ratios.postgres.creation}×, intake
${i.ratios.postgres.intake}×; SQLite creation ${i.ratios.sqlite.creation}×, intake ${i.ratios.sqlite.intake}×.
On 2 cores three instances compete with PostgreSQL and the generator for the same CPUs, so the goal here is no
loss (≥ 1×) with every correctness figure intact (the multi-instance fault suite), not a triple; with a core or
more per instance and PostgreSQL on its own machine, throughput grows with the instances until the database's
commit rate is the limit. SQLite has one connection per process (behind a mutex), so a second process on the
same file adds a connection until its single write lock is the limit, and its p99 grows with the lock waits;
it can't span machines either: run several instances on PostgreSQL.
`;
}
