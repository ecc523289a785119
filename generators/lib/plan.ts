// Plan, then write. Each run computes its COMPLETE change in memory (every file to create,
// change or delete, with contents, plus the new .yo-rc.json), resolves conflicts before the
// first byte is written, and only then writes: temp files + rename, deletions after, the
// stored answers last. Modelled on Angular DevKit schematics (staged tree, commit if all rules
// succeeded). Yeoman's mem-fs/conflicter is not used for these files.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, rmdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from './project.js';
import { RC_FILE } from './stored.js';

export type Op = 'create' | 'change' | 'delete';

export interface Change {
  /** project-relative, forward slashes */
  path: string;
  op: Op;
  /** new contents (create / change) */
  contents?: string;
  /** contents on disk before (change / delete) */
  before?: string;
  /** the file on disk is not provably ours-and-unedited: needs --force or a yes */
  conflict: boolean;
}

export interface Plan {
  root: string;
  /** file changes (without .yo-rc.json) */
  changes: Change[];
  /** .yo-rc.json: the new text, and whether it differs from disk */
  rc: Change | undefined;
  /** the hashes recorded in the new .yo-rc.json */
  hashes: Record<string, string>;
}

export interface PlanInput {
  root: string;
  /** files this run renders, by project path (full contents) */
  files: Map<string, string>;
  /**
   * files of which only a generator-owned region changes (the rest is the user's text as on
   * disk): never a conflict; a hash-tracked file that was unedited gets its new hash
   */
  regions?: Map<string, string>;
  /** files the previous choices generated that this run does not (deleted if unedited) */
  deletions?: readonly string[];
  /** hashes recorded by the previous run */
  previous: Record<string, string>;
  /** builds the text of .yo-rc.json from the new hashes */
  rcText: (hashes: Record<string, string>) => string;
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Pure with respect to the disk it reads: what writing `input` would change. */
export function buildPlan(input: PlanInput): Plan {
  const { root, previous } = input;
  const changes: Change[] = [];
  const hashes: Record<string, string> = { ...previous };
  const unedited = (disk: string, p: string) => previous[p] !== undefined && sha256(disk) === previous[p];
  for (const [p, contents] of input.files) {
    const disk = readOrUndefined(path.join(root, p));
    hashes[p] = sha256(contents);
    if (disk === undefined) changes.push({ path: p, op: 'create', contents, conflict: false });
    else if (disk !== contents) changes.push({ path: p, op: 'change', contents, before: disk, conflict: !unedited(disk, p) });
  }
  for (const [p, contents] of input.regions ?? []) {
    const disk = readOrUndefined(path.join(root, p));
    if (disk === undefined || disk === contents) continue;
    changes.push({ path: p, op: 'change', contents, before: disk, conflict: false });
    // a file go-minimal wrote and the user has not edited stays ours: record its new hash, or the
    // next run would take our own region change for a user edit (and refuse without --force)
    if (unedited(disk, p)) hashes[p] = sha256(contents);
  }
  for (const p of input.deletions ?? []) {
    if (input.files.has(p)) continue;
    delete hashes[p];
    const disk = readOrUndefined(path.join(root, p));
    if (disk !== undefined) changes.push({ path: p, op: 'delete', before: disk, conflict: !unedited(disk, p) });
  }
  const rcText = input.rcText(hashes);
  const rcDisk = readOrUndefined(path.join(root, RC_FILE));
  const rc: Change | undefined =
    rcDisk === rcText ? undefined : { path: RC_FILE, op: rcDisk === undefined ? 'create' : 'change', contents: rcText, before: rcDisk, conflict: false };
  return { root, changes, rc, hashes };
}

export const conflicts = (plan: Plan): Change[] => plan.changes.filter((c) => c.conflict);
export const isEmpty = (plan: Plan): boolean => plan.changes.length === 0 && plan.rc === undefined;

/** Lines added and removed between two texts (LCS on lines). */
export function diffStat(before: string | undefined, after: string | undefined): { added: number; removed: number } {
  const a = before === undefined || before === '' ? [] : before.replace(/\n$/, '').split('\n');
  const b = after === undefined || after === '' ? [] : after.replace(/\n$/, '').split('\n');
  // trim the common prefix and suffix, then LCS length on what is left
  let s = 0;
  while (s < a.length && s < b.length && a[s] === b[s]) s++;
  let ea = a.length;
  let eb = b.length;
  while (ea > s && eb > s && a[ea - 1] === b[eb - 1]) {
    ea--;
    eb--;
  }
  const x = a.slice(s, ea);
  const y = b.slice(s, eb);
  let prev = new Int32Array(y.length + 1);
  for (let i = 1; i <= x.length; i++) {
    const cur = new Int32Array(y.length + 1);
    for (let j = 1; j <= y.length; j++) cur[j] = x[i - 1] === y[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    prev = cur;
  }
  const lcs = prev[y.length]!;
  return { added: y.length - lcs, removed: x.length - lcs };
}

/** The plan as text: one line per file with a diffstat. */
export function formatPlan(plan: Plan): string {
  const all = [...plan.changes, ...(plan.rc ? [plan.rc] : [])];
  if (all.length === 0) return 'nothing to change';
  const width = Math.max(...all.map((c) => c.path.length));
  const lines = all.map((c) => {
    const { added, removed } = diffStat(c.before, c.contents);
    const verb = c.op === 'create' ? 'create' : c.op === 'delete' ? 'delete' : 'change';
    return `  ${verb} ${c.path.padEnd(width)}  +${added} -${removed}${c.conflict ? '  (edited since go-minimal wrote it)' : ''}`;
  });
  const count = (op: Op) => all.filter((c) => c.op === op).length;
  return [`${count('create')} created, ${count('change')} changed, ${count('delete')} deleted:`, ...lines].join('\n');
}

/** One line: the refusal of a non-interactive run that meets edited files. */
export function conflictMessage(plan: Plan): string {
  const files = conflicts(plan).map((c) => (c.op === 'delete' ? `${c.path} (would be deleted)` : c.path));
  return `these files were changed since go-minimal wrote them: ${files.join(', ')}; nothing was written (see the whole change with --dry-run, overwrite them with --force)`;
}

function removeEmptyDirs(root: string, rel: string): void {
  let dir = path.dirname(rel);
  while (dir !== '.' && dir !== '') {
    const abs = path.join(root, dir);
    try {
      if (readdirSync(abs).length > 0) return;
      rmdirSync(abs);
    } catch {
      return;
    }
    dir = path.dirname(dir);
  }
}

/**
 * Write the plan: every new content to a temp file next to its target first (a failure here
 * leaves the project untouched), then rename them into place, then the deletions, then
 * .yo-rc.json (temp + rename) last.
 */
export function applyPlan(plan: Plan): void {
  const tag = `.go-minimal-${process.pid}-${Date.now()}.tmp`;
  const writes = [...plan.changes.filter((c) => c.op !== 'delete'), ...(plan.rc ? [plan.rc] : [])];
  const staged: [string, string][] = [];
  try {
    for (const c of writes) {
      const abs = path.join(plan.root, c.path);
      mkdirSync(path.dirname(abs), { recursive: true });
      const tmp = `${abs}${tag}`;
      writeFileSync(tmp, c.contents!);
      staged.push([tmp, abs]);
    }
  } catch (error) {
    for (const [tmp] of staged) rmSync(tmp, { force: true });
    throw error;
  }
  const rcAbs = plan.rc ? path.join(plan.root, plan.rc.path) : undefined;
  for (const [tmp, abs] of staged) if (abs !== rcAbs) renameSync(tmp, abs);
  for (const c of plan.changes.filter((x) => x.op === 'delete')) {
    rmSync(path.join(plan.root, c.path), { force: true });
    removeEmptyDirs(plan.root, c.path);
  }
  for (const [tmp, abs] of staged) if (abs === rcAbs) renameSync(tmp, abs);
}

/** Whether `file` exists under root (helper for callers deciding what to render). */
export function existsIn(root: string, file: string): boolean {
  return existsSync(path.join(root, file));
}
