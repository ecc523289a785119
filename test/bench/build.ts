// Cold build and warm rebuild times, ours vs seed 003.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { log } from './lib.js';
import { cfg, fixturesDir } from './config.js';
import { type BuildTimes, R, state } from './state.js';
import { build, dockerTry, generateProject, ourDockerfile, projects } from './docker.js';

export function cacheMounts(): Set<string> {
  const r = dockerTry(['system', 'df', '-v', '--format', '{{json .BuildCache}}']);
  if (r.status !== 0) return new Set();
  try {
    const recs = JSON.parse(r.stdout) as { ID: string; CacheType: string }[];
    return new Set(recs.filter((x) => x.CacheType === 'exec.cachemount').map((x) => x.ID));
  } catch {
    return new Set();
  }
}

export function sectionBuild(): void {
  const base = projects.get('gin-none') ?? generateProject('gin', 'none');
  const seedFinal = path.join(fixturesDir, 'seed-003-final.Dockerfile');
  const src = path.join(state.benchRoot, 'rebuild-src');
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
    const coldDf = path.join(state.benchRoot, 'dockerfiles', `cold-${i}.Dockerfile`);
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
