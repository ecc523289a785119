// npm run bench — measures what the generator promises and writes docs/BENCHMARKS.md plus an
// SVG chart. Nothing here passes or fails: a section this machine cannot run is reported as
// skipped (on the console and on the page) with the reason. Needs go and a Docker engine.
//
// Environment (run counts; raise them on a quiet machine):
//   BENCH_REBUILD_RUNS=5      warm rebuilds per Dockerfile (alternating ours / seed 003)
//   BENCH_COLD_RUNS=2         cold builds per Dockerfile (alternating)
//   BENCH_START_RUNS=7        container starts per image (round-robin)
//   BENCH_WRK_SECONDS=8       duration of one measured wrk run (plus a 2 s warm-up)
//   BENCH_WRK_ROUNDS=3        wrk rounds per variant (variants alternate within a round)
//   BENCH_WRK_CONNECTIONS=16  wrk connections (one wrk thread)
//   BENCH_GEN_RUNS=10         generator runs with --skip-install
//   BENCH_GEN_INSTALL_RUNS=5  generator runs with the install step
//   BENCH_CLI_RUNS=15         runs per CLI command and version (--help, --version, generation --skip-install)
//   BENCH_PREVIOUS=f8fe5b4    the release the CLI section compares with (git ref in this repository)
//   BENCH_ONLY=a,b            run only these sections (cli,generator,sizes,seeds,build,start,lua,time);
//                             also `npm run bench -- --only cli`. A partial run prints its figures
//                             and leaves docs/BENCHMARKS.md alone unless BENCH_OUT is set.
//
// Modules: config (counts, selection), state (skips, results, section runner), machine, docker
// (projects, builds), fixtures (seed Dockerfiles), one module per section (cli, generator, sizes,
// build, start, load) and report (the page, chart and README table).
//   BENCH_OUT=path            where to write the page (default docs/BENCHMARKS.md; the SVG goes next to it)
//   BENCH_KEEP=1              keep the temporary projects
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '../support/paths.js';
import { dockerProblem, goProblem } from '../support/tools.js';
import { firstLine, log, run, secs } from './lib.js';
import { type Section, T0, cfg, svgName, wanted } from './config.js';
import { R, loadavg, section, skip, skips, state } from './state.js';
import { ensureTools, machineFacts } from './machine.js';
import { containers, removeContainer } from './docker.js';
import { sectionCli } from './cli.js';
import { sectionGenerator } from './generator.js';
import { sectionSeeds, sectionSizes } from './sizes.js';
import { sectionBuild } from './build.js';
import { sectionStart } from './start.js';
import { sectionLua, sectionTime } from './load.js';
import { chart, headlineTable, keyFigures, render, syncReadme } from './report.js';

// ---- main -------------------------------------------------------------------------------------

async function main(): Promise<void> {
  state.benchRoot = mkdtempSync(path.join(os.tmpdir(), 'gm-bench-'));
  log(`working directory ${state.benchRoot}`);
  // wrk only for the load sections; hyperfine for the timed commands
  ensureTools(wanted('lua') || wanted('time') ? ['wrk', 'hyperfine'] : ['hyperfine']);
  const goP = goProblem();
  const dockerP = dockerProblem();
  R.facts = machineFacts();
  R.facts.push(['run counts', `warm rebuild ${cfg.rebuildRuns}+${cfg.rebuildRuns}, cold ${cfg.coldRuns}+${cfg.coldRuns}, starts ${cfg.startRuns} per image, wrk ${cfg.wrkRounds} rounds × ${cfg.wrkSeconds} s × ${cfg.wrkConns} connections, generator ${cfg.genRuns} / ${cfg.genInstallRuns}, CLI ${cfg.cliRuns}`]);

  await section('cli', 'CLI start-up', sectionCli);
  await section('generator', 'generator wall time', sectionGenerator);

  const dockerSections: [Section, string][] = [
    ['sizes', 'image sizes (ours)'],
    ['seeds', 'image sizes (seed Dockerfiles)'],
    ['build', 'cold build and warm rebuild'],
    ['start', 'container start to first 200'],
    ['lua', '/lua load'],
    ['time', '/time load'],
  ];
  const blocker = goP ? `go is not usable: ${goP}` : dockerP ? `Docker is not usable: ${dockerP}` : null;
  if (!dockerSections.some(([s]) => wanted(s))) {
    for (const [, title] of dockerSections) skip(title, `not selected (BENCH_ONLY=${cfg.only.join(',')})`);
  } else if (blocker) {
    for (const [s, title] of dockerSections) if (wanted(s)) skip(title, blocker);
  } else {
    log('base images: npm run base-images (cached stand-ins for golang:<minor>-trixie and distroless)');
    const bi = run('bash', [path.join(repoRoot, 'scripts/base-images.sh')], { timeout: 1_800_000 });
    if (bi.status !== 0) {
      for (const [s, title] of dockerSections) if (wanted(s)) skip(title, `scripts/base-images.sh failed: ${firstLine(bi.stderr)}`);
    } else {
      await section('sizes', 'image sizes (ours)', sectionSizes);
      await section('seeds', 'image sizes (seed Dockerfiles)', sectionSeeds);
      await section('build', 'cold build and warm rebuild', sectionBuild);
      await section('start', 'container start to first 200', sectionStart);
      await section('lua', '/lua load', sectionLua);
      await section('time', '/time load', sectionTime);
    }
  }

  const totalMs = performance.now() - T0;
  R.facts.push(['load average at end (1/5/15 min)', loadavg()]);
  if (cfg.only.length > 0 && process.env.BENCH_OUT === undefined) {
    // a partial run must not replace the full page (or the README table) with "skipped" rows
    log('partial run (--only / BENCH_ONLY): docs/BENCHMARKS.md and README.md left as they are (set BENCH_OUT=file to write a page)');
  } else {
    mkdirSync(path.dirname(cfg.out), { recursive: true });
    const svgPath = path.join(path.dirname(cfg.out), svgName);
    writeFileSync(svgPath, chart());
    const md = render(totalMs, svgName);
    writeFileSync(cfg.out, md + '\n');
    log(`wrote ${path.relative(process.cwd(), cfg.out) || cfg.out} and ${path.relative(process.cwd(), svgPath) || svgPath}`);
    if (cfg.out === path.join(repoRoot, 'docs/BENCHMARKS.md')) syncReadme(headlineTable());
  }
  console.log('\nKey figures:');
  for (const k of keyFigures()) console.log(`  - ${k.replace(/\*\*/g, '')}`);
  if (skips.length) {
    console.log('\nSKIPPED:');
    for (const s of skips) console.log(`  - ${s.what}: ${s.why}`);
  }
  console.log(`\nbench wall time: ${secs(totalMs)}`);
}

function cleanup(): void {
  for (const c of [...containers]) removeContainer(c);
  if (state.benchRoot && !cfg.keep) rmSync(state.benchRoot, { recursive: true, force: true });
  else if (state.benchRoot) log(`kept ${state.benchRoot}`);
}

process.on('SIGINT', () => {
  cleanup();
  process.exit(130);
});
process.on('SIGTERM', () => {
  cleanup();
  process.exit(143);
});

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(cleanup);

