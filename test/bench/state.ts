// Bench bookkeeping shared by the sections: skips, load samples, the section runner, results.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Framework, LuaEngine } from '../../generators/lib/types.js';
import { firstLine, log, secs } from './lib.js';
import type { WrkResult } from './wrk.js';
import { type Section, cfg, wanted } from './config.js';
import type { Fixture } from './fixtures.js';
import type { Installed } from './release.js';

// ---- bookkeeping ------------------------------------------------------------------------------

export interface Skip {
  what: string;
  why: string;
}
export const skips: Skip[] = [];
export const installed: string[] = [];
export function skip(what: string, why: string): void {
  skips.push({ what, why });
  log(`SKIPPED ${what}: ${why}`);
}

export function loadavg(): string {
  return os.loadavg().map((x) => x.toFixed(2)).join(' ');
}
export const loadSamples: { section: string; before: string; after: string }[] = [];
export async function section<T>(name: Section, title: string, fn: () => Promise<T> | T): Promise<T | undefined> {
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

// ---- results ----------------------------------------------------------------------------------

export interface SizeRow {
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
export interface SeedRow {
  fx: Fixture;
  tag?: string;
  image?: number;
  binary?: number;
  note?: string;
}
export interface BuildTimes {
  ours: number[];
  seed: number[];
  order: string[];
}
export interface StartRow {
  label: string;
  what: string;
  toHealthy: number[];
  runReturned: number[];
}
export interface LoadRow {
  label: string;
  what: string;
  runs: WrkResult[];
}
export interface GenRow {
  label: string;
  command: string;
  times: number[]; // ms
  tool: string;
}

export interface CliRow {
  label: string;
  times: number[][]; // ms, per version (R.cliVersions order)
  notes: string[]; // per version: how the command failed, if it did
}

export const R: {
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
  cli: CliRow[];
  cliVersions: Installed[]; // this tree first, then the previous release when it could be installed
  golua: 'included' | string;
  pinning: string;
} = { facts: [], sizes: [], seeds: [], start: [], lua: [], time: [], gen: [], cli: [], cliVersions: [], golua: '', pinning: '' };

/** Set by main() and the sections. */
export const state = { benchRoot: '', genMakesGitRepo: false };
