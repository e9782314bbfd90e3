// The order of the bench's interleaved loads (bench/lib/order.mjs): a load after a heavy page runs differently from
// one after a light page, so every kind must follow every other kind equally often, or an A/B of two builds
// measures the order instead of the builds. The plain rotation it replaced failed the second check below.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { roundOrder } from '../../bench/lib/order.mjs';

/** How often each kind came right after each other kind, over `rounds` rounds run one after another. */
function followers(kinds, rounds) {
  const seq = Array.from({ length: rounds }, (_, i) => roundOrder(kinds, i)).flat();
  const counts = {};
  seq.slice(1).forEach((k, j) => { counts[`${seq[j]}>${k}`] = (counts[`${seq[j]}>${k}`] ?? 0) + 1; });
  return counts;
}

test('each round runs every kind once', () => {
  for (const kinds of [['ours', 'floor'], ['ours', 'floor', 'before']]) {
    for (let i = 0; i < 12; i++) assert.deepEqual([...roundOrder(kinds, i)].sort(), [...kinds].sort());
  }
});

test('with three kinds each follows each other equally often (to one, at the ends)', () => {
  const counts = followers(['ours', 'floor', 'before'], 60);
  const pairs = ['ours>floor', 'ours>before', 'floor>ours', 'floor>before', 'before>ours', 'before>floor'];
  for (const p of pairs) assert.ok(counts[p] >= 29 && counts[p] <= 30, `${p}: ${counts[p]} of 60 rounds`);
  assert.equal(Object.keys(counts).filter((p) => !pairs.includes(p)).length, 0, 'no kind twice in a row');
});

test('with two kinds each comes first in half the rounds, and after each kind equally often', () => {
  const kinds = ['ours', 'floor'];
  assert.equal(Array.from({ length: 60 }, (_, i) => roundOrder(kinds, i)[0]).filter((k) => k === 'ours').length, 30);
  const counts = followers(kinds, 60);
  assert.ok(Math.abs(counts['floor>ours'] - counts['ours>ours']) <= 1, JSON.stringify(counts));
});

test('anything else is refused, and the runs given are not changed', () => {
  assert.throws(() => roundOrder(['a'], 0), /expected 2 or 3 runs, got 1/);
  const runs = ['a', 'b'];
  roundOrder(runs, 1);
  assert.deepEqual(runs, ['a', 'b']);
});
