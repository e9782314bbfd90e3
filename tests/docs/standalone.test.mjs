// Issue 17, point 14: the repository stands on its own. Its documents never send a reader to a file outside it,
// the license package.json names is there, and the README says what a fresh machine needs and how to get the npm
// package (it is not on the public registry).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (p) => readFileSync(join(root, p), 'utf8');
const docs = ['README.md', 'CHANGELOG.md', 'BENCHMARKS.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

test('no document points outside the repository', () => {
  for (const doc of docs) {
    const text = read(doc);
    assert.doesNotMatch(text, /\.\.\/shared|team's repository/, `${doc} refers to a file outside the repository`);
    // Every relative link resolves to a file of the repository.
    for (const [, target] of text.matchAll(/\]\((?!https?:|#|mailto:)([^)#\s]+)/g)) {
      const base = doc.includes('/') ? doc.slice(0, doc.lastIndexOf('/')) : '.';
      assert.ok(existsSync(join(root, base, target)), `${doc} links to ${target}, which is not in the repository`);
    }
  }
});

test('the license package.json names is in the repository and in the npm package', () => {
  for (const pkg of ['package.json', 'packages/klarna-hosted-checkout/package.json']) {
    const { license, files } = JSON.parse(read(pkg));
    assert.equal(license, 'Apache-2.0', pkg);
    const dir = pkg.includes('/') ? pkg.slice(0, pkg.lastIndexOf('/')) : '.';
    const text = read(join(dir, 'LICENSE'));
    assert.match(text, /Apache License\s+Version 2\.0, January 2004/, `${dir}/LICENSE`);
    if (files) assert.ok(files.includes('LICENSE'), `${pkg} ships its LICENSE`);
  }
});

test("the README says what a fresh machine needs and how to get the npm package", () => {
  const readme = read('README.md');
  assert.match(readme, /\*\*Prerequisites:\*\*[\s\S]{0,300}rustup[\s\S]{0,300}Node\.js 20/);
  assert.match(readme, /not on the public npm registry/);
  assert.match(readme, /npm pack/);
});
