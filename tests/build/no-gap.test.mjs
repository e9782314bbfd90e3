// Issue 17, point 13: publishing a build never takes away a file a running server serves, and `npm start` does
// not rebuild unchanged sources. A server runs on www/ while the build steps run, and every asset of the build it
// was serving is fetched over and over: none may answer 404. Runs after `npm run build` (needs
// target/debug/checkout-server from the native tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const port = Number(process.env.BUILD_TEST_PORT || 8796);
const base = `http://127.0.0.1:${port}`;

async function startServer() {
  const server = spawn(join(root, 'target/debug/checkout-server'), [], {
    env: { PATH: process.env.PATH, CHECKOUT_ADDR: `127.0.0.1:${port}`, CHECKOUT_PUBLIC_URL: base,
      CHECKOUT_DATA_DIR: mkdtempSync(join(tmpdir(), 'khc-build-')), CHECKOUT_WWW_DIR: join(root, 'www'),
      CHECKOUT_RATE_LIMIT: '0', RUST_LOG: 'warn' },
    stdio: 'ignore',
  });
  for (let i = 0; i < 200; i++) {
    try {
      await fetch(base + '/sri.json');
      return server;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error('the server did not start');
}

/** Fetches every URL of `urls` in a loop until `done()`; returns the failures seen. */
async function hammer(urls, done) {
  const failures = [];
  while (!done()) {
    for (const u of urls) {
      const r = await fetch(base + u);
      await r.arrayBuffer();
      if (r.status !== 200) failures.push(`${u}: ${r.status}`);
    }
  }
  return failures;
}

function assets() {
  const m = JSON.parse(readFileSync(join(root, 'www/sri.json'), 'utf8'));
  return ['/checkout.js', '/osm.js', ...Object.values(m.versioned), ...Object.keys(m.hosted_page)];
}

test('re-publishing a build while a server serves it never answers 404 for the assets it served', async () => {
  const server = await startServer();
  try {
    const before = assets();
    let finished = false;
    const publish = new Promise((resolve, reject) => {
      const p = spawn('node', [join(root, 'scripts/publish-assets.mjs')], { stdio: 'ignore' });
      p.on('exit', (code) => {
        finished = true;
        code === 0 ? resolve() : reject(new Error(`publish exited ${code}`));
      });
    });
    const failures = await hammer(before, () => finished);
    await publish;
    assert.deepEqual(failures, []);
    for (const u of before) assert.ok(existsSync(join(root, 'www', u)), `${u} is still there`);
  } finally {
    server.kill();
  }
});

test('npm start builds nothing when the sources did not change', () => {
  const out = execFileSync('bash', [join(root, 'scripts/build.sh'), '--if-changed'], { encoding: 'utf8' });
  assert.match(out, /unchanged since the last build; not rebuilding/);
});
