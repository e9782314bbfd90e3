// Subresource-integrity hashes are published with each build (www/sri.json) and match the files;
// the hosted page's shell carries them. Runs after `npm run build`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const www = fileURLToPath(new URL('../../www/', import.meta.url));
const sri = (path) => 'sha384-' + createHash('sha384').update(readFileSync(www + path)).digest('base64');
const manifest = JSON.parse(readFileSync(www + 'sri.json', 'utf8'));

test('sri.json matches checkout.js and osm.js, and their versioned copies are the same bytes', () => {
  assert.equal(manifest['checkout.js'], sri('checkout.js'));
  assert.equal(manifest['osm.js'], sri('osm.js'));
  assert.match(manifest.versioned['checkout.js'], /^\/pkg\/checkout\.[0-9a-f]{12}\.js$/);
  assert.equal(sri(manifest.versioned['checkout.js'].slice(1)), manifest['checkout.js']);
  assert.equal(sri(manifest.versioned['osm.js'].slice(1)), manifest['osm.js']);
});

test("checkout.js names its features part, which names each feature's part, each by its SHA-256 (its integrity)", () => {
  const loader = readFileSync(www + 'checkout.js', 'utf8');
  const entries = Object.entries(manifest.parts);
  assert.deepEqual(entries.map(([u]) => u.split('/').pop().split('.')[0]).sort(), ['element', 'express', 'features', 'osm', 'signin']);
  const features = readFileSync(www + manifest.versioned['features.js'].slice(1), 'utf8');
  for (const [url, integrity] of entries) {
    assert.equal(integrity, sri(url.slice(1)), url);
    const file = url.split('/').pop();
    const namedBy = file.startsWith('features.') ? loader : features;
    assert.ok(namedBy.includes(file), `${file} is loaded by ${file.startsWith('features.') ? 'checkout.js' : 'the features part'}`);
    const fromName = 'sha256-' + file.split('.')[1].replace(/-/g, '+').replace(/_/g, '/') + '=';
    const real = 'sha256-' + createHash('sha256').update(readFileSync(www + url.slice(1))).digest('base64');
    assert.equal(fromName, real, `${file}: the name carries the file's SHA-256`);
  }
  assert.doesNotMatch(loader, /__KHC_PART_/);
  assert.doesNotMatch(features, /__KHC_PART_/);
});

test('every hosted-page asset is content-hashed, listed and referenced with its integrity', () => {
  const html = readFileSync(www + 'hpp.html', 'utf8');
  const assets = Object.entries(manifest.hosted_page);
  // The boot script carries the wasm-bindgen glue (scripts/publish-assets.mjs bundles them).
  assert.deepEqual(assets.map(([u]) => u.split('.').pop()).sort(), ['css', 'js', 'wasm'], 'boot script, stylesheet, wasm');
  for (const [url, integrity] of assets) {
    assert.equal(integrity, sri(url.slice(1)), url);
    if (!url.endsWith('.wasm')) assert.ok(html.includes(`integrity="${integrity}"`), `${url} referenced with its integrity`);
  }
  const boot = assets.find(([u]) => /\/hpp\.[0-9a-f]{12}\.js$/.test(u));
  const wasm = assets.find(([u]) => u.endsWith('.wasm'));
  assert.ok(boot && wasm);
  assert.ok(readFileSync(www + boot[0].slice(1), 'utf8').includes(wasm[1]), 'the boot script checks the wasm integrity');
});
