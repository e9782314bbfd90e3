// The machine a bench run ran on, for bench/results.json and BENCHMARKS.md's machine table.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** A command's trimmed output, or null when it fails or is missing. */
const sh = (cmd, args) => { try { return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { return null; } };

/** What the run ran on: CPU, cores, RAM, OS, browser, toolchain, commit (and uncommitted files), load average. */
export function machine(root, browserVersion) {
  const osRelease = readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]*)"?/m)?.[1];
  const dirty = sh('git', ['-C', root, 'status', '--porcelain', '--', 'src', 'core', 'server', 'www', 'js', 'styles', 'Cargo.lock']);
  return {
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    hypervisor: sh('lscpu', [])?.match(/^Hypervisor vendor:\s*(.+)$/m)?.[1] ?? null,
    cores: os.cpus().length,
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${osRelease ?? os.type()} (Linux ${os.release()})`,
    chromium: browserVersion,
    chromiumCli: sh('/usr/bin/chromium', ['--version']),
    node: process.version,
    rustc: sh('rustc', ['--version']),
    tmpFs: sh('findmnt', ['-n', '-o', 'FSTYPE,SOURCE', '-T', os.tmpdir()]),
    commit: sh('git', ['-C', root, 'rev-parse', '--short', 'HEAD']),
    dirtyFiles: dirty ? dirty.split('\n').length : 0,
    loadAvgStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}
