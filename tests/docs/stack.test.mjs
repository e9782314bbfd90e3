// Issue 20: the hosted page is built with the stack the product names. `cargo tree` shows gloo-net and
// serde-wasm-bindgen among the page crate's own dependencies (no JSON crate: the browser parses JSON), the
// page's HTTP goes through gloo-net only, and the README says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

test("cargo tree shows the page's stack", () => {
  // The page's dependencies are the same on every target; the host's are fetched by the native tests.
  const tree = execFileSync('cargo', ['tree', '--locked', '-p', 'klarna-hosted-checkout', '-e', 'normal',
    '--depth', '1', '--prefix', 'none'], { cwd: root, encoding: 'utf8' });
  const direct = new Set(tree.split('\n').slice(1).map((l) => l.split(' ')[0]).filter(Boolean));
  for (const name of ['leptos', 'wasm-bindgen', 'web-sys', 'js-sys', 'serde-wasm-bindgen', 'gloo-net']) {
    assert.ok(direct.has(name), `the page depends on ${name}:\n${tree}`);
  }
  assert.ok(!direct.has('serde_json'), `the page parses JSON with the browser, not serde_json:\n${tree}`);
});

test("the page's HTTP goes through gloo-net, and the README names the stack", () => {
  const files = [];
  const walk = (dir) => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.rs')) files.push(p);
    }
  };
  walk(join(root, 'src'));
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const raw of ['fetch_with_str', 'fetch_with_request', 'RequestInit']) {
      assert.ok(!text.includes(raw), `${f.slice(root.length)} uses ${raw}: requests go through gloo-net`);
    }
  }
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  assert.match(readme, /built with Leptos \(CSR\), wasm-bindgen, web-sys, js-sys, serde-wasm-bindgen and gloo-net/);
});
