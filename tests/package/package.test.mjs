// The release archive (`npm run package`, scripts/package.sh) is what an acquirer deploys: unpacked into an
// empty directory, its server starts with the shipped settings example (only the database and the addresses
// swapped for throwaway ones), serves a session's hosted page and every asset the page's integrity hashes name,
// answers /readyz and /metrics, and drains on SIGTERM with exit 0; its systemd unit passes `systemd-analyze
// verify`. Packs the debug build (PACKAGE_PROFILE=dev): the same files, without a second server build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = mkdtempSync(join(tmpdir(), 'khc-package-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** `KEY=value` lines of an EnvironmentFile (comments and blank lines left out). */
function envFile(path) {
  const env = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m) env[m[1]] = m[2];
  }
  return env;
}

function unpacked() {
  const out = join(work, 'dist');
  execFileSync('bash', ['scripts/package.sh'], {
    cwd: repo,
    env: { ...process.env, PACKAGE_PROFILE: 'dev', PACKAGE_OUT: out },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const archive = readdirSync(out).find((f) => f.endsWith('.tar.gz'));
  assert.match(archive, /^klarna-hosted-checkout-\d+\.\d+\.\d+-linux-[a-z0-9_]+\.tar\.gz$/);
  execFileSync('sha256sum', ['--check', '--quiet', `${archive}.sha256`], { cwd: out });
  const into = join(work, 'unpacked');
  execFileSync('mkdir', ['-p', into]);
  execFileSync('tar', ['-xzf', join(out, archive), '-C', into]);
  const [root] = readdirSync(into);
  assert.equal(`${root}.tar.gz`, archive, 'the archive holds one directory named as the archive');
  return join(into, root);
}

const root = unpacked();

test('the archive holds the server, the built page and what an operator needs', () => {
  assert.ok(statSync(join(root, 'bin/checkout-server')).mode & 0o100, 'bin/checkout-server is executable');
  for (const f of ['www/hpp.html', 'www/sri.json', 'www/checkout.js', 'www/pkg/builds.json', 'deploy/checkout-server.service',
    'deploy/checkout.env.example', 'ops/prometheus/alerts.yml', 'ops/grafana/checkout-server.json', 'docs/http-api.md',
    'README.md', 'CHANGELOG.md', 'LICENSE']) {
    assert.ok(existsSync(join(root, f)), `${f} is in the archive`);
  }
  const sri = JSON.parse(readFileSync(join(root, 'www/sri.json'), 'utf8'));
  for (const url of Object.keys(sri.hosted_page)) assert.ok(existsSync(join(root, 'www', url)), `${url} is in the archive`);
  assert.deepEqual(readdirSync(join(root, 'www')).filter((f) => f.startsWith('hpp.src.')), [], 'the page sources stay behind');
});

test('the systemd unit passes systemd-analyze verify', () => {
  // The unit names /opt/klarna-hosted-checkout; verify checks that ExecStart exists, so a copy names this directory.
  const unit = join(work, 'checkout-server.service');
  writeFileSync(unit, readFileSync(join(root, 'deploy/checkout-server.service'), 'utf8')
    .replaceAll('/opt/klarna-hosted-checkout', root));
  const r = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${r.error ?? ''}${r.stderr}`);
  // Unknown keys and bad values are only warnings for systemd: any output fails the test.
  assert.equal(r.stderr.trim(), '', 'systemd-analyze verify printed warnings');
});

test('the unpacked server starts with the shipped settings, serves a hosted page with its assets, and drains', async () => {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const env = {
    PATH: process.env.PATH,
    ...envFile(join(root, 'deploy/checkout.env.example')),
    CHECKOUT_ADDR: `127.0.0.1:${port}`,
    CHECKOUT_DATABASE_URL: `sqlite://${join(work, 'checkout.sqlite')}`,
    CHECKOUT_DATA_DIR: work,
    CHECKOUT_METRICS_ADDR: `127.0.0.1:${metricsPort}`,
  };
  const child = spawn(join(root, 'bin/checkout-server'), [], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  try {
    const base = `http://127.0.0.1:${port}`;
    let ready;
    for (let i = 0; i < 100 && !ready?.ok; i++) {
      ready = await fetch(`${base}/readyz`).catch(() => undefined);
      if (!ready?.ok) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(ready?.ok, `/readyz never answered 200; the server's log:\n${log}`);
    assert.equal((await ready.json()).status, 'ready');

    const [merchant, secret] = env.CHECKOUT_MERCHANT_KEYS.split(',')[0].split(':');
    assert.ok(merchant && secret);
    const created = await fetch(`${base}/v1/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 11800, currency: 'EUR', country: 'DE', locale: 'de-DE', merchant_reference: 'order-1',
        return_url: 'https://shop.example/return', customer: { email: 'customer+de@klarna.com' },
        allowed_origins: ['https://shop.example'] }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const session = await created.json();
    const hosted = new URL(session.hosted_url);
    assert.equal(hosted.origin, env.CHECKOUT_PUBLIC_URL, 'hosted URLs are on CHECKOUT_PUBLIC_URL');
    const page = await fetch(`${base}${hosted.pathname}`);
    assert.equal(page.status, 200);
    const html = await page.text();
    const sri = JSON.parse(readFileSync(join(root, 'www/sri.json'), 'utf8')).hosted_page;
    for (const [url, integrity] of Object.entries(sri)) {
      assert.ok(html.includes(url), `the page names ${url}`);
      const asset = await fetch(`${base}${url}`);
      assert.equal(asset.status, 200, url);
      const [alg, want] = integrity.split('-');
      const got = createHash(alg).update(Buffer.from(await asset.arrayBuffer())).digest('base64');
      assert.equal(got, want, `${url} matches its integrity hash`);
    }
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    assert.match(metrics, /^checkout_store_ready\{backend="sqlite"\} 1$/m);
  } finally {
    child.kill('SIGTERM');
  }
  const end = await exited;
  assert.deepEqual(end, { code: 0, signal: null }, `SIGTERM drains and exits 0; the server's log:\n${log}`);
});
