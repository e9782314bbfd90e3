// Size budgets (regression guards, not benchmarks): checkout.js at most 3 KB gzip -9.
// Runs after `npm run build`: `node --test tests/size/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const www = fileURLToPath(new URL('../../www/', import.meta.url));
const gzip = (buf) => gzipSync(buf, { level: constants.Z_BEST_COMPRESSION }).length;

test('checkout.js is at most 3 KB gzip', () => {
  const js = readFileSync(www + 'checkout.js');
  const size = gzip(js);
  console.log(`size: checkout.js ${js.length} B, gzip -9 ${size} B (budget 3072 B)`);
  assert.ok(size <= 3072, `checkout.js is ${size} B gzip, over the 3072 B budget`);
});
