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
//   BENCH_ONLY=a,b            run only these sections (generator,sizes,seeds,build,start,lua,time)
//   BENCH_OUT=path            where to write the page (default docs/BENCHMARKS.md; the SVG goes next to it)
//   BENCH_KEEP=1              keep the temporary projects
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import { targets, type Target } from '../../generators/lib/targets.js';
import type { Framework, LuaEngine } from '../../generators/lib/context.js';
import { freePort } from '../support/http.js';
import { cliPath, repoRoot } from '../support/paths.js';
import { dockerBin, dockerProblem, goProblem } from '../support/tools.js';
import { envInt, firstLine, has, log, MB, mb, msf, must, ratio, run, runAsync, secs, sleep, stats, summary, table, type Stats } from './lib.js';
import { parseWrk, type WrkResult } from './wrk.js';
import { sizeChart, type Bar } from './svg.js';

const T0 = performance.now();
const startedAt = new Date();

const cfg = {
  rebuildRuns: envInt('BENCH_REBUILD_RUNS', 5),
  coldRuns: envInt('BENCH_COLD_RUNS', 2),
  startRuns: envInt('BENCH_START_RUNS', 7),
  wrkSeconds: envInt('BENCH_WRK_SECONDS', 8),
  wrkRounds: envInt('BENCH_WRK_ROUNDS', 3),
  wrkConns: envInt('BENCH_WRK_CONNECTIONS', 16),
  genRuns: envInt('BENCH_GEN_RUNS', 10),
  genInstallRuns: envInt('BENCH_GEN_INSTALL_RUNS', 5),
  only: (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean),
  out: path.resolve(process.env.BENCH_OUT ?? path.join(repoRoot, 'docs/BENCHMARKS.md')),
  keep: process.env.BENCH_KEEP === '1',
};
const sectionNames = ['generator', 'sizes', 'seeds', 'build', 'start', 'lua', 'time'] as const;
type Section = (typeof sectionNames)[number];
for (const s of cfg.only) if (!sectionNames.includes(s as Section)) throw new Error(`BENCH_ONLY: unknown section ${s} (accepted: ${sectionNames.join(', ')})`);
const wanted = (s: Section) => cfg.only.length === 0 || cfg.only.includes(s);

const DOCKER_ENV = { DOCKER_BUILDKIT: '1' };
const fixturesDir = path.join(repoRoot, 'test/fixtures/seed-dockerfiles');
const goluaTemplate = path.join(repoRoot, 'templates/app/pkg/luarun/golua.go.ejs');
const svgName = 'benchmarks-image-sizes.svg';
const nproc = os.availableParallelism?.() ?? os.cpus().length;

// ---- bookkeeping ------------------------------------------------------------------------------

interface Skip {
  what: string;
  why: string;
}
const skips: Skip[] = [];
const installed: string[] = [];
function skip(what: string, why: string): void {
  skips.push({ what, why });
  log(`SKIPPED ${what}: ${why}`);
}
const containers = new Set<string>();
let benchRoot = '';

function docker(args: string[], timeout = 1_800_000) {
  return must(dockerBin, args, { env: DOCKER_ENV, timeout });
}
function dockerTry(args: string[]) {
  return run(dockerBin, args, { env: DOCKER_ENV, timeout: 120_000 });
}
function removeContainer(id: string): void {
  dockerTry(['rm', '-f', id]);
  containers.delete(id);
}
function loadavg(): string {
  return os.loadavg().map((x) => x.toFixed(2)).join(' ');
}
const loadSamples: { section: string; before: string; after: string }[] = [];
async function section<T>(name: Section, title: string, fn: () => Promise<T> | T): Promise<T | undefined> {
  if (!wanted(name)) {
    skip(title, `not selected (BENCH_ONLY=${cfg.only.join(',')})`);
    return undefined;
  }
  const before = loadavg();
  const t = performance.now();
  log(`== ${title} (load average ${before})`);
  try {
    return await fn();
  } catch (e) {
    skip(title, `failed: ${firstLine((e as Error).message)}`);
    console.error((e as Error).message);
    return undefined;
  } finally {
    const after = loadavg();
    loadSamples.push({ section: title, before, after });
    log(`== ${title} done in ${secs(performance.now() - t)} (load average ${after})`);
  }
}

// ---- machine ----------------------------------------------------------------------------------

function machineFacts(): [string, string][] {
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

function ensureTools(): void {
  const missing = ['wrk', 'hyperfine'].filter((t) => !has(t, t === 'wrk' ? ['-v'] : ['--version']));
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

// ---- projects ---------------------------------------------------------------------------------

interface Project {
  key: string; // e.g. gin-none
  framework: Framework;
  lua: LuaEngine;
  dir: string;
}
const projects = new Map<string, Project>();

function generateProject(framework: Framework, lua: LuaEngine): Project {
  const key = `${framework}-${lua}`;
  const parent = path.join(benchRoot, 'projects');
  mkdirSync(parent, { recursive: true });
  const name = `bench-${key}`;
  must(process.execPath, [cliPath, name, '--defaults', '--framework', framework, '--lua', lua], { cwd: parent, timeout: 600_000 });
  const p = { key, framework, lua, dir: path.join(parent, name) };
  projects.set(key, p);
  return p;
}

/** Our Dockerfile for a project and target, rendered by the image sub-generator in a scratch copy. */
const dockerfiles = new Map<string, string>();
function ourDockerfile(p: Project, target: string, upx = false): string {
  const id = `${p.key}-${target}${upx ? '-upx' : ''}`;
  if (dockerfiles.has(id)) return dockerfiles.get(id)!;
  const scratchCopy = path.join(benchRoot, 'render', `${p.key}${upx ? '-upx' : ''}`);
  if (!existsSync(scratchCopy)) cpSync(p.dir, scratchCopy, { recursive: true });
  must(process.execPath, [cliPath, 'image', target, ...(upx ? ['--upx'] : []), '--force'], { cwd: scratchCopy });
  const out = path.join(benchRoot, 'dockerfiles', `${id}.Dockerfile`);
  mkdirSync(path.dirname(out), { recursive: true });
  copyFileSync(path.join(scratchCopy, 'Dockerfile'), out);
  dockerfiles.set(id, out);
  return out;
}

function build(contextDir: string, dockerfile: string, tag: string, extra: string[] = []): number {
  const r = docker(['build', '-q', ...extra, '-f', dockerfile, '-t', tag, contextDir]);
  return r.ms;
}

function imageSize(tag: string): number {
  return Number(docker(['image', 'inspect', '-f', '{{.Size}}', tag]).stdout.trim());
}

function binarySize(tag: string, file: string): number {
  const cid = docker(['create', tag]).stdout.trim();
  const out = path.join(benchRoot, `bin-${Math.random().toString(36).slice(2)}`);
  try {
    docker(['cp', `${cid}:${file}`, out]);
    return statSync(out).size;
  } finally {
    dockerTry(['rm', cid]);
    rmSync(out, { force: true });
  }
}

function extractBinary(tag: string, file: string, out: string): void {
  const cid = docker(['create', tag]).stdout.trim();
  try {
    docker(['cp', `${cid}:${file}`, out]);
  } finally {
    dockerTry(['rm', cid]);
  }
}

// ---- seed fixtures ----------------------------------------------------------------------------

interface Fixture {
  id: string;
  file: string;
  source: string;
  binary: string;
  reported: string;
  unbuildable?: string;
  seed: string;
  adaptations: string[];
}

function readFixtures(): Fixture[] {
  return readdirSync(fixturesDir)
    .filter((f) => f.endsWith('.Dockerfile'))
    .sort()
    .map((f) => {
      const text = readFileSync(path.join(fixturesDir, f), 'utf8');
      const line = /^# bench: (.+)$/m.exec(text)?.[1];
      if (!line) throw new Error(`${f}: no "# bench:" header line`);
      const kv = (k: string) => new RegExp(`(?:^| )${k}=(\\S+)`).exec(line)?.[1];
      const unbuildable = /(?:^| )unbuildable=(.+)$/.exec(line)?.[1];
      const header = text.slice(0, text.indexOf('# bench:')).split('\n').map((l) => l.replace(/^# ?/, ''));
      const adaptations: string[] = [];
      let cur = '';
      for (const l of header) {
        if (/^ {2}- /.test(l)) {
          if (cur) adaptations.push(cur);
          cur = l.replace(/^ {2}- /, '').trim();
        } else if (cur && /^ {4}\S/.test(l)) cur += ' ' + l.trim();
        else if (cur) {
          adaptations.push(cur);
          cur = '';
        }
      }
      if (cur) adaptations.push(cur);
      return {
        id: kv('id')!,
        file: f,
        source: kv('source')!,
        binary: kv('binary')!,
        reported: kv('reported') ?? '?',
        unbuildable,
        seed: /^Seed (\d+)/m.exec(header.join('\n'))?.[1] ?? '?',
        adaptations,
      };
    });
}

// ---- results ----------------------------------------------------------------------------------

interface SizeRow {
  project: string;
  framework: Framework;
  lua: LuaEngine;
  target: string;
  upx: boolean;
  tag?: string;
  image?: number;
  binary?: number;
  note?: string;
}
interface SeedRow {
  fx: Fixture;
  tag?: string;
  image?: number;
  binary?: number;
  note?: string;
}
interface BuildTimes {
  ours: number[];
  seed: number[];
  order: string[];
}
interface StartRow {
  label: string;
  what: string;
  toHealthy: number[];
  runReturned: number[];
}
interface LoadRow {
  label: string;
  what: string;
  runs: WrkResult[];
}
interface GenRow {
  label: string;
  command: string;
  times: number[]; // ms
  tool: string;
}

const R: {
  facts: [string, string][];
  sizes: SizeRow[];
  seeds: SeedRow[];
  cold?: BuildTimes;
  warm?: BuildTimes;
  rebuildEdit?: string;
  start: StartRow[];
  lua: LoadRow[];
  time: LoadRow[];
  gen: GenRow[];
  golua: 'included' | string;
  pinning: string;
} = { facts: [], sizes: [], seeds: [], start: [], lua: [], time: [], gen: [], golua: '', pinning: '' };

// ---- sections ---------------------------------------------------------------------------------

function hyperfine(label: string, command: string, runs: number, cwd: string, prepare: string): GenRow {
  if (has('hyperfine')) {
    const json = path.join(benchRoot, `hf-${runs}-${Math.random().toString(36).slice(2)}.json`);
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

function sectionGenerator(): void {
  const cwd = path.join(benchRoot, 'gen');
  mkdirSync(cwd, { recursive: true });
  const cli = `node ${cliPath}`;
  R.gen.push(hyperfine('--defaults --skip-install', `${cli} gen-svc --defaults --skip-install`, cfg.genRuns, cwd, 'rm -rf gen-svc'));
  if (goProblem()) skip('generator wall time with install', goProblem()!);
  else R.gen.push(hyperfine('--defaults (with install: go mod tidy + gofmt)', `${cli} gen-svc --defaults`, cfg.genInstallRuns, cwd, 'rm -rf gen-svc'));
  genMakesGitRepo = existsSync(path.join(cwd, 'gen-svc', '.git'));
}
let genMakesGitRepo = false;

function engines(): LuaEngine[] {
  const list: LuaEngine[] = ['none', 'gopher'];
  if (existsSync(goluaTemplate)) list.push('golua');
  return list;
}

/** Build `tag` from the Dockerfile `dockerfile()` gives and record its sizes in `row`; on failure note why (skip list). */
function buildAndMeasure(row: SizeRow, p: Project, tag: string, dockerfile: () => string, what: string): boolean {
  try {
    const df = dockerfile();
    row.tag = tag;
    log(`build ${row.tag}`);
    build(p.dir, df, row.tag);
    row.image = imageSize(row.tag);
    row.binary = binarySize(row.tag, '/app');
    return true;
  } catch (e) {
    row.note = `build failed: ${firstLine((e as Error).message)}`;
    skip(what, row.note);
    return false;
  }
}

function sectionSizes(): void {
  for (const framework of ['nethttp', 'gin'] as const) {
    for (const lua of engines()) {
      let p: Project;
      try {
        p = projects.get(`${framework}-${lua}`) ?? generateProject(framework, lua);
      } catch (e) {
        skip(`${framework} × lua ${lua}: all images`, `generation failed: ${firstLine((e as Error).message)}`);
        if (lua === 'golua') R.golua = `generation failed: ${firstLine((e as Error).message)}`;
        continue;
      }
      for (const t of targets) {
        const row: SizeRow = { project: p.key, framework, lua, target: t.name, upx: false };
        if (lua !== 'none' && !t.lua[lua as 'gopher' | 'golua']) continue; // refused by the generator: not a variant
        if (!t.buildableOffline) {
          row.note = 'not measured (offline: see Skipped)';
          if (!skips.some((x) => x.what === `target ${t.name} (all variants)`)) skip(`target ${t.name} (all variants)`, `not buildable on this offline machine: ${t.offlineReason}`);
          R.sizes.push(row);
          continue;
        }
        if (!buildAndMeasure(row, p, `gm-bench/${p.key}-${t.name}:latest`, () => ourDockerfile(p, t.name), `image ${p.key} × ${t.name}`) && lua === 'golua') R.golua = row.note ?? 'build failed';
        R.sizes.push(row);
      }
    }
  }
  // our own --upx (the same packer seed 003 uses), for the same source the seeds are built from
  const p = projects.get('gin-none');
  if (p) {
    const row: SizeRow = { project: p.key, framework: 'gin', lua: 'none', target: 'scratch', upx: true };
    buildAndMeasure(row, p, 'gm-bench/gin-none-scratch-upx:latest', () => ourDockerfile(p, 'scratch', true), 'image gin-none × scratch --upx');
    R.sizes.push(row);
  }
  if (!existsSync(goluaTemplate)) {
    R.golua = `templates/app/pkg/luarun/golua.go.ejs does not exist yet (the golua engine is still being written), so no golua project can be generated`;
    skip('golua (sizes, /lua load)', R.golua);
  } else if (!R.golua) R.golua = 'included';
}

function sectionSeeds(): void {
  for (const fx of readFixtures()) {
    const row: SeedRow = { fx };
    R.seeds.push(row);
    if (fx.unbuildable) {
      row.note = 'not measured (offline: see Skipped)';
      skip(`seed fixture ${fx.file}`, fx.unbuildable);
      continue;
    }
    const [framework, lua] = fx.source.split('-') as [Framework, LuaEngine];
    let p = projects.get(fx.source);
    try {
      if (!p) {
        if (lua === 'golua' && !existsSync(goluaTemplate)) throw new Error('needs a golua project, and the golua template does not exist yet');
        p = generateProject(framework, lua);
      }
      row.tag = `gm-bench/${fx.id}:latest`;
      log(`build ${row.tag} (${fx.file})`);
      build(p.dir, path.join(fixturesDir, fx.file), row.tag);
      row.image = imageSize(row.tag);
      row.binary = binarySize(row.tag, fx.binary);
    } catch (e) {
      row.note = `build failed: ${firstLine((e as Error).message)}`;
      skip(`seed fixture ${fx.file}`, row.note);
    }
  }
}

/** Exec-cache-mount records (id -> in use) of the build cache, to clean up what cold builds created. */
function cacheMounts(): Set<string> {
  const r = dockerTry(['system', 'df', '-v', '--format', '{{json .BuildCache}}']);
  if (r.status !== 0) return new Set();
  try {
    const recs = JSON.parse(r.stdout) as { ID: string; CacheType: string }[];
    return new Set(recs.filter((x) => x.CacheType === 'exec.cachemount').map((x) => x.ID));
  } catch {
    return new Set();
  }
}

function sectionBuild(): void {
  const base = projects.get('gin-none') ?? generateProject('gin', 'none');
  const seedFinal = path.join(fixturesDir, 'seed-003-final.Dockerfile');
  const src = path.join(benchRoot, 'rebuild-src');
  cpSync(base.dir, src, { recursive: true });
  // the edit: one line inside the /healthz handler, changed before every build (behaviour and
  // tests unchanged, so the seed's in-build `go test` keeps passing)
  const file = path.join(src, 'pkg/server/server.go');
  const code = readFileSync(file, 'utf8');
  const open = /^func \(s \*Server\) healthz\(\) reply \{\n/m;
  if (!open.test(code)) throw new Error('pkg/server/server.go has no healthz handler to edit');
  writeFileSync(file, code.replace(open, (m) => `${m}\t_ = 0 // bench: the one-line handler edit\n`));
  let edits = 0;
  const edit = () => {
    edits++;
    const c = readFileSync(file, 'utf8').replace(/^\t_ = \d+ \/\/ bench: the one-line handler edit$/m, `\t_ = ${edits} // bench: the one-line handler edit`);
    writeFileSync(file, c);
  };
  R.rebuildEdit = 'pkg/server/server.go: the line `_ = N` inside `func (s *Server) healthz()`, N incremented before every build';

  const ours = ourDockerfile(base, 'scratch');
  // cold: no layer cache (--no-cache) and, for our Dockerfile, empty cache mounts: a copy whose
  // mounts get a fresh id= per run (the only difference), so no module or build cache is reused.
  const cold: BuildTimes = { ours: [], seed: [], order: [] };
  const before = cacheMounts();
  const stamp = Date.now().toString(36);
  for (let i = 0; i < cfg.coldRuns; i++) {
    const coldDf = path.join(benchRoot, 'dockerfiles', `cold-${i}.Dockerfile`);
    let n = 0;
    const text = readFileSync(ours, 'utf8').replace(/--mount=type=cache,target=(\S+)/g, (_m, target: string) => {
      n++;
      return `--mount=type=cache,id=gm-bench-cold-${stamp}-${i}${target.replace(/\//g, '_')},target=${target}`;
    });
    if (n === 0) throw new Error('our Dockerfile has no cache mounts to isolate for the cold build');
    writeFileSync(coldDf, text);
    const pair: [string, () => void][] = [
      ['ours', () => cold.ours.push(build(src, coldDf, 'gm-bench/rebuild-ours:latest', ['--no-cache']))],
      ['seed003-final', () => cold.seed.push(build(src, seedFinal, 'gm-bench/rebuild-seed003:latest', ['--no-cache']))],
    ];
    if (i % 2 === 1) pair.reverse();
    for (const [name, f] of pair) {
      log(`cold build ${i + 1}/${cfg.coldRuns}: ${name}`);
      f();
      cold.order.push(name);
    }
  }
  R.cold = cold;
  // remove the cold runs' own cache mounts (new records only, never ones in use)
  const mine = [...cacheMounts()].filter((id) => !before.has(id));
  for (const id of mine) dockerTry(['builder', 'prune', '-f', '--filter', `id=${id}`]);
  if (mine.length) log(`removed ${mine.length} cache-mount records created by the cold builds`);

  // warm: prime both with the normal Dockerfile, then edit + build, alternating
  log('priming warm rebuilds');
  build(src, ours, 'gm-bench/rebuild-ours:latest');
  build(src, seedFinal, 'gm-bench/rebuild-seed003:latest');
  const warm: BuildTimes = { ours: [], seed: [], order: [] };
  for (let i = 0; i < cfg.rebuildRuns; i++) {
    const pair: [string, () => void][] = [
      ['ours', () => warm.ours.push(build(src, ours, 'gm-bench/rebuild-ours:latest'))],
      ['seed003-final', () => warm.seed.push(build(src, seedFinal, 'gm-bench/rebuild-seed003:latest'))],
    ];
    if (i % 2 === 1) pair.reverse();
    for (const [name, f] of pair) {
      edit();
      log(`warm rebuild ${i + 1}/${cfg.rebuildRuns}: ${name}`);
      f();
      warm.order.push(name);
    }
  }
  R.warm = warm;
}

async function pollUntil200(url: string, t0: number, deadlineMs: number, alive: () => boolean = () => true): Promise<number> {
  while (performance.now() - t0 < deadlineMs) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - t0;
    } catch {
      /* not up yet */
    }
    if (!alive()) throw new Error(`process exited before ${url} answered`);
    await sleep(2);
  }
  throw new Error(`${url} did not answer 200 within ${deadlineMs} ms`);
}

async function startOnce(image: string): Promise<{ toHealthy: number; runReturned: number }> {
  const port = await freePort();
  const name = `gm-bench-start-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  containers.add(name);
  const t0 = performance.now();
  let returned: number | undefined;
  let failed: string | undefined;
  const runP = runAsync(dockerBin, ['run', '-d', '--name', name, '--network', 'host', '-e', `PORT=${port}`, image], { env: DOCKER_ENV }).then((r) => {
    returned = performance.now() - t0;
    if (r.status !== 0) failed = firstLine(r.stderr);
    return r;
  });
  try {
    const toHealthy = await pollUntil200(`http://127.0.0.1:${port}/healthz`, t0, 30_000, () => failed === undefined);
    await runP;
    return { toHealthy, runReturned: returned! };
  } finally {
    await runP;
    removeContainer(name);
  }
}

async function nativeStartOnce(bin: string): Promise<number> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(bin, [], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
  let exited = false;
  child.on('exit', () => (exited = true));
  try {
    return await pollUntil200(`http://127.0.0.1:${port}/healthz`, t0, 30_000, () => !exited);
  } finally {
    child.kill('SIGTERM');
    if (!exited) await new Promise((r) => child.once('exit', r));
  }
}

async function sectionStart(): Promise<void> {
  const rows: (StartRow & { image?: string; bin?: string })[] = [];
  for (const s of R.sizes.filter((x) => x.project === 'gin-none' && x.tag && x.image !== undefined)) {
    rows.push({ label: `ours: ${s.target}${s.upx ? ' --upx' : ''}`, what: s.tag!, image: s.tag, toHealthy: [], runReturned: [] });
  }
  for (const s of R.seeds.filter((x) => x.tag && x.image !== undefined)) {
    rows.push({ label: `${s.fx.id}`, what: s.tag!, image: s.tag, toHealthy: [], runReturned: [] });
  }
  const scratch = R.sizes.find((x) => x.project === 'gin-none' && x.target === 'scratch' && !x.upx && x.tag);
  if (scratch) {
    const bin = path.join(benchRoot, 'gin-none-app');
    extractBinary(scratch.tag!, '/app', bin);
    rows.unshift({ label: 'native binary (no container)', what: 'the /app of the scratch image, run directly', bin, toHealthy: [], runReturned: [] });
  }
  if (!rows.length) throw new Error('no gin × lua-none images were built (sizes/seeds sections)');
  for (let r = 0; r < cfg.startRuns; r++) {
    const order = rows.map((_, i) => rows[(i + r) % rows.length]!);
    for (const row of order) {
      if (row.bin) row.toHealthy.push(await nativeStartOnce(row.bin));
      else {
        const m = await startOnce(row.image!);
        row.toHealthy.push(m.toHealthy);
        row.runReturned.push(m.runReturned);
      }
    }
    log(`start round ${r + 1}/${cfg.startRuns} done`);
  }
  R.start = rows;
}

async function startForLoad(image: string, pin: boolean): Promise<{ name: string; port: number }> {
  const port = await freePort();
  const name = `gm-bench-load-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  containers.add(name);
  const args = ['run', '-d', '--name', name, '--network', 'host', '--log-driver', 'none', '-e', `PORT=${port}`];
  if (pin) args.push('--cpuset-cpus', '1');
  docker([...args, image]);
  const t0 = performance.now();
  await pollUntil200(`http://127.0.0.1:${port}/healthz`, t0, 30_000);
  return { name, port };
}

function wrkArgs(pin: boolean, seconds: number, url: string, latency: boolean): [string, string[]] {
  const a = ['-t1', `-c${cfg.wrkConns}`, `-d${seconds}s`, ...(latency ? ['--latency'] : []), url];
  return pin ? ['taskset', ['-c', '0', 'wrk', ...a]] : ['wrk', a];
}

async function loadTest(variants: { label: string; what: string; image: string }[], urlPath: string, expect: (body: string) => boolean): Promise<LoadRow[]> {
  if (!has('wrk', ['-v'])) throw new Error('wrk is not installed (apt-get install -y wrk)');
  const pin = nproc >= 2 && has('taskset', ['-V']);
  R.pinning = pin
    ? 'the server container pinned to CPU 1 (`--cpuset-cpus 1`, so Go sees one CPU: GOMAXPROCS=1) and wrk to CPU 0 (`taskset -c 0`)'
    : 'no CPU pinning (fewer than 2 cores or no taskset): server and wrk share the CPUs';
  const started: { v: (typeof variants)[number]; name: string; port: number; row: LoadRow }[] = [];
  try {
    for (const v of variants) {
      const c = await startForLoad(v.image, pin);
      const res = await fetch(`http://127.0.0.1:${c.port}${urlPath}`);
      const body = await res.text();
      if (res.status !== 200 || !expect(body)) throw new Error(`${v.label}: GET ${urlPath} answered ${res.status} ${body.slice(0, 200)}`);
      started.push({ v, ...c, row: { label: v.label, what: v.what, runs: [] } });
    }
    for (let r = 0; r < cfg.wrkRounds; r++) {
      const order = started.map((_, i) => started[(i + r) % started.length]!);
      for (const s of order) {
        const url = `http://127.0.0.1:${s.port}${urlPath}`;
        const [wc, wa] = wrkArgs(pin, 2, url, false);
        must(wc, wa, { timeout: 60_000 }); // warm-up, discarded
        const [mc, ma] = wrkArgs(pin, cfg.wrkSeconds, url, true);
        const res = parseWrk(must(mc, ma, { timeout: 120_000 + cfg.wrkSeconds * 1000 }).stdout);
        s.row.runs.push(res);
        log(`${urlPath} ${s.v.label}: ${res.rps.toFixed(0)} req/s, p50 ${msf(res.p50)}, p99 ${msf(res.p99)}${res.non2xx || res.socketErrors ? `, ${res.non2xx} non-2xx, ${res.socketErrors} socket errors` : ''}`);
      }
    }
  } finally {
    for (const s of started) removeContainer(s.name);
  }
  return started.map((s) => s.row);
}

async function sectionLua(): Promise<void> {
  const pooled = projects.get('nethttp-gopher') ?? generateProject('nethttp', 'gopher');
  const pooledImg = R.sizes.find((x) => x.project === 'nethttp-gopher' && x.target === 'scratch' && x.tag)?.tag ?? 'gm-bench/nethttp-gopher-scratch:latest';
  if (!R.sizes.find((x) => x.tag === pooledImg)) build(pooled.dir, ourDockerfile(pooled, 'scratch'), pooledImg);
  // variant: the same project with pooling disabled (Options.PoolSize < 0); main.go has no
  // run-time switch for it, so a copy of the generated project is patched here.
  const nopoolDir = path.join(benchRoot, 'nethttp-gopher-nopool');
  cpSync(pooled.dir, nopoolDir, { recursive: true });
  const main = path.join(nopoolDir, 'main.go');
  const before = readFileSync(main, 'utf8');
  const after = before.replace(/luarun\.Options\{Timeout: cfg\.LuaTimeout\}/, 'luarun.Options{Timeout: cfg.LuaTimeout, PoolSize: -1}');
  if (after === before) throw new Error('main.go: could not find `luarun.Options{Timeout: cfg.LuaTimeout}` to disable pooling');
  writeFileSync(main, after);
  const nopoolImg = 'gm-bench/nethttp-gopher-nopool-scratch:latest';
  log(`build ${nopoolImg}`);
  build(nopoolDir, ourDockerfile(pooled, 'scratch'), nopoolImg);
  const variants = [
    { label: 'gopher, pooled (generated default)', what: `${pooledImg}`, image: pooledImg },
    { label: 'gopher, new state per request', what: `${nopoolImg} (main.go patched: PoolSize: -1)`, image: nopoolImg },
  ];
  const golua = R.sizes.find((x) => x.project === 'nethttp-golua' && x.target === 'scratch' && x.tag && x.image !== undefined);
  if (golua) variants.push({ label: 'golua, pooled (C Lua 5.1, cgo, static)', what: golua.tag!, image: golua.tag! });
  else skip('/lua load: golua', R.golua && R.golua !== 'included' ? R.golua : 'no nethttp × golua scratch image was built');
  R.lua = await loadTest(variants, '/lua', (b) => b.includes('hello world'));
}

async function sectionTime(): Promise<void> {
  const variants: { label: string; what: string; image: string }[] = [];
  for (const fw of ['nethttp', 'gin'] as const) {
    let row = R.sizes.find((x) => x.project === `${fw}-none` && x.target === 'scratch' && !x.upx && x.tag && x.image !== undefined);
    let tag = row?.tag;
    if (!tag) {
      const p = projects.get(`${fw}-none`) ?? generateProject(fw, 'none');
      tag = `gm-bench/${fw}-none-scratch:latest`;
      build(p.dir, ourDockerfile(p, 'scratch'), tag);
    }
    variants.push({ label: fw === 'gin' ? 'gin' : 'net/http', what: tag, image: tag });
  }
  R.time = await loadTest(variants, '/time', (b) => b.includes('"zone"'));
}

// ---- report -----------------------------------------------------------------------------------

const fwName = (f: string) => (f === 'gin' ? 'gin' : 'net/http');
const delta = (bytes: number) => (Math.abs(bytes) < 100_000 ? `${(bytes / 1000).toFixed(1)} kB` : mb(bytes));

function headlineTable(): string {
  const rows: string[][] = [];
  const ginNone = R.sizes.filter((x) => x.project === 'gin-none');
  const limit = ginNone.find((x) => x.target === 'scratch' && !x.upx)?.binary;
  const ourScratch = ginNone.find((x) => x.target === 'scratch' && !x.upx)?.image;
  const fmt = (image?: number, note?: string) => (image === undefined ? note ?? 'not measured' : mb(image));
  for (const s of ginNone) {
    const what = s.upx ? 'ours, scratch + `--upx`' : `ours, ${s.target}`;
    rows.push([
      what,
      fmt(s.image, s.note),
      s.image !== undefined && limit ? ratio(s.image, limit, 3) : '—',
      s.image !== undefined && ourScratch ? ratio(s.image, ourScratch) : '—',
      '—',
    ]);
  }
  for (const s of R.seeds) {
    rows.push([
      `seed ${s.fx.seed}: \`${s.fx.file.replace('.Dockerfile', '')}\``,
      fmt(s.image, s.note),
      s.image !== undefined && limit ? ratio(s.image, limit, 3) : '—',
      s.image !== undefined && ourScratch ? ratio(s.image, ourScratch) : '—',
      s.fx.reported.replace(/([\d.])([MG]B)/, '$1 $2'),
    ]);
  }
  const head = table(['Dockerfile (gin × no Lua, one generated source)', 'image', '÷ stripped binary', '÷ our scratch image', 'seed reported (its own program)'], rows, ['l', 'r', 'r', 'r', 'r']);
  return `${head}\n\nStripped binary (the physical limit, \`-s -w\`, from our scratch image): **${limit ? mb(limit) : 'not measured'}**.`;
}

function keyFigures(): string[] {
  const out: string[] = [];
  if (R.warm && R.warm.ours.length && R.warm.seed.length) {
    const o = stats(R.warm.ours);
    const s = stats(R.warm.seed);
    out.push(`Warm rebuild after a one-line handler edit: ours **${secs(o.median)}** vs seed 003's final **${secs(s.median)}** (medians, n=${o.n} each, alternating): **${ratio(s.median, o.median, 1)} faster**.`);
  }
  if (R.cold && R.cold.ours.length && R.cold.seed.length) {
    out.push(`Cold build: ours ${secs(stats(R.cold.ours).median)} vs seed 003's final ${secs(stats(R.cold.seed).median)} (n=${R.cold.ours.length} each).`);
  }
  const sc = R.start.find((x) => x.label === 'ours: scratch');
  if (sc && sc.toHealthy.length) out.push(`Container start to first 200 on \`/healthz\` (scratch): **${msf(stats(sc.toHealthy).median)}** median.`);
  if (R.lua.length >= 2) {
    const [p, n] = R.lua;
    const pr = stats(p!.runs.map((x) => x.rps)).median;
    const nr = stats(n!.runs.map((x) => x.rps)).median;
    let line = `\`/lua\` throughput: pooled gopher-lua **${pr.toFixed(0)} req/s** vs a new state per request ${nr.toFixed(0)} req/s (**${ratio(pr, nr, 1)}**)`;
    const g = R.lua[2];
    if (g) line += `; golua ${stats(g.runs.map((x) => x.rps)).median.toFixed(0)} req/s`;
    out.push(line + '.');
  }
  if (R.time.length === 2) {
    const [a, b] = R.time;
    out.push(`\`/time\` throughput: ${a!.label} ${stats(a!.runs.map((x) => x.rps)).median.toFixed(0)} req/s vs ${b!.label} ${stats(b!.runs.map((x) => x.rps)).median.toFixed(0)} req/s.`);
  }
  for (const g of R.gen) out.push(`Generator \`go-minimal ${g.label.replace(/ \(.*\)$/, '')}\`: ${secs(stats(g.times).median)} median (n=${g.times.length}).`);
  return out;
}

function render(totalMs: number, svgRel: string): string {
  const L: string[] = [];
  const p = (s = '') => L.push(s);
  p('# Benchmarks');
  p();
  p(`<!-- Generated by \`npm run bench\` (test/bench/bench.ts). Do not edit by hand: re-run it. -->`);
  p();
  p(`Measured by \`npm run bench\` on ${startedAt.toISOString().slice(0, 10)}; the whole run took **${secs(totalMs)}** of wall time. Every figure below says how it was measured; nothing here is a pass/fail test (the test tiers stay functional). The machine is shared and noisy (two cores, other builds running at the same time: see the load averages at the end), so comparisons are made **side by side in one run, alternating A/B**, and reported as medians with their spread — read the ratios, not the absolute numbers.`);
  p();
  p('Re-run: `npm run bench` (needs go and a Docker engine; `npm run base-images` is run first and is cached). Raise the run counts with `BENCH_REBUILD_RUNS`, `BENCH_COLD_RUNS`, `BENCH_START_RUNS`, `BENCH_WRK_ROUNDS`, `BENCH_WRK_SECONDS`, `BENCH_GEN_RUNS`, `BENCH_GEN_INSTALL_RUNS` (see the top of `test/bench/bench.ts`).');
  p();
  p('## Machine');
  p();
  p(table(['', ''], R.facts.map(([k, v]) => [k, v.replace(/\|/g, '\\|')])));
  p();
  p('## Skipped or not measured');
  p();
  if (!skips.length) p('Nothing was skipped.');
  for (const s of skips) p(`- **${s.what}**: ${s.why}`);
  p();
  p('## Headline: image size, same source');
  p();
  p('One generated project (`go-minimal --framework gin --lua none`, the seeds\' framework), built with our Dockerfile for each target and with the seeds\' own Dockerfiles ([fixtures](../test/fixtures/seed-dockerfiles/), adapted only to build offline). Size = `docker image inspect -f {{.Size}}` (what `docker images` prints), decimal MB. "÷ stripped binary" is the image size over the size of our `-s -w` binary of the same source: 1.000 is the physical limit of an image that ships that binary (UPX-packed images go below it by compressing the binary itself). The seeds\' own figures were measured on their own, smaller programs and other base images: they are shown for reference, not compared.');
  p();
  p(headlineTable());
  p();
  const kf = keyFigures();
  if (kf.length) {
    p('Key figures of this run:');
    p();
    for (const k of kf) p(`- ${k}`);
    p();
  }
  p(`![Image sizes](${svgRel})`);
  p();
  // ---- full size matrix
  p('## Image size per framework × Lua engine × target');
  p();
  p('How: `go-minimal NAME --defaults --framework F --lua L` (with install), then `go-minimal image TARGET` in a copy of the project to render each target\'s Dockerfile, `docker build -f <that Dockerfile> PROJECT` (BuildKit, cache mounts warm), size from `docker image inspect`, binary = `/app` copied out with `docker create` + `docker cp`. One build per image (sizes are deterministic; no repetition needed). Combinations the generator refuses are not listed.');
  p();
  {
    const rows = R.sizes.map((s) => [
      fwName(s.framework),
      s.lua,
      s.target + (s.upx ? ' `--upx`' : ''),
      s.image !== undefined ? mb(s.image) : s.note ?? '—',
      s.binary !== undefined ? mb(s.binary) : '—',
      s.image !== undefined && s.binary !== undefined ? ratio(s.image, s.binary, 3) : '—',
      s.image !== undefined && s.binary !== undefined ? delta(s.image - s.binary) : '—',
    ]);
    p(table(['framework', 'lua', 'target', 'image', 'binary (stripped)', 'image ÷ binary', 'image − binary'], rows, ['l', 'l', 'l', 'r', 'r', 'r', 'r']));
  }
  p();
  p(`golua: ${R.golua === 'included' ? 'included above (C Lua 5.1 via cgo: static on scratch/distroless, dynamic on golang).' : `**not measured** — ${R.golua || 'not run'}.`}`);
  p();
  // ---- seeds
  p('### The seed Dockerfiles, built from the same source');
  p();
  p('How: `docker build -f test/fixtures/seed-dockerfiles/<file> <gin × none project>` (no cache mounts: the seeds have none), binary copied out of the image from the path the seed uses. Every adaptation is listed; everything else is as the seed wrote it.');
  p();
  {
    const rows = R.seeds.map((s) => [
      `\`${s.fx.file}\``,
      s.fx.seed,
      s.image !== undefined ? mb(s.image) : s.note ?? '—',
      s.binary !== undefined ? `${mb(s.binary)} (\`${s.fx.binary}\`)` : '—',
      s.image !== undefined && s.binary !== undefined ? ratio(s.image, s.binary, 3) : '—',
      s.fx.adaptations.length ? s.fx.adaptations.map((a) => a.replace(/\|/g, '\\|')).join('<br>') : 'none (not built)',
    ]);
    p(table(['fixture', 'seed', 'image', 'its binary', 'image ÷ its binary', 'adaptations'], rows, ['l', 'l', 'r', 'r', 'r', 'l']));
  }
  p();
  // ---- build times
  p('## Build time: warm rebuild after a one-line edit, and cold build');
  p();
  if (R.warm || R.cold) {
    p(`How: the gin × none project copied to a scratch directory; the edit is ${R.rebuildEdit}. Ours = the generated scratch Dockerfile (BuildKit cache mounts for modules and the Go build cache); seed = \`seed-003-final.Dockerfile\` (no cache mounts: \`go test -v ./...\`, \`go build\` and \`upx\` run from an empty Go build cache after every edit, as the seed wrote it). Time = wall time of \`DOCKER_BUILDKIT=1 docker build -q -f <Dockerfile> -t <tag> <dir>\` as seen by the caller. Warm: both primed once, then for each round the source is edited before each build and the order alternates (ours, seed / seed, ours, …). Cold: \`--no-cache\`, and for ours a copy of the Dockerfile whose cache mounts get a fresh \`id=\` (so modules are downloaded from the Go module proxy and everything compiles from scratch, as for the seed; its apt-get of upx-ucl hits the Debian mirror); the base image is local in both cases.`);
    p();
    const rows: string[][] = [];
    const line = (what: string, b?: BuildTimes) => {
      if (!b || !b.ours.length || !b.seed.length) return;
      const o = stats(b.ours);
      const s = stats(b.seed);
      rows.push([what, summary(o, secs), summary(s, secs), `**${ratio(s.median, o.median, 1)}**`]);
    };
    line('warm rebuild after the edit', R.warm);
    line('cold build', R.cold);
    p(table(['', 'ours (scratch)', 'seed 003 final', 'seed ÷ ours (medians)'], rows, ['l', 'r', 'r', 'r']));
    p();
    if (R.warm) p(`Individual warm runs, in order: ${R.warm.order.map((w, i) => `${w === 'ours' ? 'ours' : 'seed'} ${secs(w === 'ours' ? R.warm!.ours[R.warm!.order.slice(0, i).filter((x) => x === 'ours').length]! : R.warm!.seed[R.warm!.order.slice(0, i).filter((x) => x !== 'ours').length]!)}`).join(', ')}.`);
    p();
  } else p('Not measured in this run (see "Skipped").');
  p();
  // ---- start
  p('## Container start to first 200 on `/healthz`');
  p();
  if (R.start.length) {
    p(`How: from spawning \`docker run -d --network host -e PORT=<free port> <image>\` to the first \`GET http://127.0.0.1:<port>/healthz\` answering 200, polled every ~2 ms from the same Node.js process; ${cfg.startRuns} runs per image, round-robin over the images (the starting image rotates each round); container removed after each run. "docker run returned" is when the client returned the container id. The native row runs the same binary directly (no container) as a floor. Source: gin × none.`);
    p();
    const rows = R.start.map((s) => [
      s.label,
      s.toHealthy.length ? summary(stats(s.toHealthy), msf) : '—',
      s.runReturned.length ? msf(stats(s.runReturned).median) : '—',
    ]);
    p(table(['image', 'start → first 200 (median, spread)', 'docker run returned (median)'], rows, ['l', 'r', 'r']));
  } else p('Not measured in this run (see "Skipped").');
  p();
  // ---- load
  const loadTable = (rows: LoadRow[], base?: LoadRow) => {
    const out = rows.map((r) => {
      const rps = stats(r.runs.map((x) => x.rps));
      const p50 = stats(r.runs.map((x) => x.p50));
      const p99 = stats(r.runs.map((x) => x.p99));
      const errs = r.runs.reduce((a, x) => a + x.non2xx + x.socketErrors, 0);
      return [
        r.label,
        `${rps.median.toFixed(0)} (${rps.min.toFixed(0)}–${rps.max.toFixed(0)})`,
        base && base !== r ? ratio(rps.median, stats(base.runs.map((x) => x.rps)).median) : base ? '1.00×' : '—',
        `${msf(p50.median)} (${msf(p50.min)}–${msf(p50.max)})`,
        `${msf(p99.median)} (${msf(p99.min)}–${msf(p99.max)})`,
        String(errs),
        `\`${r.what}\``,
      ];
    });
    return table(['variant', 'req/s median (min–max)', 'vs first row', 'p50 latency', 'p99 latency', 'errors', 'image'], out, ['l', 'r', 'r', 'r', 'r', 'r', 'l']);
  };
  const loadHow = (urlPath: string) =>
    `How: each variant's scratch image runs as a container (\`docker run -d --network host --log-driver none\`; the service still writes its JSON access log line per request to stdout), ${R.pinning}. Load from wrk on loopback only: \`wrk -t1 -c${cfg.wrkConns} -d${cfg.wrkSeconds}s --latency http://127.0.0.1:<port>${urlPath}\` after a discarded 2 s warm-up, ${cfg.wrkRounds} rounds, the variants alternating within each round (rotating order); all containers of a comparison run at the same time (idle when not loaded). Latency percentiles are wrk's; figures are medians over rounds with min–max. "errors" = non-2xx answers + socket errors over all rounds.`;
  p('## `/lua` under load: pooled gopher-lua vs a new state per request vs golua');
  p();
  if (R.lua.length) {
    p(loadHow('/lua') + ' Source: net/http × Lua engine, scratch images; the script is the generated `scripts/hello.lua` answering `hello world`. With one CPU the pool keeps GOMAXPROCS = 1 idle state. "new state per request" is the same project with `luarun.Options{…, PoolSize: -1}` patched into a copy of `main.go` (the generated service has no run-time switch for it; `PoolSize < 0` is the runner\'s documented way to disable pooling).');
    p();
    p(loadTable(R.lua, R.lua[0]));
    if (!R.lua[2]) p(`\ngolua: **not measured** — ${R.golua && R.golua !== 'included' ? R.golua : 'no golua image'}.`);
  } else p('Not measured in this run (see "Skipped").');
  p();
  p('## `/time` under load: gin vs net/http');
  p();
  if (R.time.length) {
    p(loadHow('/time') + ' Source: F × none, scratch images; `/time` converts the current time to Asia/Tokyo and answers JSON.');
    p();
    p(loadTable(R.time, R.time[0]));
  } else p('Not measured in this run (see "Skipped").');
  p();
  p('## Generator wall time');
  p();
  if (R.gen.length) {
    p('How: the package\'s own bin (`node dist/generators/cli.js`, i.e. `go-minimal`) in an empty directory; the project folder is removed before every run. "With install" runs `go mod tidy` and `gofmt` with a warm Go module cache (hyperfine\'s untimed warm-up run fills it if needed), so no download time is included.' + (genMakesGitRepo ? ' Both include the generator\'s own `git init` and first commit (this version of the generator makes one; the runs are outside any git work tree).' : ''));
    p();
    const rows = R.gen.map((g) => [`\`go-minimal gen-svc ${g.label.replace(/ \(.*\)$/, '')}\`${g.label.includes('(') ? ` ${g.label.slice(g.label.indexOf('('))}` : ''}`, summary(stats(g.times), secs), g.tool]);
    p(table(['command', 'wall time', 'measured with'], rows, ['l', 'r', 'l']));
  } else p('Not measured in this run (see "Skipped").');
  p();
  p('## Load average during each section');
  p();
  p('The machine\'s 1/5/15-minute load averages when each section started and ended (2 cores: anything above 2 means work was queued, ours or other people\'s).');
  p();
  p(table(['section', 'before', 'after'], loadSamples.map((s) => [s.section, s.before, s.after])));
  p();
  if (installed.length) {
    p(`Installed by this run: ${installed.join(', ')}.`);
    p();
  }
  return L.join('\n');
}

function chart(): string {
  const bars: Bar[] = [];
  for (const s of R.sizes) {
    if (s.image === undefined && s.target !== 'alpine') continue;
    bars.push({
      label: `${fwName(s.framework)} · ${s.lua} · ${s.target}${s.upx ? ' --upx' : ''}`,
      value: s.image,
      marker: s.binary,
      group: s.upx ? 'upx' : s.target,
      note: s.image === undefined ? 'not measured (offline)' : undefined,
    });
  }
  for (const s of R.seeds) {
    bars.push({ label: `seed ${s.fx.seed}: ${s.fx.file.replace('.Dockerfile', '')} (${s.fx.source.replace('-', ' · ').replace('nethttp', 'net/http')})`, value: s.image, marker: s.binary, group: 'seed', note: s.image === undefined ? 'not measured (needs alpine, offline)' : undefined });
  }
  return sizeChart('Image size per variant (log scale)', `npm run bench, ${startedAt.toISOString().slice(0, 10)}: ours per framework · lua · target, and the seeds' Dockerfiles on the gin · none source`, bars);
}

function syncReadme(headline: string): void {
  const readme = path.join(repoRoot, 'README.md');
  const start = '<!-- bench:headline:start -->';
  const end = '<!-- bench:headline:end -->';
  const text = readFileSync(readme, 'utf8');
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) {
    log(`README.md has no ${start} … ${end} markers: not updated. The table to quote there is printed below.`);
    console.log(`\n${headline}\n`);
    return;
  }
  writeFileSync(readme, `${text.slice(0, a + start.length)}\n${headline}\n${text.slice(b)}`);
  log('README.md headline table updated between its bench markers');
}

// ---- main -------------------------------------------------------------------------------------

async function main(): Promise<void> {
  benchRoot = mkdtempSync(path.join(os.tmpdir(), 'gm-bench-'));
  log(`working directory ${benchRoot}`);
  ensureTools();
  const goP = goProblem();
  const dockerP = dockerProblem();
  R.facts = machineFacts();
  R.facts.push(['run counts', `warm rebuild ${cfg.rebuildRuns}+${cfg.rebuildRuns}, cold ${cfg.coldRuns}+${cfg.coldRuns}, starts ${cfg.startRuns} per image, wrk ${cfg.wrkRounds} rounds × ${cfg.wrkSeconds} s × ${cfg.wrkConns} connections, generator ${cfg.genRuns} / ${cfg.genInstallRuns}`]);

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
  mkdirSync(path.dirname(cfg.out), { recursive: true });
  const svgPath = path.join(path.dirname(cfg.out), svgName);
  writeFileSync(svgPath, chart());
  const md = render(totalMs, svgName);
  writeFileSync(cfg.out, md + '\n');
  log(`wrote ${path.relative(process.cwd(), cfg.out) || cfg.out} and ${path.relative(process.cwd(), svgPath) || svgPath}`);
  if (cfg.out === path.join(repoRoot, 'docs/BENCHMARKS.md')) syncReadme(headlineTable());
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
  if (benchRoot && !cfg.keep) rmSync(benchRoot, { recursive: true, force: true });
  else if (benchRoot) log(`kept ${benchRoot}`);
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

// keep type-only imports used
export type { Target, Stats };
void MB;
