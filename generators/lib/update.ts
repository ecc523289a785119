// Pure planning of `go-minimal update`: for every file, base (what the recorded version
// generated), theirs (what this version generates) and ours (the file now) -> one action.
// Nothing here touches the disk; the update generator writes the plan all at once.
import { mergeDiff3 } from 'node-diff3';
import type { BaseFile } from './baseref.js';
import { sha256 } from './project.js';

export type Action =
  /** ours was the base: replaced by theirs */
  | 'updated'
  /** both changed, merged without overlap */
  | 'merged'
  /** overlapping changes: conflict markers written (git base) or theirs written beside as FILE.go-minimal-new */
  | 'conflict'
  /** new in this version */
  | 'added'
  /** no longer generated and unmodified: deleted */
  | 'removed'
  /** no longer generated but modified by you: kept */
  | 'kept'
  /** you deleted it: stays deleted */
  | 'deleted'
  /** nothing to do (same as theirs, or only your changes) */
  | 'unchanged';

export interface FilePlan {
  file: string;
  action: Action;
  /** contents to write at `file` (absent: leave as is, or delete for 'removed') */
  write?: string;
  /** for conflicts without a base text: theirs, written to FILE.go-minimal-new */
  side?: { file: string; text: string };
}

export const newSuffix = '.go-minimal-new';
export const conflictLabels = { a: 'ours (your file)', o: 'base (generated before)', b: 'theirs (generator update)' } as const;

/**
 * Three-way merge of line-based text with node-diff3, markers in the style of
 * `git merge-file --diff3`. Keeps CRLF files CRLF.
 */
export function merge3(ours: string, base: string, theirs: string): { text: string; conflict: boolean } {
  const crlf = ours.includes('\r\n');
  const lines = (s: string) => s.replace(/\r\n/g, '\n').split('\n');
  const r = mergeDiff3(lines(ours), lines(base), lines(theirs), { label: { ...conflictLabels }, excludeFalseConflicts: true });
  const text = r.result.join('\n');
  return { text: crlf ? text.replace(/\n/g, '\r\n') : text, conflict: r.conflict };
}

/** Decide one file. `ours` undefined = not on disk; `theirs` undefined = no longer generated. */
export function planFile(file: string, base: BaseFile | undefined, ours: string | undefined, theirs: string | undefined): FilePlan {
  const inBase = base !== undefined;
  const oursIsBase = ours !== undefined && base !== undefined && (base.text !== undefined ? ours === base.text : base.hash === sha256(ours));
  if (theirs === undefined) {
    if (!inBase || ours === undefined) return { file, action: 'unchanged' };
    return oursIsBase ? { file, action: 'removed' } : { file, action: 'kept' };
  }
  if (ours === undefined) return inBase ? { file, action: 'deleted' } : { file, action: 'added', write: theirs };
  if (ours === theirs) return { file, action: 'unchanged' };
  if (oursIsBase) return { file, action: 'updated', write: theirs };
  const theirsIsBase = base !== undefined && (base.text !== undefined ? theirs === base.text : base.hash === sha256(theirs));
  if (theirsIsBase) return { file, action: 'unchanged' };
  if (base?.text !== undefined) {
    const m = merge3(ours, base.text, theirs);
    if (m.text === ours) return { file, action: 'unchanged' };
    return { file, action: m.conflict ? 'conflict' : 'merged', write: m.text };
  }
  // no base text (no git, or a file unknown to the base): keep ours, put theirs beside it
  return { file, action: 'conflict', side: { file: file + newSuffix, text: theirs } };
}

export interface UpdatePlan {
  files: FilePlan[];
  counts: Record<Action, number>;
  /** anything to write or delete */
  changes: boolean;
}

export function planUpdate(base: Map<string, BaseFile>, ours: (file: string) => string | undefined, theirs: Map<string, string>): UpdatePlan {
  const all = [...new Set([...base.keys(), ...theirs.keys()])].sort();
  const files = all.map((f) => planFile(f, base.get(f), ours(f), theirs.get(f)));
  const counts = { updated: 0, merged: 0, conflict: 0, added: 0, removed: 0, kept: 0, deleted: 0, unchanged: 0 } as Record<Action, number>;
  for (const p of files) counts[p.action]++;
  const changes = files.some((p) => p.write !== undefined || p.side !== undefined || p.action === 'removed');
  return { files, counts, changes };
}

/** Human summary, one line per non-trivial file. */
export function describePlan(plan: UpdatePlan): string[] {
  const c = plan.counts;
  const lines = [
    `merged ${c.merged + c.updated} (clean: ${c.updated} replaced, ${c.merged} 3-way), conflicting ${c.conflict}, added ${c.added}, removed ${c.removed}, unchanged ${c.unchanged}, kept ${c.kept}, deleted by you ${c.deleted}`,
  ];
  const why: Record<Action, string> = {
    updated: 'updated (you had not changed it)',
    merged: 'merged (your changes and the template changes)',
    conflict: 'CONFLICT',
    added: 'added (new in this version)',
    removed: 'removed (no longer generated, unmodified)',
    kept: 'kept (no longer generated, but you changed it)',
    deleted: 'left deleted (you deleted it)',
    unchanged: '',
  };
  for (const p of plan.files) {
    if (p.action === 'unchanged') continue;
    let line = `  ${why[p.action]}: ${p.file}`;
    if (p.action === 'conflict') line += p.side ? ` (yours kept; the new version is in ${p.side.file})` : ' (conflict markers <<<<<<< ||||||| ======= >>>>>>> in the file)';
    lines.push(line);
  }
  return lines;
}
