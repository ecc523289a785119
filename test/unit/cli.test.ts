// The package's own bin and the real `yo` CLI, run as a user would.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as choicesModule from '../../generators/lib/choices.js';
import { choices } from '../../generators/lib/choices.js';
import { subArgument, subOptions } from '../../generators/lib/commands.js';
import { applyColourPolicy } from '../../generators/lib/terminal.js';
import { cliPath, repoRoot } from '../support/paths.js';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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
    for (const sub of ['endpoint', 'image'] as const) {
      const r = cli(tmp(), sub, '--help');
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, sub === 'endpoint' ? /--path[\s\S]*--method/ : /--upx/);
      assert.match(r.stdout, new RegExp(`^Usage: go-minimal ${sub} <${subArgument(sub)!.flag}> \\[options\\]`));
      for (const o of subOptions(sub)) assert.match(r.stdout, new RegExp(`^  --${o.flag}\\b.*${escapeRe(o.help)}$`, 'm'), o.flag);
    }
  });

  it('--version prints the version from package.json', () => {
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const r = cli(tmp(), flag);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, `${version}\n`);
      assert.equal(r.stderr, '');
    }
  });

  it('--help and --version do not load Yeoman; generating does', () => {
    // A module-loader hook that records every ES module Node loads (Yeoman's packages are ES modules).
    const dir = tmp();
    const trace = path.join(dir, 'loaded.txt');
    writeFileSync(path.join(dir, 'hooks.mjs'), "import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) { appendFileSync(process.env.GM_TRACE, url + '\\n'); return next(url, context); }\n");
    writeFileSync(path.join(dir, 'register.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
    const yeoman = /node_modules\/yeoman-(environment|generator)\/|\/dist\/generators\/bundle\/run-[^/]*\.js$|\/dist\/generators\/run\.js$/;
    const loaded = (cwd: string, ...args: string[]) => {
      writeFileSync(trace, '');
      const r = spawnSync(process.execPath, ['--import', path.join(dir, 'register.mjs'), cliPath, ...args], {
        cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000, env: { ...process.env, GM_TRACE: trace },
      });
      assert.equal(r.status, 0, r.stderr);
      return readFileSync(trace, 'utf8').split('\n').filter(Boolean);
    };
    for (const args of [['--help'], ['--version'], ['endpoint', '--help'], ['image', '--help'], ['update', '--help']]) {
      const urls = loaded(tmp(), ...args);
      assert.ok(urls.some((u) => u.endsWith('/dist/generators/cli.js')), `the hook saw the bin (${args.join(' ')})`);
      assert.deepEqual(urls.filter((u) => yeoman.test(u)), [], `${args.join(' ')} loaded Yeoman`);
    }
    // the same detector sees Yeoman on the generation path
    const urls = loaded(tmp(), 'svc', '--defaults', '--skip-install', '--no-git');
    assert.ok(urls.some((u) => yeoman.test(u)), `generation loaded:\n${urls.join('\n')}`);
  });

  it('piped output has no colour codes and no package.json noise (app, endpoint, image)', () => {
    // TERM says "colour terminal", but stdout and stderr are pipes: no escape codes either way.
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', COLORTERM: 'truecolor' };
    delete env.FORCE_COLOR;
    delete env.NO_COLOR;
    const run = (cwd: string, ...args: string[]) => {
      const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000, env });
      assert.equal(r.status, 0, r.stderr);
      const out = r.stdout + r.stderr;
      assert.ok(out.length > 0, 'the run printed something');
      assert.ok(!out.includes('\x1b'), `escape code in:\n${JSON.stringify(out)}`);
      assert.doesNotMatch(out, /package\.json/);
      return out;
    };
    const dir = tmp();
    assert.match(run(dir, 'svc', '--defaults', '--skip-install', '--no-git'), /created svc\//);
    assert.match(run(path.join(dir, 'svc'), 'endpoint', 'greet', '--defaults', '--skip-install'), /added GET \/greet/);
    assert.match(run(path.join(dir, 'svc'), 'image', 'distroless', '--skip-install'), /image target is now distroless/);
  });

  it('colour policy: off when piped or NO_COLOR is set, an explicit FORCE_COLOR wins', () => {
    const cases: [NodeJS.ProcessEnv, boolean, boolean, string | undefined][] = [
      [{}, true, true, undefined],
      [{}, false, true, '0'],
      [{}, true, false, '0'],
      [{ NO_COLOR: '1' }, true, true, '0'],
      [{ NO_COLOR: '' }, true, true, undefined],
      [{ FORCE_COLOR: '1' }, false, false, '1'],
      [{ FORCE_COLOR: '1', NO_COLOR: '1' }, true, true, '1'],
    ];
    for (const [env, out, err, want] of cases) {
      const e = { ...env };
      applyColourPolicy(e, out, err);
      assert.equal(e.FORCE_COLOR, want, JSON.stringify({ env, out, err }));
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

  it('accepts the same project name as argument and --name', () => {
    const dir = tmp();
    const r = cli(dir, 'same', '--name', 'same', '--defaults', '--skip-install', '--no-git');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(dir), ['same']);
  });

  it('refuses to nest a new project inside a generated one (its folder or a sub-folder), writing nothing', () => {
    const dir = tmp();
    assert.equal(cli(dir, 'outer', '--defaults', '--skip-install', '--no-git').status, 0);
    for (const cwd of [path.join(dir, 'outer'), path.join(dir, 'outer/pkg/server')]) {
      const before = readdirSync(cwd).sort();
      for (const extra of [[], ['--force']]) {
        const r = cli(cwd, 'inner', '--defaults', '--skip-install', '--no-git', ...extra);
        assert.notEqual(r.status, 0);
        const lines = r.stderr.trim().split('\n');
        assert.equal(lines.length, 1, `one line, got:\n${r.stderr}`);
        assert.match(lines[0]!, /^go-minimal: error: .*outer is already a go-minimal project: change it with "go-minimal endpoint" or "go-minimal image", or regenerate it in place from its parent folder with "go-minimal outer"$/);
        assert.deepEqual(readdirSync(cwd).sort(), before, `nothing written in ${cwd}`);
      }
    }
  });

  const bad: [string[], RegExp][] = [
    [['x', '--defaults', '--git=no'], /^go-minimal: error: --git is a yes\/no flag: use --git or --no-git \(got "no"\)$/],
    [['x', '--defaults', '--dry-run=maybe'], /^go-minimal: error: --dry-run is a yes\/no flag: use --dry-run or --no-dry-run \(got "maybe"\)$/],
    [['x', 'y', '--defaults'], /^go-minimal: error: unexpected argument "y"/],
    [['x', '--defaults', '--port', '0'], /^go-minimal: error: port 0 is out of range \(accepted: 1-65535\)$/],
    [['x', '--defaults', '--module', 'bad path'], /^go-minimal: error: malformed module path "bad path": invalid char ' '/],
    [['x', '--defaults', '--module', 'hello'], /^go-minimal: error: malformed module path "hello": missing dot in first path element/],
    [['x', '--defaults', '--go-version', '1.27'], /^go-minimal: error: Go version 1\.27: Go 1\.27 is not a release this generator knows/],
    [['x', '--defaults', '--go-version', '1.26.99'], /^go-minimal: error: Go version 1\.26\.99 has not been released/],
    [['x', '--name', 'y', '--defaults'], /^go-minimal: error: project name given twice with different values: "x" \(argument\) and --name "y" \(give one\)$/],
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
