// The machine the bench ran on, and the tools it installs (wrk, hyperfine) when it may.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { dockerBin } from '../support/tools.js';
import { firstLine, has, log, run } from './lib.js';
import { nproc, startedAt } from './config.js';
import { installed, loadavg } from './state.js';
import { dockerTry } from './docker.js';

// ---- machine ----------------------------------------------------------------------------------

export function machineFacts(): [string, string][] {
  const cpu = /^Model name:\s*(.+)$/m.exec(run('lscpu', []).stdout)?.[1]?.trim() ?? os.cpus()[0]?.model ?? '?';
  const osName = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '')?.[1] ?? os.type();
  const dv = dockerTry(['version', '--format', '{{.Server.Version}}']);
  const dinfo = dockerTry(['info', '--format', '{{.Driver}} / cgroup {{.CgroupVersion}}']);
  const go = run('go', ['version']);
  const wrk = run('wrk', ['-v']);
  const hf = run('hyperfine', ['--version']);
  return [
    ['date', startedAt.toISOString().replace(/\.\d+Z$/, 'Z')],
    ['OS / kernel', `${osName} / ${os.release()}`],
    ['CPU', `${cpu}, ${nproc} logical cores (nproc)`],
    ['memory', `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`],
    ['Docker engine', dv.status === 0 ? `${dv.stdout.trim()} (${dinfo.stdout.trim()}), client ${dockerBin}, BuildKit` : 'not available'],
    ['Go (host, and in the golang stand-in)', go.status === 0 ? go.stdout.trim() : 'not available'],
    ['Node.js', process.version],
    ['wrk', wrk.error ? 'not available' : (wrk.stdout + wrk.stderr).split('\n')[0]!.trim()],
    ['hyperfine', hf.error ? 'not available' : hf.stdout.trim()],
    ['load average at start (1/5/15 min)', loadavg()],
  ];
}

export function ensureTools(tools: readonly string[]): void {
  const missing = tools.filter((t) => !has(t, t === 'wrk' ? ['-v'] : ['--version']));
  if (!missing.length) return;
  if (process.getuid?.() !== 0) {
    log(`not installed: ${missing.join(', ')} (not root, so not installing; apt-get install -y ${missing.join(' ')})`);
    return;
  }
  log(`installing ${missing.join(' ')} with apt-get (running as root; Debian packages)`);
  let r = run('apt-get', ['install', '-y', ...missing], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.status !== 0) {
    run('apt-get', ['update'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
    r = run('apt-get', ['install', '-y', ...missing], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
  }
  if (r.status === 0) installed.push(...missing.map((m) => `${m} (apt-get install -y, Debian package)`));
  else log(`apt-get install failed: ${firstLine(r.stderr)}`);
}
