// The config answer's throughput, two server builds against each other on one machine: an A/B for a change to
// `GET /v1/sessions/{id}/config` (0.13.0's `authorization_pending` read of the session's events cost 16 %).
// Each round starts each release server in turn (the order alternates), creates 200 open sessions, warms up
// with 200 reads, then times 5,000 config reads at concurrency 16 with the bench's load generator, and prints
// one line per server and round. Build the older server in a worktree first, e.g.
//   git worktree add /tmp/wt-old <commit> && (cd /tmp/wt-old && cargo build --release -p checkout-server)
//   node bench/spikes/config-ab.mjs /tmp/wt-old/target/release/checkout-server target/release/checkout-server
// ROUNDS (default 4) sets the rounds.
import { startServer } from '../lib/server.mjs';
import { runLoad } from '../lib/load.mjs';
import { configRead, openSessions } from '../lib/page-load.mjs';

const root = new URL('../..', import.meta.url).pathname;
const [before, after] = process.argv.slice(2);
if (!before || !after) {
  console.error('usage: node bench/spikes/config-ab.mjs <server binary before> <server binary after>');
  process.exit(2);
}
const rounds = Number(process.env.ROUNDS || 4);
const seen = { before: [], after: [] };
for (let r = 0; r < rounds; r++) {
  const order = r % 2 ? [['after', after], ['before', before]] : [['before', before], ['after', after]];
  for (const [label, bin] of order) {
    const server = await startServer({ root, bin, label });
    try {
      const sessions = await openSessions({ base: server.base, concurrency: 16, count: 200, prefix: 'ab' });
      const make = configRead(sessions);
      await runLoad({ base: server.base, concurrency: 16, count: 200, maxMs: 15_000, make });
      const out = await runLoad({ base: server.base, concurrency: 16, count: 5000, maxMs: 15_000, make });
      seen[label].push(out.throughput);
      console.log(`round ${r + 1} ${label}: ${out.throughput} req/s, p50 ${out.p50} ms, p99 ${out.p99} ms, errors ${JSON.stringify(out.errors)}`);
    } finally {
      await server.stop();
    }
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`median req/s: before ${median(seen.before)}, after ${median(seen.after)} (${(median(seen.after) / median(seen.before)).toFixed(2)}x)`);
