// Golden trees: render a case exactly as the app generator writes a new project (before its
// install step runs go mod tidy), read a stored snapshot, and compare the two with a readable diff.
// Used by test/unit/golden.test.ts and by the updater (test/golden/update.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { diffIndices } from 'node-diff3';
import { baseRecordKeys, projectFiles } from '../../generators/lib/baseref.js';
import { choices, validateAnswers, withDefaults, type DefaultsEnv } from '../../generators/lib/choices.js';
import type { StoredConfig } from '../../generators/lib/context.js';
import { buildPlan } from '../../generators/lib/plan.js';
import { serializeStored } from '../../generators/lib/stored.js';
import { repoRoot } from '../support/paths.js';
import type { GoldenCase } from './cases.js';

export const goldenRoot = path.join(repoRoot, 'test/golden');
export const updateCommand = 'npm run golden:update';
/** defaults as on a machine without go or git: the goVersion default is then the pinned one */
export const goldenEnv: DefaultsEnv = {};

export const snapshotDir = (id: string): string => path.join(goldenRoot, id);

/** The generator gofmt-s Go files and silently writes them as rendered without gofmt: refuse that here. */
export function requireGofmt(): void {
  const r = spawnSync('gofmt', [], { input: '', encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(`golden trees need gofmt (the generator formats Go files with it) and it does not run here (${r.error?.message ?? r.stderr.trim()}): install Go and put its bin folder on PATH`);
  }
}

/** The stored answers of a case: its answers over the machine-independent defaults. */
export function caseConfig(c: GoldenCase): StoredConfig {
  const problem = validateAnswers(c.answers);
  if (problem) throw new Error(`golden case ${c.id}: ${problem}`);
  return { ...withDefaults(c.answers, goldenEnv), endpoints: c.endpoints ?? [] };
}

/**
 * Every file the app generator writes for a new project with these answers, .yo-rc.json included:
 * the same rendering (projectFiles) and the same plan (buildPlan against an empty folder) as
 * generators/app/index.ts writing().
 */
export function renderCase(c: GoldenCase): Map<string, string> {
  requireGofmt();
  const cfg = caseConfig(c);
  const rendered = projectFiles(cfg);
  const { baseHashes } = baseRecordKeys(rendered);
  const empty = mkdtempSync(path.join(os.tmpdir(), 'go-minimal-golden-'));
  try {
    const plan = buildPlan({
      root: empty,
      files: rendered,
      previous: {},
      rcText: (generated) => serializeStored({ ...cfg, generated, baseHashes }),
    });
    const out = new Map<string, string>();
    for (const change of [...plan.changes, ...(plan.rc ? [plan.rc] : [])]) out.set(change.path, change.contents!);
    return sorted(out);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
}

/**
 * The go-minimal command lines that make the same project with the real bin (every choice spelled
 * out, no install step), then one `endpoint` run per endpoint, from inside the project.
 */
export function caseCommands(c: GoldenCase): { app: string[]; endpoints: string[][] } {
  const cfg = caseConfig(c);
  const app = [cfg.name, '--defaults', '--skip-install'];
  for (const choice of choices) {
    if (choice.name === 'name') continue;
    const v = cfg[choice.name];
    if (choice.kind === 'boolean') app.push(v ? `--${choice.flag}` : `--no-${choice.flag}`);
    else app.push(`--${choice.flag}`, String(v));
  }
  const endpoints = cfg.endpoints.map((e) => ['endpoint', e.name, '--path', e.path, '--method', e.method, '--skip-install']);
  return { app, endpoints };
}

function sorted(files: Map<string, string>): Map<string, string> {
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A folder's files (hidden ones too): project path with forward slashes -> text. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out.set(r, readFileSync(path.join(dir, r), 'utf8'));
    }
  };
  walk('');
  return sorted(out);
}

export interface TreeDiff {
  /** in the snapshot, no longer rendered */
  missing: string[];
  /** rendered, not in the snapshot */
  extra: string[];
  /** in both, with other contents */
  changed: string[];
}

export function compareTrees(snapshot: Map<string, string>, rendered: Map<string, string>): TreeDiff {
  return {
    missing: [...snapshot.keys()].filter((f) => !rendered.has(f)),
    extra: [...rendered.keys()].filter((f) => !snapshot.has(f)),
    changed: [...rendered.keys()].filter((f) => snapshot.has(f) && snapshot.get(f) !== rendered.get(f)),
  };
}

export const sameTree = (d: TreeDiff): boolean => d.missing.length + d.extra.length + d.changed.length === 0;

type Op = { kind: '-' | '+'; line: number; text: string };

/** The removed (-, snapshot line numbers) and added (+, rendered line numbers) lines. */
export function lineDiff(before: string, after: string): Op[] {
  return diffIndices(before.split('\n'), after.split('\n')).flatMap((h) => [
    ...h.buffer1Content.map((text, k) => ({ kind: '-' as const, line: h.buffer1[0] + k + 1, text })),
    ...h.buffer2Content.map((text, k) => ({ kind: '+' as const, line: h.buffer2[0] + k + 1, text })),
  ]);
}

/** Control characters other than tab (a stray \r, a NUL) spelled out, so a diff never looks empty. */
const visible = (text: string): string =>
  text.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

/** A compact diff of one file: at most `max` differing lines, each with its line number. */
export function formatFileDiff(file: string, before: string, after: string, max = 40): string {
  const ops = lineDiff(before, after);
  const width = String(Math.max(...ops.map((o) => o.line), 1)).length;
  const lines = [`--- ${file} (snapshot)`, `+++ ${file} (rendered)`];
  for (const o of ops.slice(0, max)) lines.push(`${o.kind}${String(o.line).padStart(width)}| ${visible(o.text)}`);
  if (ops.length > max) lines.push(`  ... ${ops.length - max} more differing lines`);
  return lines.join('\n');
}

/** The whole report of one case: which files are missing, extra and changed, with their diffs. */
export function formatTreeDiff(id: string, snapshot: Map<string, string>, rendered: Map<string, string>, d: TreeDiff): string {
  const where = path.relative(repoRoot, snapshotDir(id));
  const out = [`golden tree ${where}/ differs from what the generator renders for case "${id}":`];
  if (d.missing.length) out.push(`  in the snapshot, no longer rendered: ${d.missing.join(', ')}`);
  if (d.extra.length) out.push(`  rendered, not in the snapshot: ${d.extra.join(', ')}`);
  if (d.changed.length) out.push(`  changed: ${d.changed.join(', ')}`);
  for (const f of d.changed) out.push('', formatFileDiff(f, snapshot.get(f)!, rendered.get(f)!));
  out.push('', `If the change is intended, update the snapshots and review them with git diff: ${updateCommand}`);
  return out.join('\n');
}
