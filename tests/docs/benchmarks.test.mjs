// BENCHMARKS.md is the last `npm run bench`'s record, not prose kept by hand: it must be exactly what the bench's
// renderer makes of bench/results.json, and that record must hold every figure issue 15 asks the bench for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderMarkdown } from '../../bench/lib/report.mjs';

const root = new URL('../../', import.meta.url);
const results = JSON.parse(readFileSync(new URL('bench/results.json', root), 'utf8'));
const markdown = readFileSync(new URL('BENCHMARKS.md', root), 'utf8');

test('BENCHMARKS.md is what bench/results.json renders to', () => {
  // After a change to the report's text only: `node bench/render.mjs`; after a change to what is measured: `npm run bench`.
  assert.equal(markdown, renderMarkdown(results), 'BENCHMARKS.md differs from renderMarkdown(bench/results.json): run `node bench/render.mjs` or `npm run bench`');
});

test('the record holds the machine and every figure of issue 15', () => {
  for (const k of ['date', 'cpu', 'cores', 'ramGiB', 'os', 'chromium', 'commit']) assert.ok(results.machine?.[k], `machine.${k}`);
  const t = results.ttk;
  assert.ok(t.n >= 30, `time to Klarna: at least 30 interleaved pairs (n=${t.n})`);
  for (const side of ['ours', 'floor']) {
    for (const k of ['median', 'p95']) assert.equal(typeof t[side].summary.button[k], 'number', `ttk.${side}.button.${k}`);
  }
  const before = results.firstLoad?.before?.total;
  for (const k of ['raw', 'gzip', 'brotli']) {
    assert.ok(before?.[k] > 0, `bytes before Klarna's button: ${k}`);
    assert.ok(results.firstLoad.total[k] >= before[k], `bytes in all ≥ before the button: ${k}`);
    assert.ok(results.sizes.adyen.coreKlarna[k] > 0, `Adyen core + Klarna: ${k}`);
  }
  assert.equal(typeof results.slow?.ours?.p75, 'number', 'p75 under Slow 4G + 4× CPU, ours');
  assert.equal(typeof results.slow?.floor?.p75, 'number', 'p75 under Slow 4G + 4× CPU, floor');
  const c = results.confirm?.summary;
  assert.ok(c && c.n >= 30 && typeof c.median === 'number' && typeof c.p95 === 'number', 'time to the confirmation after complete');
  const cpu = results.cpu;
  assert.ok(cpu && cpu.n >= 10, `main-thread profiles: at least 10 pairs (n=${cpu?.n})`);
  for (const side of ['ours', 'floor']) assert.ok(cpu[side].total.median > 0, `main thread busy before the button, ${side}`);
  for (const k of ['hostedPage', 'config', 'assets']) {
    assert.ok(results.server?.page?.[k]?.throughput > 0, `the hosted page's server side under load: ${k}`);
    assert.equal(typeof results.server.page[k].p99, 'number', `${k} p99`);
    assert.deepEqual(results.server.page[k].errors, {}, `${k}: every request answered as expected`);
    assert.equal(results.server.page[k].ok, results.server.page[k].requests, `${k}: ok = requests`);
  }
});

test('the rendered record shows those figures', () => {
  for (const row of ["Bytes before Klarna's button is interactive, brotli", 'Time to Klarna, median', 'Time to Klarna, p95',
    'Time to Klarna, p75 under Slow 4G + 4× CPU', "Time to the confirmation after Klarna's `complete`, median",
    'Hosted page `GET /hpp/{id}` / config / static assets under load', '### Issue 15, step by step',
    "## 2b. The main thread before Klarna's button"]) {
    assert.ok(markdown.includes(row), `BENCHMARKS.md shows "${row}"`);
  }
});
