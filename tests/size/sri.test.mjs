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

test('sri.json matches checkout.js and osm.js', () => {
  assert.equal(manifest['checkout.js'], sri('checkout.js'));
  assert.equal(manifest['osm.js'], sri('osm.js'));
});

test("sri.json lists checkout.js's on-demand parts by the URLs checkout.js imports", () => {
  const entries = Object.entries(manifest.parts ?? {});
  assert.equal(entries.length, 3, 'express, signin and element');
  const loader = readFileSync(www + 'checkout.js', 'utf8');
  for (const [url, integrity] of entries) {
    assert.equal(integrity, sri(url.slice(1)), url);
    const [, name, hash] = /^\/parts\/(\w+)\.([0-9a-f]{12})\.js$/.exec(url);
    assert.ok(loader.includes(`${name}:"${hash}"`), `checkout.js imports ${url}`);
  }
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
