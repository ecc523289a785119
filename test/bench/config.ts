// Bench configuration: run counts and section selection (BENCH_ONLY=a,b or --only a,b).
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '../support/paths.js';
import { envInt } from './lib.js';

/** `--only a,b` / `--only=a,b` on the command line (npm run bench -- --only cli). */
function onlyArgs(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--only') out.push(...(argv[++i] ?? '').split(','));
    else if (a.startsWith('--only=')) out.push(...a.slice('--only='.length).split(','));
    else throw new Error(`bench: unknown argument ${a} (accepted: --only section[,section...])`);
  }
  return out;
}

export const T0 = performance.now();
export const startedAt = new Date();

export const cfg = {
  rebuildRuns: envInt('BENCH_REBUILD_RUNS', 5),
  coldRuns: envInt('BENCH_COLD_RUNS', 2),
  startRuns: envInt('BENCH_START_RUNS', 7),
  wrkSeconds: envInt('BENCH_WRK_SECONDS', 8),
  wrkRounds: envInt('BENCH_WRK_ROUNDS', 3),
  wrkConns: envInt('BENCH_WRK_CONNECTIONS', 16),
  genRuns: envInt('BENCH_GEN_RUNS', 10),
  genInstallRuns: envInt('BENCH_GEN_INSTALL_RUNS', 5),
  cliRuns: envInt('BENCH_CLI_RUNS', 15),
  previous: process.env.BENCH_PREVIOUS || 'f8fe5b4', // the previous release (0.1.0, the first one)
  only: [...(process.env.BENCH_ONLY ?? '').split(','), ...onlyArgs(process.argv.slice(2))].map((s) => s.trim()).filter(Boolean),
  out: path.resolve(process.env.BENCH_OUT ?? path.join(repoRoot, 'docs/BENCHMARKS.md')),
  keep: process.env.BENCH_KEEP === '1',
};
export const sectionNames = ['cli', 'generator', 'sizes', 'seeds', 'build', 'start', 'lua', 'time'] as const;
export type Section = (typeof sectionNames)[number];
for (const s of cfg.only) if (!sectionNames.includes(s as Section)) throw new Error(`BENCH_ONLY: unknown section ${s} (accepted: ${sectionNames.join(', ')})`);
export const wanted = (s: Section) => cfg.only.length === 0 || cfg.only.includes(s);

export const DOCKER_ENV = { DOCKER_BUILDKIT: '1' };
export const fixturesDir = path.join(repoRoot, 'test/fixtures/seed-dockerfiles');
export const goluaTemplate = path.join(repoRoot, 'templates/app/pkg/luarun/golua.go.ejs');
export const svgName = 'benchmarks-image-sizes.svg';
export const nproc = os.availableParallelism?.() ?? os.cpus().length;
