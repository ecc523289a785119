// Generate projects the way users do: through the package's own bin.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliPath } from './paths.js';

export interface Generated {
  root: string;
  dir: string;
  name: string;
}

export function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, timeout = 600_000): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout, maxBuffer: 64 * 1024 * 1024 });
}

/** Run a command and fail with its output when it does not exit 0. */
export function must(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, timeout = 600_000): string {
  const r = sh(cmd, args, cwd, env, timeout);
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

export function generate(name: string, flags: string[], opts: { install?: boolean } = {}): Generated {
  const root = mkdtempSync(path.join(os.tmpdir(), `gm-${name}-`));
  const args = [cliPath, name, '--defaults', ...flags];
  if (opts.install === false) args.push('--skip-install');
  must(process.execPath, args, root);
  return { root, dir: path.join(root, name), name };
}

export function cli(cwd: string, ...args: string[]): SpawnSyncReturns<string> {
  return sh(process.execPath, [cliPath, ...args], cwd);
}
