// The "base" of a three-way update: what the generator produced for this project, file by file.
// Recorded twice, at generation time and after every update:
//  - in git, as the commit refs/go-minimal/base holding exactly the rendered tree (made with
//    plumbing: hash-object, a throw-away GIT_INDEX_FILE + update-index/write-tree, commit-tree,
//    update-ref; the user's index, HEAD and work tree are never touched), when the project
//    folder is the top of a git work tree;
//  - compactly in .yo-rc.json as baseHashes: { path: sha256 } for every rendered file, which is
//    all a project without git (or a clone without the ref) has.
// Projects from 0.1.0 have neither: their base is the commit "Initial commit from
// generator-go-minimal ..." when there is one, and the owned-file hashes (generated) otherwise.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appFiles } from '../app/files.js';
import { endpointFiles } from '../endpoint/files.js';
import { imageFiles } from '../image/files.js';
import { buildContext, type StoredConfig } from './context.js';
import { gofmt } from './gofmt.js';
import { currentSchemaVersion } from './migrations.js';
import { sha256 } from './project.js';
import { generatorVersion } from './release.js';
import { renderFiles, renderTemplate } from './render.js';
import { readStored, serializeStored } from './stored.js';

export const baseRef = 'refs/go-minimal/base';
export const initialCommitSubject = 'Initial commit from generator-go-minimal';
/** in the initial commit but never rendered by the generator */
const notRendered = new Set(['.yo-rc.json', 'go.sum']);

/** Every file this generator version renders for the stored answers (Go files gofmt-ed, as written). */
export function projectFiles(cfg: StoredConfig): Map<string, string> {
  const ctx = buildContext(cfg);
  const files = renderFiles([...appFiles(ctx), ...imageFiles(ctx)], ctx);
  for (const endpoint of ctx.customEndpoints) {
    for (const spec of endpointFiles(ctx, endpoint.name)) {
      if (files.has(spec.dest)) continue; // the shared route table, already rendered
      files.set(spec.dest, renderTemplate(spec.template, { ...ctx, endpoint }));
    }
  }
  for (const [dest, text] of files) if (dest.endsWith('.go')) files.set(dest, gofmt(text, dest));
  return files;
}

/** One file of the base: its text when known, else at least the hash we recorded. */
export interface BaseFile {
  text?: string;
  hash?: string;
}

export type BaseSource = 'ref' | 'initial commit' | 'hashes';

function git(root: string, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}): string {
  return execFileSync('git', ['-C', root, ...args], {
    encoding: 'utf8',
    input: opts.input,
    env: opts.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

function tryGit(root: string, args: string[]): string | undefined {
  try {
    return git(root, args).trim();
  } catch {
    return undefined;
  }
}

/** Is `root` the top folder of a git work tree (where the base ref can live)? */
export function isGitTop(root: string): boolean {
  const top = tryGit(root, ['rev-parse', '--show-toplevel']);
  return top !== undefined && existsSync(top) && realpathSync(top) === realpathSync(root);
}

/** Is `root` inside any git work tree? */
export function inGitWorkTree(root: string): boolean {
  return tryGit(root, ['rev-parse', '--is-inside-work-tree']) === 'true';
}

/** `git status --porcelain` of the project folder (empty = clean). */
export function gitStatus(root: string): string {
  return git(root, ['status', '--porcelain', '--', '.']).trim();
}

/** Files of a commit's tree: path -> text. */
export function readTree(root: string, rev: string): Map<string, string> {
  const out = new Map<string, string>();
  const entries = git(root, ['ls-tree', '-r', '-z', rev])
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta, file] = line.split('\t') as [string, string];
      const [, type, id] = meta.split(' ') as [string, string, string];
      return { type, id, file };
    })
    .filter((e) => e.type === 'blob');
  for (const e of entries) out.set(e.file, git(root, ['cat-file', 'blob', e.id]));
  return out;
}

/** The oldest commit on HEAD whose subject is the generator's initial commit. */
export function initialCommit(root: string): string | undefined {
  const log = tryGit(root, ['log', '--format=%H%x1f%s', 'HEAD']);
  if (!log) return undefined;
  const hits = log.split('\n').filter((l) => l.split('\x1f')[1]?.startsWith(initialCommitSubject));
  return hits.length ? hits[hits.length - 1]!.split('\x1f')[0] : undefined;
}

/**
 * The base of the project at `root` whose stored answers are `rc`. A git text is used only
 * when it matches the recorded hash of that file (or no hash was recorded).
 */
export function loadBase(root: string, rc: Pick<StoredConfig, 'generated' | 'baseHashes'>): { files: Map<string, BaseFile>; source: BaseSource } {
  const hashes = recordedHashes(rc);
  const files = new Map<string, BaseFile>();
  for (const [f, hash] of Object.entries(hashes)) files.set(f, { hash });
  let source: BaseSource = 'hashes';
  let tree: Map<string, string> | undefined;
  if (isGitTop(root)) {
    if (tryGit(root, ['rev-parse', '--verify', '-q', `${baseRef}^{commit}`])) {
      tree = readTree(root, baseRef);
      source = 'ref';
    } else {
      const first = initialCommit(root);
      if (first) {
        tree = readTree(root, first);
        for (const f of notRendered) tree.delete(f);
        source = 'initial commit';
      }
    }
  }
  for (const [f, text] of tree ?? []) {
    const hash = hashes[f];
    if (hash !== undefined && sha256(text) !== hash) continue; // stale: keep the hash only
    files.set(f, { text, hash: sha256(text) });
  }
  return { files, source };
}

/** baseHashes, falling back to (0.1.0) the hashes of the owned files. */
function recordedHashes(rc: Pick<StoredConfig, 'generated' | 'baseHashes'>): Record<string, string> {
  return { ...(rc.generated ?? {}), ...(rc.baseHashes ?? {}) };
}

/** Write `files` as the tree of a new commit on refs/go-minimal/base (no index, HEAD or work tree change). */
export function writeBaseRef(root: string, files: Map<string, string>, message: string): void {
  const tmpIndex = path.join(os.tmpdir(), `go-minimal-index-${process.pid}-${Date.now()}`);
  const env = {
    ...process.env,
    GIT_INDEX_FILE: tmpIndex,
    GIT_AUTHOR_NAME: 'go-minimal',
    GIT_AUTHOR_EMAIL: 'go-minimal@localhost',
    GIT_COMMITTER_NAME: 'go-minimal',
    GIT_COMMITTER_EMAIL: 'go-minimal@localhost',
  };
  try {
    const lines: string[] = [];
    for (const [f, text] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const blob = git(root, ['hash-object', '-w', '--stdin'], { input: text }).trim();
      lines.push(`100644 ${blob}\t${f}`);
    }
    git(root, ['update-index', '--index-info'], { input: lines.join('\n') + '\n', env });
    const tree = git(root, ['write-tree'], { env }).trim();
    const parent = tryGit(root, ['rev-parse', '--verify', '-q', `${baseRef}^{commit}`]);
    if (parent && tryGit(root, ['rev-parse', `${parent}^{tree}`]) === tree) return;
    const commit = git(root, ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', message], { env }).trim();
    git(root, ['update-ref', baseRef, commit]);
  } finally {
    rmSync(tmpIndex, { force: true });
  }
}

/** The keys the app generator stores with its answers: versions and the hash record of its output. */
export function baseRecordKeys(files: Map<string, string>): { schemaVersion: number; generatorVersion: string; baseHashes: Record<string, string> } {
  return {
    schemaVersion: currentSchemaVersion,
    generatorVersion: generatorVersion(),
    baseHashes: Object.fromEntries([...files].map(([f, text]) => [f, sha256(text)])),
  };
}

interface GeneratorLike {
  destinationRoot(): string;
  config: { getAll(): Record<string, unknown>; set(values: Record<string, unknown>): unknown };
}

/**
 * Hook called at the very end of the app, endpoint and image generators (after anything they
 * wrote reached the disk, and after the app's git init): record the new base.
 * app (`all`): the base is everything this version renders for the answers.
 * endpoint/image: the base moves only for files whose disk contents now equal what this
 * version renders (what they just wrote); other files keep their old base, so a later update
 * still brings them the template changes they have not seen.
 */
export function recordBase(gen: GeneratorLike, opts: { all?: boolean; rendered?: Map<string, string> } = {}): void {
  const root = gen.destinationRoot();
  // read through the one reader (validated, migrated); nothing to record without valid answers
  const stored = readStored(root);
  if (stored === undefined || 'error' in stored) return;
  const rc = stored.config;
  const cfg = rc;
  // the caller's rendering of these same answers, when it has one (the app generator)
  const rendered = opts.rendered ?? projectFiles(cfg);
  // app: its writing phase already stored baseHashes (baseRecordKeys) with the answers
  let base = rendered;
  if (!opts.all) {
    const old = loadBase(root, rc);
    base = new Map([...old.files].flatMap(([f, b]) => (b.text === undefined ? [] : [[f, b.text] as [string, string]])));
    const hashes = recordedHashes(rc);
    for (const [f, text] of rendered) {
      const abs = path.join(root, f);
      if (existsSync(abs) && readFileSync(abs, 'utf8') === text) {
        base.set(f, text);
        hashes[f] = sha256(text);
      }
    }
    const sameHashes = JSON.stringify(hashes) === JSON.stringify(rc.baseHashes ?? null);
    if (!sameHashes) {
      // written straight to disk (this runs after the plan was applied): only baseHashes changes
      const file = path.join(root, '.yo-rc.json');
      writeFileSync(`${file}.go-minimal.tmp`, serializeStored({ ...stored.config, baseHashes: hashes }, stored.others));
      renameSync(`${file}.go-minimal.tmp`, file);
    }
  }
  if (isGitTop(root)) {
    try {
      writeBaseRef(root, base, `go-minimal base: generator-go-minimal ${generatorVersion()}`);
    } catch (error) {
      process.emitWarning(`go-minimal: could not record ${baseRef} (${(error as Error).message.split('\n')[0]}); go-minimal update will use the hashes in .yo-rc.json`);
    }
  }
}
