// /lua and /time throughput under wrk.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort } from '../support/http.js';
import { has, log, msf, must } from './lib.js';
import { parseWrk } from './wrk.js';
import { cfg, nproc } from './config.js';
import { type LoadRow, R, skip, state } from './state.js';
import { build, containers, docker, generateProject, ourDockerfile, projects, removeContainer } from './docker.js';
import { pollUntil200 } from './start.js';
import { frameworkNames, frameworks } from '../../generators/lib/catalogue.js';

export async function startForLoad(image: string, pin: boolean): Promise<{ name: string; port: number }> {
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

export function wrkArgs(pin: boolean, seconds: number, url: string, latency: boolean): [string, string[]] {
  const a = ['-t1', `-c${cfg.wrkConns}`, `-d${seconds}s`, ...(latency ? ['--latency'] : []), url];
  return pin ? ['taskset', ['-c', '0', 'wrk', ...a]] : ['wrk', a];
}

export async function loadTest(variants: { label: string; what: string; image: string }[], urlPath: string, expect: (body: string) => boolean): Promise<LoadRow[]> {
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

export async function sectionLua(): Promise<void> {
  const pooled = projects.get('nethttp-gopher') ?? generateProject('nethttp', 'gopher');
  const pooledImg = R.sizes.find((x) => x.project === 'nethttp-gopher' && x.target === 'scratch' && x.tag)?.tag ?? 'gm-bench/nethttp-gopher-scratch:latest';
  if (!R.sizes.find((x) => x.tag === pooledImg)) build(pooled.dir, ourDockerfile(pooled, 'scratch'), pooledImg);
  // variant: the same project with pooling disabled (Options.PoolSize < 0); main.go has no
  // run-time switch for it, so a copy of the generated project is patched here.
  const nopoolDir = path.join(state.benchRoot, 'nethttp-gopher-nopool');
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

export async function sectionTime(): Promise<void> {
  const variants: { label: string; what: string; image: string }[] = [];
  for (const fw of frameworkNames) {
    let row = R.sizes.find((x) => x.project === `${fw}-none` && x.target === 'scratch' && !x.upx && x.tag && x.image !== undefined);
    let tag = row?.tag;
    if (!tag) {
      const p = projects.get(`${fw}-none`) ?? generateProject(fw, 'none');
      tag = `gm-bench/${fw}-none-scratch:latest`;
      build(p.dir, ourDockerfile(p, 'scratch'), tag);
    }
    variants.push({ label: frameworks[fw].title, what: tag, image: tag });
  }
  R.time = await loadTest(variants, '/time', (b) => b.includes('"zone"'));
}
