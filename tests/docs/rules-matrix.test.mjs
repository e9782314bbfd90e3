// docs/klarna-rules.md names, for each of Klarna's rules, the test that proves it: every named test must exist.
// Also counts the rows (covered by a test / exception / open) the README states.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const matrix = readFileSync(join(root, 'docs/klarna-rules.md'), 'utf8');
const rows = matrix.split('\n').filter((l) => /^\| \d+ \|/.test(l));

export function counts() {
  const last = (r) => r.split('|').at(-2).trim();
  return {
    covered: rows.filter((r) => /`[^`]+::[^`]+`/.test(last(r))).length,
    exception: rows.filter((r) => last(r) === 'Exception').length,
    open: rows.filter((r) => last(r) === 'Open').length,
  };
}

test('every row is covered by a test, an exception or open', () => {
  assert.ok(rows.length >= 30, `${rows.length} rows`);
  const c = counts();
  assert.equal(c.covered + c.exception + c.open, rows.length, JSON.stringify(c));
});

test('every test a row names exists', () => {
  for (const row of rows) {
    for (const [, file, name] of row.matchAll(/`([^`:]+)::([^`]+)`/g)) {
      assert.ok(existsSync(join(root, file)), `${file} (row ${row.split('|')[1].trim()}) does not exist`);
      const text = readFileSync(join(root, file), 'utf8');
      // A JS test name may escape its apostrophes in the source.
      const found = text.includes(name) || text.includes(name.replaceAll("'", "\\'"));
      assert.ok(found, `${file} has no test named ${JSON.stringify(name)} (row ${row.split('|')[1].trim()})`);
    }
  }
});

test('the README gives the counts', () => {
  const c = counts();
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  assert.ok(readme.includes(`${c.covered} covered by a test, ${c.exception} exceptions, ${c.open} open`),
    `the README should say "${c.covered} covered by a test, ${c.exception} exceptions, ${c.open} open"`);
});
