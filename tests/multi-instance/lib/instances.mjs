// Server instances for the multi-instance suite: start, SIGKILL, restart, and the named fault points. Each
// instance's stderr is watched for `fault point reached: <name>` (printed by CHECKOUT_FAULT_POINTS before it
// holds); the instance is killed right there and restarted, and the hit is counted per point.
import { spawn } from 'node:child_process';
import net from 'node:net';

export const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

const up = async (port, ms) => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const ok = await new Promise((r) => { const c = net.connect(port, '127.0.0.1', () => { c.destroy(); r(true); }); c.on('error', () => r(false)); });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
};

export class Instance {
  constructor({ name, bin, port, env, onPoint, log }) {
    Object.assign(this, { name, bin, port, env, onPoint, log });
    this.child = null;
    this.starts = 0;
    this.tail = [];
  }

  async start() {
    this.starts++;
    const child = spawn(this.bin, [], { env: { ...this.env, CHECKOUT_ADDR: `127.0.0.1:${this.port}` }, stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    let buf = '';
    child.stderr.on('data', (d) => {
      buf += d;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        this.tail.push(line);
        if (this.tail.length > 50) this.tail.shift();
        const m = line.match(/^fault point reached: (\S+)/);
        if (m && this.child === child) this.onPoint(this, m[1]);
      }
    });
    if (!(await up(this.port, 30_000))) throw new Error(`${this.name} did not start:\n${this.tail.join('\n')}`);
  }

  /** SIGKILL: no drain, no clean-up; what a crashed machine does. */
  async kill() {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode) return;
    this.child = null;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }

  /** SIGTERM and wait for the exit code (the drain). */
  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null) return null;
    this.child = null;
    const gone = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
    child.kill('SIGTERM');
    return gone;
  }
}
