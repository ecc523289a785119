// Refusals found by a hostile review of the bin, each run as a user would (piped, no terminal):
// one line on stderr, a non-zero exit, and the tree byte-identical afterwards.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { endpointDecls } from '../../generators/lib/context.js';
import { planEndpoint } from '../../generators/endpoint/files.js';
import { parseStored } from '../../generators/lib/stored.js';
import { oneLine } from '../../generators/lib/terminal.js';
import { cliPath, repoRoot } from '../support/paths.js';
import { treeSnapshot as snapshotTree } from '../support/tree.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'gm-refuse-'));
const cli = (cwd: string, args: string[], stdin: 'ignore' | 'pipe' = 'ignore') =>
  spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', stdio: [stdin, 'pipe', 'pipe'], input: stdin === 'pipe' ? '' : undefined, timeout: 120_000 });

/** A fresh project (no install, no git) and its root. */
function project(): string {
  const dir = tmp();
  const r = cli(dir, ['svc', '--defaults', '--skip-install', '--no-git']);
  assert.equal(r.status, 0, r.stderr);
  return path.join(dir, 'svc');
}

/** Run `args` in `cwd`; assert exit 1, exactly one stderr line matching `re`, nothing changed. */
function refused(cwd: string, args: string[], re: RegExp, root = cwd, stdin: 'ignore' | 'pipe' = 'ignore'): void {
  const before = snapshotTree(root);
  const r = cli(cwd, args, stdin);
  assert.equal(r.status, 1, `${args.join(' ')}: exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `${args.join(' ')}: want one stderr line, got:\n${r.stderr}`);
  assert.match(lines[0]!, re);
  assert.ok(!r.stdout.includes('\x1b['), 'no colour codes on a pipe');
  assert.deepEqual(snapshotTree(root), before, `${args.join(' ')} changed the tree`);
}

describe('refusals (hostile review)', () => {
  it('two endpoints whose Go declarations collide: the second is refused ("handle" and "endpoint")', () => {
    const root = project();
    assert.equal(cli(root, ['endpoint', 'endpoint', '--defaults']).status, 0);
    refused(root, ['endpoint', 'handle', '--defaults'], /would declare handleEndpoint, which endpoint "endpoint" declares already/);
    // the rule is pure and symmetric, and applies to stored answers too (planEndpoint is shared)
    const a = { name: 'handle-foo', path: '/a', method: 'GET' as const };
    const b = { name: 'foo-endpoint', path: '/b', method: 'GET' as const };
    assert.ok(endpointDecls(a).some((d) => endpointDecls(b).includes(d)));
    assert.ok(planEndpoint([a], b).error);
    assert.ok(planEndpoint([b], a).error);
  });

  it('a yes/no flag with a value other than true/false is refused, digits in its name included (--k8s=no)', () => {
    const dir = tmp();
    for (const v of ['no', '0', 'off', 'FALSE']) refused(dir, ['svc', `--k8s=${v}`, '--defaults', '--skip-install'], /--k8s is a yes\/no flag/);
  });

  it('an option given twice is refused instead of merged or last-wins', () => {
    const dir = tmp();
    refused(dir, ['svc', '--port', '80', '--port', '90', '--defaults'], /--port is given more than once/);
    refused(dir, ['svc', '--ci', '--no-ci', '--defaults'], /--ci is given more than once/);
    const root = project();
    refused(root, ['endpoint', 'x', '--method', 'GET', '--method', 'POST', '--defaults'], /--method is given more than once/);
  });

  it('without a terminal nothing prompts: the missing answer is named in one line', () => {
    const dir = tmp();
    refused(dir, ['svc'], /^go-minimal: error: no terminal to ask for --/, dir, 'pipe');
    const root = project();
    refused(root, ['image'], /no terminal to ask for the image target/, root, 'pipe');
    refused(root, ['endpoint', 'greet'], /no terminal to ask for the URL path/, root, 'pipe');
  });

  it('the destination is checked before the first question', () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'svc'));
    writeFileSync(path.join(dir, 'svc', 'notes.txt'), 'mine\n');
    // no --defaults and no terminal: the folder is refused first, not the missing answers
    refused(dir, ['svc'], /svc.*(not empty|exists)/i, dir, 'pipe');
  });

  it('an unknown flag is named as typed', () => {
    refused(tmp(), ['svc', '-V', '--defaults'], /unknown option -V \(/);
  });

  it('--version answers on every sub-command', () => {
    const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
    for (const sub of [[], ['endpoint'], ['image'], ['update']]) {
      const r = cli(tmp(), [...sub, '--version']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout.trim(), version);
    }
  });

  it('a .yo-rc.json written by a newer generator is refused, naming generatorVersion', () => {
    const root = project();
    const rc = path.join(root, '.yo-rc.json');
    const json = JSON.parse(readFileSync(rc, 'utf8')) as Record<string, Record<string, unknown>>;
    json['generator-go-minimal']!.generatorVersion = '9.9.9';
    writeFileSync(rc, JSON.stringify(json, null, 2));
    for (const args of [['image', 'golang'], ['update'], ['endpoint', 'greet', '--defaults']]) {
      refused(root, args, /"generator-go-minimal\.generatorVersion" is invalid: 9\.9\.9 is newer than this generator-go-minimal/);
    }
    assert.match((parseStored(readFileSync(rc, 'utf8')) as { error: string }).error, /generatorVersion/);
  });

  it('a stored value with a newline is reported on one line, escaped', () => {
    const root = project();
    const rc = path.join(root, '.yo-rc.json');
    const json = JSON.parse(readFileSync(rc, 'utf8')) as Record<string, Record<string, unknown>>;
    json['generator-go-minimal']!.endpoints = [{ name: 'greet', path: '/a", s.h)\n}\nfunc init(){panic(1)}\n//', method: 'GET' }];
    writeFileSync(rc, JSON.stringify(json, null, 2));
    refused(root, ['image', 'golang'], /endpoints\[0\]\.path" is invalid: .*\\n/);
    assert.equal(oneLine('a\nb\tc'), 'a\\nb\\tc');
  });

  it('--dry-run exits with the code the real run would have (1 when conflicts refuse it)', () => {
    const root = project();
    writeFileSync(path.join(root, 'pkg/server/routes_gen.go'), `${readFileSync(path.join(root, 'pkg/server/routes_gen.go'), 'utf8')}// mine\n`);
    const before = snapshotTree(root);
    const dry = cli(root, ['endpoint', 'greet', '--defaults', '--dry-run']);
    assert.equal(dry.status, 1, dry.stdout + dry.stderr);
    assert.match(dry.stdout, /the real run would be refused: .*routes_gen\.go/);
    assert.deepEqual(snapshotTree(root), before);
    assert.equal(cli(root, ['endpoint', 'greet', '--defaults']).status, 1);
  });
});
