// Generator wall time (hyperfine, or a timed loop when it is missing).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cliPath } from '../support/paths.js';
import { goProblem } from '../support/tools.js';
import { has, must } from './lib.js';
import { cfg } from './config.js';
import { type GenRow, R, skip, state } from './state.js';

export function hyperfine(label: string, command: string, runs: number, cwd: string, prepare: string): GenRow {
  if (has('hyperfine')) {
    const json = path.join(state.benchRoot, `hf-${runs}-${Math.random().toString(36).slice(2)}.json`);
    must('hyperfine', ['--warmup', '1', '--runs', String(runs), '--prepare', prepare, '--export-json', json, '--style', 'basic', command], { cwd, timeout: 1_800_000 });
    const res = JSON.parse(readFileSync(json, 'utf8')).results[0];
    return { label, command, times: (res.times as number[]).map((s) => s * 1000), tool: `hyperfine --warmup 1 --runs ${runs} --prepare '${prepare}'` };
  }
  // fallback: our own loop (same protocol: one warm-up, then timed runs)
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    must('sh', ['-c', prepare], { cwd });
    const r = must('sh', ['-c', command], { cwd });
    if (i > 0) times.push(r.ms);
  }
  return { label, command, times, tool: `sh -c loop (hyperfine not available), 1 warm-up + ${runs} runs` };
}

export function sectionGenerator(): void {
  const cwd = path.join(state.benchRoot, 'gen');
  mkdirSync(cwd, { recursive: true });
  const cli = `node ${cliPath}`;
  R.gen.push(hyperfine('--defaults --skip-install', `${cli} gen-svc --defaults --skip-install`, cfg.genRuns, cwd, 'rm -rf gen-svc'));
  if (goProblem()) skip('generator wall time with install', goProblem()!);
  else R.gen.push(hyperfine('--defaults (with install: go mod tidy)', `${cli} gen-svc --defaults`, cfg.genInstallRuns, cwd, 'rm -rf gen-svc'));
  state.genMakesGitRepo = existsSync(path.join(cwd, 'gen-svc', '.git'));
}
