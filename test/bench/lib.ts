// Helpers of the benchmark: processes, statistics, formatting. No pass/fail logic here.
import { spawn, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  error?: Error;
}

/** Run a command to completion and time it (wall clock, ms). */
export function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): RunResult {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd,
    env: { ...process.env, ...(opts.env ?? {}) },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: opts.timeout ?? 1_800_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms, error: r.error };
}

/** Like run(), but throws with the command's output when it fails. */
export function must(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): RunResult {
  const r = run(cmd, args, opts);
  if (r.error || r.status !== 0) {
    const tail = `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-25).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}):\n${tail}`);
  }
  return r;
}

/** Run a command asynchronously (for timing while polling). */
export function runAsync(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...(opts.env ?? {}) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (error) => resolve({ status: null, stdout, stderr, ms: performance.now() - t0, error }));
    child.on('close', (status) => resolve({ status, stdout, stderr, ms: performance.now() - t0 }));
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function has(cmd: string, args = ['--version']): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return !r.error;
}

export function envInt(name: string, def: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name}=${raw}: want an integer >= ${min}`);
  return n;
}

// ---- statistics -----------------------------------------------------------------------------

export interface Stats {
  n: number;
  median: number;
  min: number;
  max: number;
  q1: number;
  q3: number;
}

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function stats(xs: number[]): Stats {
  if (!xs.length) throw new Error('stats of nothing');
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, median: quantile(s, 0.5), min: s[0]!, max: s[s.length - 1]!, q1: quantile(s, 0.25), q3: quantile(s, 0.75) };
}

// ---- formatting -----------------------------------------------------------------------------

export const MB = 1000 * 1000;

/** Sizes as docker prints them: decimal megabytes. */
export function mb(bytes: number, digits = 2): string {
  if (bytes >= 1000 * MB) return `${(bytes / (1000 * MB)).toFixed(2)} GB`;
  return `${(bytes / MB).toFixed(digits)} MB`;
}

export function secs(ms: number): string {
  return ms >= 100_000 ? `${(ms / 1000).toFixed(0)} s` : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(2)} s`;
}

export function msf(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`;
}

export function ratio(a: number, b: number, digits = 2): string {
  return `${(a / b).toFixed(digits)}×`;
}

/** "median (min–max, n=N)" with a unit formatter; IQR added from n >= 5. */
export function summary(s: Stats, f: (x: number) => string): string {
  const iqr = s.n >= 5 ? `, IQR ${f(s.q1)}–${f(s.q3)}` : '';
  return `${f(s.median)} (min–max ${f(s.min)}–${f(s.max)}${iqr}, n=${s.n})`;
}

export function table(head: string[], rows: string[][], align?: ('l' | 'r')[]): string {
  const sep = head.map((_, i) => ((align?.[i] ?? 'l') === 'r' ? '---:' : '---'));
  return [head, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

export function log(msg: string): void {
  const t = new Date().toISOString().slice(11, 19);
  console.log(`[bench ${t}] ${msg}`);
}

export function firstLine(s: string): string {
  return s.trim().split('\n').filter(Boolean).slice(-1)[0] ?? s.trim();
}
