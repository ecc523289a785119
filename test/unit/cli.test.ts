// The package's own bin and the real `yo` CLI, run as a user would.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as choicesModule from '../../generators/lib/choices.js';
import { choices } from '../../generators/lib/choices.js';
import { cliPath, repoRoot } from '../support/paths.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'gm-cli-'));
const cli = (cwd: string, ...args: string[]) =>
  spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });

describe('go-minimal bin', () => {
  it('--help lists every option with its default', () => {
    const r = cli(tmp(), '--help');
    assert.equal(r.status, 0, r.stderr);
    for (const c of choices) assert.match(r.stdout, new RegExp(`--${c.flag}.*\\(default: `), c.flag);
    assert.match(r.stdout, /--defaults/);
    assert.match(r.stdout, /--skip-install/);
  });

  it('generates a project with --defaults', () => {
    const dir = tmp();
    const r = cli(dir, 'my-svc', '--defaults', '--skip-install');
    assert.equal(r.status, 0, r.stderr + r.stdout);
    for (const f of ['go.mod', 'main.go', 'Dockerfile', '.dockerignore', '.gitignore', '.yo-rc.json']) {
      assert.ok(existsSync(path.join(dir, 'my-svc', f)), f);
    }
    const rc = JSON.parse(readFileSync(path.join(dir, 'my-svc/.yo-rc.json'), 'utf8'));
    assert.equal(rc['generator-go-minimal'].module, 'example.com/my-svc');
  });

  it('prints the sub-generators\' help', () => {
    for (const sub of ['endpoint', 'image']) {
      const r = cli(tmp(), sub, '--help');
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, sub === 'endpoint' ? /--path[\s\S]*--method/ : /--upx/);
    }
  });

  it('the printed equivalent command reproduces the same answers without prompting', () => {
    const a = tmp();
    const first = cli(a, 'svc', '--defaults', '--skip-install', '--no-git', '--framework', 'gin', '--lua', 'gopher', '--target', 'distroless', '--k8s');
    assert.equal(first.status, 0, first.stderr);
    const rcA = JSON.parse(readFileSync(path.join(a, 'svc/.yo-rc.json'), 'utf8'))['generator-go-minimal'];
    const { equivalentCommand } = choicesModule;
    const args = equivalentCommand(rcA).split(' ').slice(1).map((x: string) => x.replace(/^'|'$/g, ''));
    const b = tmp();
    const again = cli(b, ...args, '--skip-install');
    assert.equal(again.status, 0, again.stderr);
    const rcB = JSON.parse(readFileSync(path.join(b, 'svc/.yo-rc.json'), 'utf8'))['generator-go-minimal'];
    assert.deepEqual({ ...rcB, generated: undefined }, { ...rcA, generated: undefined });
  });

  it('--force regenerates over a grown project and keeps its endpoints routed', () => {
    const dir = tmp();
    assert.equal(cli(dir, 'svc', '--defaults', '--skip-install', '--no-git').status, 0);
    assert.equal(cli(path.join(dir, 'svc'), 'endpoint', 'greet', '--defaults').status, 0);
    const r = cli(dir, 'svc', '--defaults', '--skip-install', '--no-git', '--force=true');
    assert.equal(r.status, 0, r.stderr);
    assert.match(readFileSync(path.join(dir, 'svc/pkg/server/routes_gen.go'), 'utf8'), /handleGreet/);
  });

  const bad: [string[], RegExp][] = [
    [['x', '--defaults', '--git=no'], /^go-minimal: error: --git is a yes\/no flag: use --git or --no-git \(got "no"\)$/],
    [['x', '--defaults', '--dry-run=maybe'], /^go-minimal: error: --dry-run is a yes\/no flag: use --dry-run or --no-dry-run \(got "maybe"\)$/],
    [['x', 'y', '--defaults'], /^go-minimal: error: unexpected argument "y"/],
    [['x', '--defaults', '--port', '0'], /^go-minimal: error: port 0 is out of range \(accepted: 1-65535\)$/],
    [['x', '--defaults', '--module', 'bad path'], /^go-minimal: error: invalid module path "bad path"/],
    [['x', '--defaults', '--target', 'ubuntu'], /^go-minimal: error: target "ubuntu" is not known \(accepted: scratch, distroless, alpine, golang\)$/],
    [['x', '--defaults', '--framwork', 'gin'], /^go-minimal: error: unknown option --framwork/],
    [['/etc/x', '--defaults'], /^go-minimal: error: project name "\/etc\/x" is an absolute path/],
    [['x', '--defaults', '--go-version', 'latest'], /^go-minimal: error: Go version "latest" is not in the form/],
  ];
  for (const [args, re] of bad) {
    it(`fails clearly on ${args.slice(1).join(' ') || args[0]}`, () => {
      const dir = tmp();
      const r = cli(dir, ...args);
      assert.notEqual(r.status, 0);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, `one line, got:\n${r.stderr}`);
      assert.match(lines[0]!, re);
      assert.deepEqual(readdirSync(dir), [], 'nothing written');
    });
  }
});

describe('real yo CLI', () => {
  it('finds the generator through node_modules (as after npm link / global install) and runs it', () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'node_modules'));
    symlinkSync(repoRoot, path.join(dir, 'node_modules', 'generator-go-minimal'), 'dir');
    const work = path.join(dir, 'work');
    const home = path.join(dir, 'home');
    mkdirSync(work);
    mkdirSync(home);
    // yo refuses to run as root and drops to an unprivileged user (root-check): let that user
    // read the lookup path and write the project and yo's own files.
    chmodSync(dir, 0o755);
    chmodSync(work, 0o777);
    chmodSync(home, 0o777);
    const yo = path.join(repoRoot, 'node_modules', 'yo', 'lib', 'cli.js');
    const r = spawnSync(process.execPath, [yo, 'go-minimal', 'via-yo', '--defaults', '--skip-install', '--no-insight'], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, HOME: home, NO_UPDATE_NOTIFIER: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    assert.equal(r.status, 0, `yo failed:\n${r.stdout}\n${r.stderr}`);
    assert.ok(existsSync(path.join(work, 'via-yo', 'go.mod')), `no project:\n${r.stdout}\n${r.stderr}`);
  });
});
