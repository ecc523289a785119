// Container start to first HTTP 200 (and the native binary for reference).
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import { freePort } from '../support/http.js';
import { dockerBin } from '../support/tools.js';
import { firstLine, log, runAsync, sleep } from './lib.js';
import { DOCKER_ENV, cfg } from './config.js';
import { R, type StartRow, state } from './state.js';
import { containers, extractBinary, removeContainer } from './docker.js';

export async function pollUntil200(url: string, t0: number, deadlineMs: number, alive: () => boolean = () => true): Promise<number> {
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

export async function startOnce(image: string): Promise<{ toHealthy: number; runReturned: number }> {
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

export async function nativeStartOnce(bin: string): Promise<number> {
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

export async function sectionStart(): Promise<void> {
  const rows: (StartRow & { image?: string; bin?: string })[] = [];
  for (const s of R.sizes.filter((x) => x.project === 'gin-none' && x.tag && x.image !== undefined)) {
    rows.push({ label: `ours: ${s.target}${s.upx ? ' --upx' : ''}`, what: s.tag!, image: s.tag, toHealthy: [], runReturned: [] });
  }
  for (const s of R.seeds.filter((x) => x.tag && x.image !== undefined)) {
    rows.push({ label: `${s.fx.id}`, what: s.tag!, image: s.tag, toHealthy: [], runReturned: [] });
  }
  const scratch = R.sizes.find((x) => x.project === 'gin-none' && x.target === 'scratch' && !x.upx && x.tag);
  if (scratch) {
    const bin = path.join(state.benchRoot, 'gin-none-app');
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
