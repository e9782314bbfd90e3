// Starts checkout-server for the kit (its own data directory, merchant and
// admin keys, recordings on) and talks to it the way an acquirer's backend
// and the hosted page do.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const secret = (prefix) => `${prefix}_${randomBytes(16).toString('hex')}`;

/** Starts the server; resolves when it answers. */
export async function startServer({ root, mode, port, publicUrl, recordings, env }) {
  const bin = env.CHECKOUT_SERVER_BIN || join(root, 'target/debug/checkout-server');
  if (!existsSync(bin)) {
    console.log('conformance: building checkout-server (cargo build -p checkout-server)');
    const built = spawnSync('cargo', ['build', '-p', 'checkout-server'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('cargo build -p checkout-server failed');
  }
  const merchantKey = secret('sk_conformance');
  const adminKey = secret('sk_admin_conformance');
  const base = `http://127.0.0.1:${port}`;
  const childEnv = {
    PATH: env.PATH,
    HOME: env.HOME,
    RUST_LOG: env.RUST_LOG || 'warn',
    KLARNA_MODE: mode,
    CHECKOUT_ADDR: `127.0.0.1:${port}`,
    CHECKOUT_PUBLIC_URL: publicUrl,
    CHECKOUT_DATA_DIR: mkdtempSync(join(tmpdir(), 'khc-conformance-')),
    CHECKOUT_WWW_DIR: join(root, 'www'),
    CHECKOUT_MERCHANT_KEYS: `conformance:${merchantKey}`,
    CHECKOUT_ADMIN_KEYS: `conformance-admin:${adminKey}`,
    CHECKOUT_RATE_LIMIT: '0',
    KLARNA_RECORDINGS_DIR: recordings,
    // No metrics listener unless asked: the kit's server runs beside others on one machine.
    CHECKOUT_METRICS_ADDR: env.CHECKOUT_METRICS_ADDR || 'off',
  };
  for (const k of ['KLARNA_API_KEY', 'KLARNA_CLIENT_ID', 'KLARNA_PARTNER_ACCOUNT_ID', 'KLARNA_API_BASE',
    'KLARNA_SDK_URL', 'KLARNA_WEBHOOK_URL', 'KLARNA_PAYMENT_ACCOUNT_ID']) {
    if (env[k]) childEnv[k] = env[k];
  }
  const child = spawn(bin, [], { env: childEnv, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  for (let i = 0; i < 150; i++) {
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r(undefined), 100))]);
    if (code !== undefined) throw new Error(`checkout-server exited (${code}):\n${stderr}`);
    try {
      const r = await fetch(`${base}/v1/sessions/hcs_probe`);
      if (r.status === 401) break;
    } catch {
      // not listening yet
    }
  }
  return {
    base, merchantKey, adminKey, secrets: [merchantKey, adminKey],
    stderr: () => stderr,
    stop: async () => {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** A JSON call: `{status, body}` (body parsed when JSON). */
export async function api(base, method, path, { bearer, body, headers = {} } = {}) {
  const h = { ...headers };
  if (bearer) h.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const r = await fetch(base + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let parsed = text;
  try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  return { status: r.status, body: parsed };
}
