// Starts and stops the bench's own checkout-server (release build, sandbox mode, a temp data directory,
// rate limiting off) on a free loopback port.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts `bin` with `env` added to the sandbox defaults; resolves `{base, port, dataDir, stop()}` once `GET /`
 * answers. `otherMethods` sets CHECKOUT_OTHER_METHODS (undefined: the server's default). `env` may be a function
 * of the port.
 */
export async function startServer({ root, bin, wwwDir, otherMethods, label = 'server', env: extra = {}, dataDir: sharedDir, publicUrl }) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = sharedDir ?? mkdtempSync(join(tmpdir(), 'khc-bench-'));
  const env = {
    ...process.env,
    CHECKOUT_ADDR: `127.0.0.1:${port}`,
    CHECKOUT_PUBLIC_URL: publicUrl ?? base,
    CHECKOUT_DATA_DIR: dataDir,
    CHECKOUT_WWW_DIR: wwwDir ?? join(root, 'www'),
    KLARNA_MODE: 'sandbox',
    CHECKOUT_RATE_LIMIT: '0',
    CHECKOUT_METRICS_ADDR: 'off',
    RUST_LOG: 'warn',
  };
  for (const k of ['CHECKOUT_DATABASE_URL', 'CHECKOUT_MERCHANT_KEYS', 'CHECKOUT_FAULTS', 'CHECKOUT_ALLOW_FAULTS', 'KLARNA_SDK_URL', 'CHECKOUT_OTHER_METHODS']) delete env[k];
  if (otherMethods !== undefined) env.CHECKOUT_OTHER_METHODS = otherMethods;
  Object.assign(env, typeof extra === 'function' ? extra(port) : extra);
  const child = spawn(bin, [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  let exited = null;
  child.on('exit', (code, sig) => { exited = { code, sig }; });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`${label}: checkout-server exited (${JSON.stringify(exited)}):\n${log}`);
    try {
      const r = await fetch(`${base}/`);
      await r.arrayBuffer();
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${label}: checkout-server did not answer on ${base} within 30 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    port,
    dataDir,
    pid: child.pid,
    log: () => log,
    async stop() {
      if (!exited) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await done;
        clearTimeout(t);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Server settings (for `startServer`'s `env`) that serve Klarna's SDK emulator to the page from an origin of its
 * own: `localhost` instead of the page's `127.0.0.1`, the same server. The browser then keeps separate
 * connections for it, as it does for js.klarna.com in production, instead of sharing the page origin's six.
 */
export const sdkOnOwnOrigin = (port) => ({ KLARNA_SDK_URL: `http://localhost:${port}/sandbox/klarna.js` });

/** The demo backend: a sandbox session (`201 CreatedSession`). */
export async function demoSession(base, body = {}) {
  const r = await fetch(`${base}/demo/sessions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ persona: 'approve', country: 'DE', instruction: 'PRESELECT_KLARNA', ...body }),
  });
  const text = await r.text();
  if (r.status !== 201) throw new Error(`POST /demo/sessions: ${r.status} ${text}`);
  return JSON.parse(text);
}
