// npm run golden:update [-- CASE...]
// Rewrites test/golden/<case>/ for every case of cases.ts (or the ones named) from what the
// generator renders now: stale files are deleted, and folders of cases that no longer exist are
// removed (when no case is named). Prints what was created, changed and deleted per case.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/paths.js';
import { goldenCases } from './cases.js';
import { compareTrees, goldenRoot, readTree, renderCase, snapshotDir } from './golden.js';

function main(args: string[]): number {
  const unknown = args.filter((a) => !goldenCases.some((c) => c.id === a));
  if (unknown.length) {
    console.error(`unknown golden case(s): ${unknown.join(', ')} (cases: ${goldenCases.map((c) => c.id).join(', ')})`);
    return 2;
  }
  const selected = args.length ? goldenCases.filter((c) => args.includes(c.id)) : goldenCases;
  // render everything first: an error in one case writes nothing at all
  const trees = selected.map((c) => ({ c, files: renderCase(c) }));
  const written: string[] = [];
  for (const { c, files } of trees) {
    const dir = snapshotDir(c.id);
    const before = existsSync(dir) ? readTree(dir) : new Map<string, string>();
    const d = compareTrees(before, files);
    rmSync(dir, { recursive: true, force: true });
    for (const [f, text] of files) {
      mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      writeFileSync(path.join(dir, f), text);
      written.push(path.relative(repoRoot, path.join(dir, f)));
    }
    const counts = `${files.size} files: ${d.extra.length} created, ${d.changed.length} changed, ${d.missing.length} deleted`;
    console.log(`${c.id}: ${before.size ? counts : `${files.size} files (new snapshot)`}`);
    if (before.size) for (const [label, list] of [['created', d.extra], ['changed', d.changed], ['deleted', d.missing]] as const) {
      if (list.length) console.log(`  ${label}: ${list.join(', ')}`);
    }
  }
  if (!args.length) {
    for (const e of readdirSync(goldenRoot, { withFileTypes: true })) {
      if (!e.isDirectory() || goldenCases.some((c) => c.id === e.name)) continue;
      rmSync(path.join(goldenRoot, e.name), { recursive: true, force: true });
      console.log(`${e.name}: removed (no such case in test/golden/cases.ts)`);
    }
  }
  return checkNotIgnored(written);
}

/** A snapshot file that a .gitignore (the repository's or a generated one) matches would never be committed. */
function checkNotIgnored(files: string[]): number {
  const r = spawnSync('git', ['-C', repoRoot, 'check-ignore', '--no-index', '--stdin'], { input: files.join('\n'), encoding: 'utf8' });
  if (r.error || r.status === 128) {
    console.log(`(not checked that git would commit every snapshot file: ${r.error?.message ?? r.stderr.trim()})`);
    return 0;
  }
  const ignored = r.stdout.split('\n').filter(Boolean);
  if (ignored.length === 0) return 0;
  console.error(`these snapshot files are git-ignored and would not be committed: ${ignored.join(', ')}`);
  return 1;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`golden:update: ${(error as Error).message}`);
  process.exitCode = 1;
}
