// What a user installs, for this tree and for the previous release: each is packed (npm pack) and
// installed from its tarball the way a user installs it (npm install -g, here into a temporary
// prefix of its own), then measured there: tarball size, installed packages, installed bytes. The
// previous release comes from the same git repository (git archive REF, npm ci, npm run build,
// npm pack); its tarball is cached in node_modules/.cache/go-minimal-bench/ by commit.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/paths.js';
import { log, must, run } from './lib.js';
import { state } from './state.js';

export interface Installed {
  label: string;
  bin: string;
  tarball: number; // bytes
  packages: number; // package folders under the prefix's lib/node_modules, the generator included
  bytes: number; // apparent size of lib/node_modules (du -sb)
  installMs: number; // one npm install -g from the tarball (npm cache warm)
}

const git = (...args: string[]) => must('git', ['-C', repoRoot, ...args]).stdout.trim();

/** npm pack DIR into dest; the tarball's path. Scripts off: DIR is already built. */
function pack(dir: string, dest: string): string {
  mkdirSync(dest, { recursive: true });
  const r = must('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], { cwd: dir });
  return path.join(dest, (JSON.parse(r.stdout) as { filename: string }[])[0]!.filename);
}

/** The previous release's tarball, built from REF (cached by commit). */
function packRelease(ref: string): { tgz: string; version: string; short: string } {
  const sha = git('rev-parse', '--verify', `${ref}^{commit}`);
  const short = sha.slice(0, 7);
  const version = (JSON.parse(git('show', `${sha}:package.json`)) as { version: string }).version;
  const cacheDir = path.join(repoRoot, 'node_modules/.cache/go-minimal-bench');
  const cached = path.join(cacheDir, `release-${sha}.tgz`);
  if (existsSync(cached)) {
    log(`previous release ${version} (${short}): cached tarball ${path.relative(repoRoot, cached)}`);
    return { tgz: cached, version, short };
  }
  const src = path.join(state.benchRoot, `release-${short}`);
  mkdirSync(src, { recursive: true });
  log(`previous release ${version} (${short}): git archive, npm ci, npm run build, npm pack`);
  must('git', ['-C', repoRoot, 'archive', '-o', path.join(state.benchRoot, `release-${short}.tar`), sha]);
  must('tar', ['-xf', path.join(state.benchRoot, `release-${short}.tar`), '-C', src]);
  must('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: src });
  must('npm', ['run', 'build'], { cwd: src });
  const tgz = pack(src, path.join(src, '.pack'));
  mkdirSync(cacheDir, { recursive: true });
  renameSync(tgz, cached);
  rmSync(src, { recursive: true, force: true });
  return { tgz: cached, version, short };
}

function installFrom(label: string, tgz: string, prefix: string): Installed {
  const r = must('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', tgz]);
  const lib = path.join(prefix, 'lib/node_modules');
  let packages = 0;
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const d = path.join(dir, e.name);
      if (e.name.startsWith('@')) walk(d);
      else if (existsSync(path.join(d, 'package.json'))) {
        packages++;
        if (existsSync(path.join(d, 'node_modules'))) walk(path.join(d, 'node_modules'));
      }
    }
  };
  walk(lib);
  const bytes = Number(must('du', ['-sb', lib]).stdout.split('\t')[0]);
  return { label, bin: path.join(prefix, 'bin/go-minimal'), tarball: statSync(tgz).size, packages, bytes, installMs: r.ms };
}

/** This tree (as built by npm run bench) and the release at REF, each installed from its tarball. */
export function installBoth(previousRef: string): { current: Installed; previous: Installed | string } {
  const root = path.join(state.benchRoot, 'installs');
  const head = git('rev-parse', '--short=7', 'HEAD');
  const dirty = run('git', ['-C', repoRoot, 'status', '--porcelain', '--untracked-files=no']).stdout.trim() !== '';
  const current = installFrom(`this tree (${head}${dirty ? ' + uncommitted changes' : ''})`, pack(repoRoot, path.join(root, 'current')), path.join(root, 'current/prefix'));
  let previous: Installed | string;
  try {
    const rel = packRelease(previousRef);
    previous = installFrom(`${rel.version} (${rel.short})`, rel.tgz, path.join(root, 'previous/prefix'));
  } catch (e) {
    previous = `previous release ${previousRef}: ${(e as Error).message.split('\n')[0]}`;
  }
  return { current, previous };
}
