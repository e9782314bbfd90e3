// The bench's main-thread profile (bench/lib/cpu.mjs, BENCHMARKS.md section 2b) sums a V8 CPU profile's samples by
// what ran: these checks hold its rules on a hand-made profile, so a renamed file or a new kind of frame can't move
// time into the wrong row unnoticed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { busyByCategory, categoryOf } from '../../bench/lib/cpu.mjs';

const frame = (functionName, url = '', lineNumber = -1) => ({ functionName, url, lineNumber, columnNumber: 0, scriptId: '0' });

test('each kind of frame lands in its row', () => {
  const base = 'http://127.0.0.1:1234';
  assert.equal(categoryOf(frame('wasm-function[12]', `${base}/pkg/klarna_hosted_checkout_bg.0123456789ab.wasm`, 0)), 'wasm');
  assert.equal(categoryOf(frame('js-to-wasm')), 'transitions');
  assert.equal(categoryOf(frame('wasm-to-js')), 'transitions');
  assert.equal(categoryOf(frame('m', `${base}/pkg/hpp.0123456789ab.js`, 0)), 'glue');
  assert.equal(categoryOf(frame('N', `${base}/hpp/hcs_0123456789abcdef0123456789abcdef#cs=x`, 8)), 'glue', 'the inline first script');
  assert.equal(categoryOf(frame('(anonymous)', `${base}/bench-floor/floor.js`, 3)), 'page');
  assert.equal(categoryOf(frame('formatMoney', `${base}/sandbox/sdk/decide.js`, 73)), 'klarna');
  assert.equal(categoryOf(frame('formatMoney', 'http://localhost:1234/sandbox/sdk/decide.js', 73)), 'klarna', 'the SDK on its own origin');
  assert.equal(categoryOf(frame('appendChild')), 'browser');
  assert.equal(categoryOf(frame('ready', '', 30)), 'bench', "the bench's init script has lines but no URL");
  assert.equal(categoryOf(frame('(garbage collector)')), 'gc');
});

test('self time is the gap to the next sample, idle and (program) left out', () => {
  const profile = {
    nodes: [
      { id: 1, callFrame: frame('(root)') },
      { id: 2, callFrame: frame('(idle)') },
      { id: 3, callFrame: frame('(program)') },
      { id: 4, callFrame: frame('wasm-function[1]', 'http://x/pkg/a.wasm', 0) },
      { id: 5, callFrame: frame('formatMoney', 'http://x/sandbox/sdk/decide.js', 73) },
    ],
    // µs: each sample's time is the next delta.
    samples: [2, 4, 4, 5, 3, 2],
    timeDeltas: [0, 5000, 1000, 2000, 3000, 7000],
  };
  const busy = busyByCategory(profile);
  assert.equal(busy.wasm, 3, 'two wasm samples: 1 ms + 2 ms');
  assert.equal(busy.klarna, 3);
  assert.equal(busy.total, 6, 'idle (5 ms + the last sample) and (program) (7 ms) are not busy');
});
