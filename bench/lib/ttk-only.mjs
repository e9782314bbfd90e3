// BENCH_ONLY=ttk: only the bytes before Klarna's button and time to Klarna (and optionally under Slow 4G, beside
// another build, and the time to the confirmation), printed and written to target/bench-ttk.json; for iterating.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { launch, coldLoad } from './browser.mjs';
import { startServer, demoSession, sdkOnOwnOrigin } from './server.mjs';
import { firstLoadBytes, slowTimeToKlarna } from './speed.mjs';
import { ratio } from './stats.mjs';
import { addFloor, floorUrl, timeToKlarna } from './ttk.mjs';
import { timeToConfirmation } from './confirm.mjs';
import { CATEGORIES, mainThreadTime } from './cpu.mjs';

const env = process.env;

/** A copy of another build's `www` with the floor in it: that build's server serves half the floor's loads. */
function withFloor(root, www) {
  const copy = join(mkdtempSync(join(os.tmpdir(), 'khc-bench-before-')), 'www');
  cpSync(www, copy, { recursive: true, dereference: true });
  addFloor(root, copy);
  return copy;
}

/**
 * BENCH_ONLY=ttk: only the bytes before Klarna's button and time to Klarna (ours and the floor, BENCH_LOADS pairs;
 * under Slow 4G too when BENCH_SLOW_LOADS is set; BENCH_WWW_BEFORE=<another build's www/> and optionally
 * CHECKOUT_SERVER_BIN_BEFORE add that build's page to the rotation; with BENCH_CONFIRM_LOADS the time to the confirmation after `complete` too, with BENCH_CPU_LOADS the main-thread profiles,
 * with BENCH_SDK_ORIGIN=own Klarna's SDK from an origin of its own), printed and written to target/bench-ttk.json; BENCHMARKS.md and bench/results.json stay as they are. For iterating on the boot path.
 */
export async function ttkOnly({ root, bin: BIN, www: WWW, cfg: CFG, log }) {
  const browser = await launch();
  // BENCH_SDK_ORIGIN=own: Klarna's SDK (the emulator) from an origin of its own, as js.klarna.com is in production.
  const sdkEnv = env.BENCH_SDK_ORIGIN === 'own' ? sdkOnOwnOrigin : {};
  const server = await startServer({ root, bin: BIN, wwwDir: WWW, label: 'ttk', env: sdkEnv });
  const otherWww = env.BENCH_WWW_BEFORE ? withFloor(root, env.BENCH_WWW_BEFORE) : null;
  const other = otherWww
    ? await startServer({ root, bin: env.CHECKOUT_SERVER_BIN_BEFORE || BIN, wwwDir: otherWww, label: 'before', env: sdkEnv }) : null;
  try {
    const first = await coldLoad(browser, (await demoSession(server.base)).hosted_url, { bodies: true });
    const bytes = firstLoadBytes(server.base, first);
    console.log(`bytes before the button: ${JSON.stringify(bytes.before.total)} (${bytes.before.files.map((f) => f.path).join(', ')}); after: ${JSON.stringify(bytes.after.total)}`);
    const t = await timeToKlarna(browser, server.base, { n: CFG.loads, warmup: CFG.warmup, label: 'time to Klarna', log, before: other?.base });
    const keys = ['button', 'clicks', 'option', 'early', 'served', 'adopted', 'fcp', 'boot', 'wasmStart', 'wasmEnd', 'wasmReady', 'configEnd', 'sdkStart', 'sdkEnd', 'presentation'];
    for (const [name, side] of [['ours', t.ours.summary], ['floor', t.floor.summary], ...(t.before ? [['before', t.before.summary]] : [])]) {
      console.log(`${name.padEnd(5)} ${keys.filter((k) => side[k]?.n).map((k) => `${k} ${side[k].median}/${side[k].p95}`).join('  ')}`);
    }
    const r2 = (side) => `median ${ratio(side.button.median, t.floor.summary.button.median)}, p95 ${ratio(side.button.p95, t.floor.summary.button.p95)}`;
    console.log(`ratio to the floor: ours ${r2(t.ours.summary)}${t.before ? `; before ${r2(t.before.summary)}` : ''} (n=${CFG.loads}, load ${os.loadavg().map((x) => x.toFixed(2)).join('/')})`);
    const r3 = (side) => `median ${ratio(side.clicks.median, t.floor.summary.clicks.median)}, p95 ${ratio(side.clicks.p95, t.floor.summary.clicks.p95)}`;
    console.log(`a click reaches initiate at once (strict), ratio to the floor: ours ${r3(t.ours.summary)}${t.before ? `; before ${r3(t.before.summary)}` : ''}`);
    if (env.BENCH_SLOW_LOADS) {
      t.slow = await slowTimeToKlarna(browser, server.base, { n: CFG.slowLoads, warmup: 1, floorUrl, log, before: other?.base });
      console.log(`slow 4G + 4x CPU: ours p75 ${t.slow.ours.p75} (median ${t.slow.ours.median}), floor p75 ${t.slow.floor.p75} (median ${t.slow.floor.median})${t.slow.before ? `, before p75 ${t.slow.before.p75} (median ${t.slow.before.median})` : ''}`);
    }
    if (env.BENCH_CPU_LOADS) {
      t.cpu = await mainThreadTime(browser, server.base, { n: CFG.cpuLoads, warmup: 1, floorUrl, log });
      const line = (side) => [...CATEGORIES.map(([k]) => k), 'total'].map((k) => `${k} ${side[k].median}`).join('  ');
      console.log(`main thread before the button, ms (median of ${t.cpu.n}):\n  ours  ${line(t.cpu.ours)}\n  floor ${line(t.cpu.floor)}`);
    }
    if (env.BENCH_CONFIRM_LOADS) {
      t.confirm = await timeToConfirmation(browser, server.base, { n: CFG.confirmLoads, warmup: 1, log });
      const c = t.confirm.summary;
      console.log(`time to the confirmation after complete: median ${c.median} ms, p95 ${c.p95} ms (n=${c.n}, ${c.min}–${c.max})`);
    }
    t.firstLoad = bytes;
    mkdirSync(join(root, 'target'), { recursive: true });
    writeFileSync(join(root, 'target/bench-ttk.json'), JSON.stringify(t, null, 2) + '\n');
  } finally {
    await server.stop();
    await other?.stop();
    if (otherWww) rmSync(dirname(otherWww), { recursive: true, force: true });
    await browser.close();
  }
}
