// Plan, then write: conflicts refuse the whole run (nothing written), --dry-run, --force,
// validated .yo-rc.json, endpoint --remove / restore, framework and Lua switches, and a
// property test over random sequences of operations.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import helpers, { type RunResult } from 'yeoman-test';
import { parse as parseYaml } from 'yaml';
import { goString, yamlString, dockerQuoted, makeValue, commentText } from '../../generators/lib/lit.js';
import { diffStat } from '../../generators/lib/plan.js';
import { parseStored, serializeStored, SCHEMA_VERSION } from '../../generators/lib/stored.js';
import { buildContext, goFileStem, type StoredConfig } from '../../generators/lib/context.js';
import { renderFiles } from '../../generators/lib/render.js';
import { gofmt } from '../../generators/lib/gofmt.js';
import { imageFiles } from '../../generators/image/files.js';
import { deploymentFiles } from '../../generators/app/files.js';
import { endpointFiles, handlerFiles } from '../../generators/endpoint/files.js';
import { sha256 } from '../../generators/lib/project.js';
import { cliPath, generatorPath } from '../support/paths.js';
import { treeSnapshot } from '../support/tree.js';
import { frameworkNames } from '../../generators/lib/catalogue.js';

const app = generatorPath('app');
const endpoint = generatorPath('endpoint');
const image = generatorPath('image');
const KEY = 'generator-go-minimal';

const read = (dir: string, f: string) => readFileSync(path.join(dir, f), 'utf8');
const rc = (dir: string) => JSON.parse(read(dir, '.yo-rc.json'))[KEY];

async function project(options: Record<string, unknown> = {}): Promise<{ result: RunResult; dir: string }> {
  const result = await helpers
    .run(app, { namespace: 'go-minimal:app' })
    .withArguments(['svc'])
    .withOptions({ defaults: true, skipInstall: true, git: false, ...options } as never);
  return { result, dir: path.join(result.cwd, 'svc') };
}

// force: false explicitly: yeoman-test passes force: true to generators by default
const sub = (result: RunResult, gen: string, ns: string, cwd: string, args: string[], options: Record<string, unknown> = {}) =>
  result
    .create(gen, { namespace: `go-minimal:${ns}`, cwd })
    .withArguments(args)
    .withOptions({ defaults: true, skipInstall: true, force: false, ...options } as never);
const runEndpoint = (r: RunResult, cwd: string, args: string[], o: Record<string, unknown> = {}) => sub(r, endpoint, 'endpoint', cwd, args, o);
const runImage = (r: RunResult, cwd: string, args: string[], o: Record<string, unknown> = {}) => sub(r, image, 'image', cwd, args, o);
const runAppAgain = (r: RunResult, dir: string, o: Record<string, unknown> = {}) => sub(r, app, 'app', path.dirname(dir), [path.basename(dir)], { git: false, ...o });

const bin = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });

describe('literal encoders', () => {
  it('goString: ASCII only, and the Go escapes decode back to the input (JS model of strconv.Unquote)', () => {
    // a small decoder of exactly the escapes goString emits; the Go tier checks with strconv.Unquote
    const decode = (lit: string) =>
      lit.slice(1, -1).replace(/\\(u[0-9a-f]{4}|U[0-9a-f]{8}|[nrt"\\])/g, (_m, e: string) =>
        e.length > 1 ? String.fromCodePoint(parseInt(e.slice(1), 16)) : ({ n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' } as Record<string, string>)[e]!,
      );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const lit = goString(s);
        assert.match(lit, /^"[\x20-\x7e]*"$/);
        assert.equal(decode(lit), s);
      }),
      { numRuns: 500 },
    );
    assert.equal(goString('x"); os.Exit(1); //'), '"x\\"); os.Exit(1); //"');
    assert.equal(goString('a\u2028b\0'), '"a\\u2028b\\u0000"');
    assert.throws(() => goString('\ud800'), /lone UTF-16 surrogate/);
  });

  it('yamlString: parsed back by the yaml package gives the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const doc = parseYaml(`k: ${yamlString(s)}\n`) as { k: string };
        assert.equal(doc.k, s);
      }),
      { numRuns: 500 },
    );
  });

  it('Dockerfile, Makefile and comment contexts escape or refuse what would break out', () => {
    assert.equal(dockerQuoted('a"b$c\\'), '"a\\"b\\$c\\\\"');
    assert.throws(() => dockerQuoted('a\nRUN x'), /unsafe/);
    assert.equal(makeValue('a$b'), 'a$$b');
    assert.throws(() => makeValue('a\nb'), /unsafe/);
    assert.throws(() => commentText('a\nb'), /unsafe/);
    assert.throws(() => commentText('x"y'), /unsafe/);
  });
});

describe('diffStat', () => {
  it('counts added and removed lines', () => {
    assert.deepEqual(diffStat(undefined, 'a\nb\n'), { added: 2, removed: 0 });
    assert.deepEqual(diffStat('a\nb\nc\n', 'a\nx\nc\n'), { added: 1, removed: 1 });
    assert.deepEqual(diffStat('a\nb\n', undefined), { added: 0, removed: 2 });
    assert.deepEqual(diffStat('a\n', 'a\n'), { added: 0, removed: 0 });
  });
});

describe('.yo-rc.json validation (pure)', () => {
  const good = (): Record<string, unknown> => ({
    name: 'svc', module: 'example.com/svc', goVersion: '1.26', framework: 'nethttp', lua: 'none', port: 8080,
    target: 'scratch', upx: false, ci: true, k8s: false, compose: false, git: false, endpoints: [], generated: {},
  });
  const text = (over: Record<string, unknown>, drop: string[] = []) => {
    const cfg: Record<string, unknown> = { ...good(), schemaVersion: SCHEMA_VERSION, ...over };
    for (const k of drop) delete cfg[k];
    return JSON.stringify({ [KEY]: cfg });
  };
  const err = (t: string) => {
    const r = parseStored(t);
    assert.ok('error' in r, `expected a refusal for ${t}`);
    return r.error;
  };
  it('round-trips what it writes and keeps other generators\' keys', () => {
    const r = parseStored(text({}));
    assert.ok(!('error' in r));
    const again = parseStored(serializeStored(r.config, { other: { a: 1 } }));
    assert.ok(!('error' in again));
    assert.deepEqual(again.config, r.config);
    assert.deepEqual(again.others, { other: { a: 1 } });
  });
  it('migrates the 0.1.0 layout (no schemaVersion, no ci/k8s/compose/git)', () => {
    const r = parseStored(text({}, ['schemaVersion', 'ci', 'k8s', 'compose', 'git']));
    assert.ok(!('error' in r));
    assert.deepEqual([r.config.ci, r.config.k8s, r.config.compose, r.config.git], [false, false, false, false]);
  });
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['bad port', { port: 70000 }, /^\.yo-rc\.json: "generator-go-minimal\.port" is invalid: port 70000 is out of range/],
    ['port as text', { port: '80; rm' }, /"generator-go-minimal\.port" is invalid: must be a number/],
    ['module with a quote', { module: 'example.com/a"b' }, /"generator-go-minimal\.module" is invalid: malformed module path/],
    ['unknown framework', { framework: 'echo' }, /"generator-go-minimal\.framework" is invalid: framework "echo" is not known/],
    ['schemaVersion 99', { schemaVersion: 99 }, /"generator-go-minimal\.schemaVersion" is invalid: 99 was written by a newer generator-go-minimal/],
    ['endpoint name injection', { endpoints: [{ name: 'x"); os.Exit(1); //', path: '/x', method: 'GET' }] }, /"generator-go-minimal\.endpoints\[0\]\.name" is invalid: endpoint name/],
    ['endpoint path', { endpoints: [{ name: 'x', path: '/x"y', method: 'GET' }] }, /endpoints\[0\]\.path" is invalid/],
    ['duplicate endpoint', { endpoints: [{ name: 'x', path: '/x', method: 'GET' }, { name: 'x', path: '/x', method: 'GET' }] }, /endpoints\[1\]" is invalid/],
    ['hash path outside', { generated: { '../etc/passwd': 'a'.repeat(64) } }, /generated\.\.\.\/etc\/passwd" is invalid: not a relative path/],
    ['unknown key', { extra: 1 }, /"generator-go-minimal\.extra" is invalid: unknown key/],
    ['a yes/no value as text', { upx: 'yes' }, /"generator-go-minimal\.upx" is invalid: must be a boolean/],
    ['endpoint with an extra key', { endpoints: [{ name: 'x', path: '/x', method: 'GET', code: 'os.Exit(1)' }] }, /endpoints\[0\]\.code" is invalid: unknown key/],
  ];
  for (const [what, over, re] of cases) it(`refuses ${what}`, () => assert.match(err(text(over)), re));
});

/** Overwrite one key of the project's stored answers (as a user editing .yo-rc.json would). */
function tamper(dir: string, over: Record<string, unknown>): void {
  const json = JSON.parse(read(dir, '.yo-rc.json'));
  Object.assign(json[KEY], over);
  writeFileSync(path.join(dir, '.yo-rc.json'), JSON.stringify(json, null, 2));
}

describe('a tampered .yo-rc.json is refused by every generator, nothing written', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['bad port', { port: 0 }, /\.yo-rc\.json: "generator-go-minimal\.port" is invalid/],
    ['module with a quote', { module: 'example.com/x"y' }, /"generator-go-minimal\.module" is invalid/],
    ['endpoint name with Go code', { endpoints: [{ name: 'x"); os.Exit(1); //', path: '/x', method: 'GET' }] }, /"generator-go-minimal\.endpoints\[0\]\.name" is invalid/],
    ['unknown framework', { framework: 'echo' }, /"generator-go-minimal\.framework" is invalid/],
    ['schemaVersion 99', { schemaVersion: 99 }, /"generator-go-minimal\.schemaVersion" is invalid: 99 was written by a newer/],
  ];
  for (const [what, over, re] of cases) {
    it(what, async () => {
      const { result, dir } = await project();
      tamper(dir, over);
      const before = treeSnapshot(path.dirname(dir));
      await assert.rejects(runEndpoint(result, dir, ['greet']).run(), re, 'endpoint');
      await assert.rejects(runImage(result, dir, ['distroless']).run(), re, 'image');
      await assert.rejects(runAppAgain(result, dir, { force: true }).run(), re, 'app rerun');
      assert.deepEqual(treeSnapshot(path.dirname(dir)), before);
    });
  }
});

describe('conflicts refuse the whole run before anything is written', () => {
  it('app rerun without --force, an edited main.go', async () => {
    const { result, dir } = await project({ k8s: true, compose: true });
    writeFileSync(path.join(dir, 'main.go'), `${read(dir, 'main.go')}// mine\n`);
    const before = treeSnapshot(dir);
    await assert.rejects(runAppAgain(result, dir, { port: '9090' }).run(), /changed since go-minimal wrote them: main\.go;.*--dry-run.*--force/);
    assert.deepEqual(treeSnapshot(dir), before);
  });

  it('image switch, an edited compose.yaml', async () => {
    const { result, dir } = await project({ k8s: true, compose: true });
    writeFileSync(path.join(dir, 'compose.yaml'), `${read(dir, 'compose.yaml')}# mine\n`);
    const before = treeSnapshot(dir);
    await assert.rejects(runImage(result, dir, ['alpine']).run(), /compose\.yaml;/);
    assert.deepEqual(treeSnapshot(dir), before);
  });

  it('endpoint, an edited routes_gen.go', async () => {
    const { result, dir } = await project();
    writeFileSync(path.join(dir, 'pkg/server/routes_gen.go'), `${read(dir, 'pkg/server/routes_gen.go')}// mine\n`);
    const before = treeSnapshot(dir);
    await assert.rejects(runEndpoint(result, dir, ['greet']).run(), /pkg\/server\/routes_gen\.go;/);
    assert.deepEqual(treeSnapshot(dir), before);
  });

  it('through the real bin: one line listing the files and naming --force and --dry-run, exit 1, nothing written; --force=false is no force; --force overwrites', () => {
    const root = spawnSync('mktemp', ['-d'], { encoding: 'utf8' }).stdout.trim();
    assert.equal(bin(root, 'svc', '--defaults', '--skip-install', '--no-git', '--compose').status, 0);
    const svc = path.join(root, 'svc');
    writeFileSync(path.join(svc, 'compose.yaml'), `${read(svc, 'compose.yaml')}# mine\n`);
    writeFileSync(path.join(svc, 'Dockerfile'), `${read(svc, 'Dockerfile')}# mine\n`);
    const before = treeSnapshot(svc);
    for (const extra of [[], ['--force=false']]) {
      const r = bin(svc, 'image', 'distroless', '--defaults', ...extra);
      assert.equal(r.status, 1);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0]!, /^go-minimal: error: these files were changed since go-minimal wrote them: Dockerfile, compose\.yaml; nothing was written \(see the whole change with --dry-run, overwrite them with --force\)$/);
      assert.deepEqual(treeSnapshot(svc), before);
    }
    const forced = bin(svc, 'image', 'distroless', '--defaults', '--force=true');
    assert.equal(forced.status, 0, forced.stderr);
    assert.doesNotMatch(forced.stdout + forced.stderr, /package\.json/, 'no npm install notice in a Go project');
    assert.doesNotMatch(read(svc, 'compose.yaml'), /# mine/);
    assert.equal(rc(svc).target, 'distroless');
  });
});

describe('a step after the write fails', () => {
  it('go mod tidy failing: one line with what to run by hand; the files and .yo-rc.json agree', () => {
    const root = spawnSync('mktemp', ['-d'], { encoding: 'utf8' }).stdout.trim();
    const fakeGo = path.join(root, 'fakego');
    writeFileSync(fakeGo, '#!/bin/sh\nif [ "$1" = version ]; then echo "go version go1.26.0 linux/amd64"; exit 0; fi\necho "tidy: network down" >&2\nexit 1\n');
    chmodSync(fakeGo, 0o755);
    const r = bin(root, 'svc', '--defaults', '--no-git', '--go-binary', fakeGo);
    assert.equal(r.status, 1);
    const last = r.stderr.trim().split('\n').pop()!;
    assert.match(last, /^go-minimal: error: .*fakego mod tidy failed .*the files are written and \.yo-rc\.json agrees with them: finish by hand with: cd .*svc && .*fakego mod tidy/);
    const parsed = parseStored(read(path.join(root, 'svc'), '.yo-rc.json'));
    assert.ok(!('error' in parsed));
    for (const [f, h] of Object.entries(parsed.config.generated ?? {})) assert.equal(sha256(read(path.join(root, 'svc'), f)), h, f);
  });
});

describe('--dry-run', () => {
  it('prints the plan with a diffstat and writes nothing (app, endpoint, image; the real run\'s exit code)', () => {
    const root = spawnSync('mktemp', ['-d'], { encoding: 'utf8' }).stdout.trim();
    const fresh = bin(root, 'svc', '--defaults', '--skip-install', '--no-git', '--dry-run');
    assert.match(fresh.stdout, /^dry run: nothing written/);
    assert.equal(fresh.status, 0, fresh.stderr);
    assert.match(fresh.stdout, /create main\.go\s+\+\d+ -0/);
    assert.match(fresh.stdout, /create \.yo-rc\.json/);
    assert.ok(!existsSync(path.join(root, 'svc')), 'nothing created');
    assert.equal(bin(root, 'svc', '--defaults', '--skip-install', '--no-git', '--compose').status, 0);
    const svc = path.join(root, 'svc');
    const before = treeSnapshot(svc);
    const ep = bin(svc, 'endpoint', 'greet', '--defaults', '--dry-run');
    assert.equal(ep.status, 0, ep.stderr);
    assert.match(ep.stdout, /2 created, 3 changed, 0 deleted/);
    assert.match(ep.stdout, /create pkg\/server\/endpoint_greet\.go\s+\+\d+ -0/);
    assert.match(ep.stdout, /change pkg\/server\/routes_gen\.go\s+\+\d+ -\d+/);
    const img = bin(svc, 'image', 'distroless', '--defaults', '--dry-run');
    assert.equal(img.status, 0, img.stderr);
    assert.match(img.stdout, /change Dockerfile\s+\+\d+ -\d+/);
    assert.match(img.stdout, /change compose\.yaml\s+\+1 -1/);
    // a dry run also shows conflicts, and exits as the real run would (1: refused)
    writeFileSync(path.join(svc, 'Dockerfile'), `${read(svc, 'Dockerfile')}# mine\n`);
    const c = bin(svc, 'image', 'alpine', '--defaults', '--dry-run');
    assert.equal(c.status, 1, c.stderr);
    assert.match(c.stdout, /the real run would be refused: .*Dockerfile/);
    assert.match(c.stdout, /change Dockerfile.*\(edited since go-minimal wrote it\)/);
    writeFileSync(path.join(svc, 'Dockerfile'), read(svc, 'Dockerfile').replace(/# mine\n$/, ''));
    assert.deepEqual(treeSnapshot(svc), before);
  });
});

describe('endpoint --remove and restore', () => {
  it('removes handler, test, route and stored answer; an edited handler is a conflict unless --force', async () => {
    const { result, dir } = await project({ framework: 'gin' });
    await runEndpoint(result, dir, ['greet']).run();
    await runEndpoint(result, dir, ['ping'], { path: '/v1/ping', method: 'post' }).run();
    await runEndpoint(result, dir, ['greet'], { remove: true }).run();
    assert.ok(!existsSync(path.join(dir, 'pkg/server/endpoint_greet.go')));
    assert.ok(!existsSync(path.join(dir, 'pkg/server/endpoint_greet_test.go')));
    assert.doesNotMatch(read(dir, 'pkg/server/routes_gen.go'), /handleGreet/);
    assert.deepEqual(rc(dir).endpoints, [{ name: 'ping', path: '/v1/ping', method: 'POST' }]);
    assert.equal(rc(dir).generated['pkg/server/endpoint_greet.go'], undefined, 'hash dropped');
    writeFileSync(path.join(dir, 'pkg/server/endpoint_ping.go'), `${read(dir, 'pkg/server/endpoint_ping.go')}// mine\n`);
    const before = treeSnapshot(dir);
    await assert.rejects(runEndpoint(result, dir, ['ping'], { remove: true }).run(), /endpoint_ping\.go \(would be deleted\)/);
    assert.deepEqual(treeSnapshot(dir), before);
    await runEndpoint(result, dir, ['ping'], { remove: true, force: true }).run();
    assert.deepEqual(rc(dir).endpoints, []);
    assert.ok(!existsSync(path.join(dir, 'pkg/server/endpoint_ping.go')));
    await assert.rejects(runEndpoint(result, dir, ['nope'], { remove: true }).run(), /there is no endpoint "nope" to remove/);
  });

  it('re-running endpoint NAME restores a deleted handler (with the recorded path and method)', async () => {
    const { result, dir } = await project();
    await runEndpoint(result, dir, ['ping'], { path: '/v1/ping', method: 'delete' }).run();
    const handler = read(dir, 'pkg/server/endpoint_ping.go');
    rmSync(path.join(dir, 'pkg/server/endpoint_ping.go'));
    await runEndpoint(result, dir, ['ping']).run();
    assert.equal(read(dir, 'pkg/server/endpoint_ping.go'), handler);
    assert.deepEqual(rc(dir).endpoints, [{ name: 'ping', path: '/v1/ping', method: 'DELETE' }]);
  });
});

describe('switching framework or Lua engine', () => {
  it('a framework switch keeps an edited handler as it is (adapters live in routes_gen.go)', async () => {
    const { result, dir } = await project({ framework: 'nethttp', lua: 'none' });
    await runEndpoint(result, dir, ['greet']).run();
    const edited = `${read(dir, 'pkg/server/endpoint_greet.go')}// team edit\n`;
    writeFileSync(path.join(dir, 'pkg/server/endpoint_greet.go'), edited);
    await runAppAgain(result, dir, { framework: 'gin' }).run();
    assert.equal(read(dir, 'pkg/server/endpoint_greet.go'), edited, 'no conflict, no --force, the edit kept');
    assert.match(read(dir, 'pkg/server/routes_gen.go'), /handleGreet\(c \*gin\.Context\)/);
  });

  it('nethttp -> gin with --force re-renders routes and handlers for gin; --lua none deletes the Lua files', async () => {
    const { result, dir } = await project({ framework: 'nethttp', lua: 'gopher' });
    await runEndpoint(result, dir, ['greet']).run();
    await runAppAgain(result, dir, { framework: 'gin', lua: 'none', force: true }).run();
    assert.match(read(dir, 'pkg/server/routes.go'), /gin/);
    assert.doesNotMatch(read(dir, 'pkg/server/routes.go'), /mux\.HandleFunc/);
    assert.match(read(dir, 'pkg/server/routes_gen.go'), /r\.Handle\("GET", "\/greet", s\.handleGreet\)/);
    assert.match(read(dir, 'pkg/server/routes_gen.go'), /func \(s \*Server\) handleGreet\(c \*gin\.Context\)/);
    assert.doesNotMatch(read(dir, 'pkg/server/endpoint_greet.go'), /gin/, 'the handler file is framework-agnostic');
    for (const f of ['pkg/luarun/luarun.go', 'pkg/luarun/luarun_test.go', 'scripts/scripts.go', 'scripts/hello.lua']) {
      assert.ok(!existsSync(path.join(dir, f)), `${f} deleted`);
      assert.equal(rc(dir).generated[f], undefined);
    }
    assert.ok(!existsSync(path.join(dir, 'pkg/luarun')), 'empty folder removed');
    assert.equal(rc(dir).framework, 'gin');
  });

  it('an image switch keeps an unedited README ours: a later framework switch without --force is not refused (found by test/go/sequences, seed 7)', async () => {
    const { result, dir } = await project();
    await runImage(result, dir, ['distroless']).run();
    assert.match(read(dir, 'README.md'), /## Container image: `distroless`/);
    assert.equal(rc(dir).generated['README.md'], sha256(read(dir, 'README.md')), 'README.md hash follows the refreshed image section');
    await runAppAgain(result, dir, { framework: 'gin' }).run();
    assert.equal(rc(dir).framework, 'gin');
  });

  it('an image switch on a README the user edited refreshes the section and leaves it the user\'s', async () => {
    const { result, dir } = await project();
    writeFileSync(path.join(dir, 'README.md'), `${read(dir, 'README.md')}\n## Our notes\n`);
    await runImage(result, dir, ['distroless']).run();
    assert.match(read(dir, 'README.md'), /## Our notes/);
    assert.notEqual(rc(dir).generated['README.md'], sha256(read(dir, 'README.md')), 'still an edit of the user');
    const before = treeSnapshot(dir);
    await assert.rejects(runAppAgain(result, dir, { framework: 'gin' }).run(), /README\.md/);
    assert.deepEqual(treeSnapshot(dir), before);
  });

  it('an edited file the new choice no longer generates is a conflict', async () => {
    const { result, dir } = await project({ lua: 'gopher' });
    writeFileSync(path.join(dir, 'scripts/hello.lua'), '-- mine\n');
    const before = treeSnapshot(dir);
    await assert.rejects(runAppAgain(result, dir, { lua: 'none' }).run(), /scripts\/hello\.lua \(would be deleted\)/);
    assert.deepEqual(treeSnapshot(dir), before);
  });
});

// ---- Property: random sequences of operations keep the project consistent.

type Op =
  | { kind: 'add'; name: string; path: string; force: boolean }
  | { kind: 'remove'; name: string; force: boolean }
  | { kind: 'image'; target: string; force: boolean }
  | { kind: 'app'; framework: string; lua: string; force: boolean }
  | { kind: 'edit'; file: string };

const names = ['greet', 'ping', 'user-profile'];
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), name: fc.constantFrom(...names), path: fc.constantFrom('/greet', '/v1/ping', '/x'), force: fc.boolean() }),
  fc.record({ kind: fc.constant('remove' as const), name: fc.constantFrom(...names), force: fc.boolean() }),
  fc.record({ kind: fc.constant('image' as const), target: fc.constantFrom('scratch', 'distroless', 'alpine'), force: fc.boolean() }),
  fc.record({ kind: fc.constant('app' as const), framework: fc.constantFrom(...frameworkNames), lua: fc.constantFrom('none', 'gopher'), force: fc.boolean() }),
  fc.record({ kind: fc.constant('edit' as const), file: fc.constantFrom('compose.yaml', 'Dockerfile', 'pkg/server/routes_gen.go', 'pkg/server/endpoint_greet.go', 'main.go') }),
);

/** What the generator renders for a stored config, for the files it owns (Go gofmt-ed). */
function expected(cfg: StoredConfig): Map<string, string> {
  const ctx = buildContext(cfg);
  const out = renderFiles([...imageFiles(ctx), ...deploymentFiles(ctx), ...endpointFiles(ctx, undefined)], ctx);
  for (const ep of ctx.customEndpoints) {
    for (const [f, c] of renderFiles(endpointFiles(ctx, ep.name).slice(1), { ...ctx, endpoint: ep })) out.set(f, c);
  }
  return new Map([...out].map(([f, c]) => [f, f.endsWith('.go') ? gofmt(c, f) : c]));
}

function checkInvariants(dir: string, userEdited: Set<string>): void {
  const parsed = parseStored(read(dir, '.yo-rc.json'));
  assert.ok(!('error' in parsed), 'error' in parsed ? parsed.error : '');
  const cfg = parsed.config;
  // files we still consider ours agree with .yo-rc.json (Dockerfile, compose, k8s, CI, routes, handlers)
  for (const [f, contents] of expected(cfg)) {
    assert.ok(existsSync(path.join(dir, f)), `${f} exists`);
    if (!userEdited.has(f)) assert.equal(read(dir, f), contents, `${f} agrees with .yo-rc.json`);
  }
  // every recorded hash names a file on disk
  for (const f of Object.keys(cfg.generated ?? {})) assert.ok(existsSync(path.join(dir, f)), `hash of a missing file ${f}`);
  // no orphans: handlers only for stored endpoints, Lua files only with Lua, compose only when chosen
  const stems = new Set(cfg.endpoints.map((e) => goFileStem(e.name)));
  for (const n of names) {
    const [h] = handlerFiles(n);
    assert.equal(existsSync(path.join(dir, h!)), stems.has(goFileStem(n)), `${h} present iff stored`);
  }
  assert.equal(existsSync(path.join(dir, 'pkg/luarun/luarun.go')), cfg.lua !== 'none', 'Lua files iff lua');
  assert.equal(existsSync(path.join(dir, 'compose.yaml')), Boolean(cfg.compose));
}

describe('property: random sequences of operations', () => {
  it('keep .yo-rc.json, the Dockerfile, compose, k8s, routes and handlers consistent; a refused step changes nothing', async () => {
    const seen = { applied: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 8 }), async (ops) => {
        const { result, dir } = await project({ compose: true, k8s: true });
        const userEdited = new Set<string>();
        for (const op of ops) {
          const before = treeSnapshot(dir);
          if (op.kind === 'edit') {
            if (!existsSync(path.join(dir, op.file))) continue;
            writeFileSync(path.join(dir, op.file), `${read(dir, op.file)}${op.file.endsWith('.go') ? '//' : '#'} user edit\n`);
            userEdited.add(op.file);
            continue;
          }
          const ctx =
            op.kind === 'add' ? runEndpoint(result, dir, [op.name], { path: op.path, force: op.force })
            : op.kind === 'remove' ? runEndpoint(result, dir, [op.name], { remove: true, force: op.force })
            : op.kind === 'image' ? runImage(result, dir, [op.target], { force: op.force })
            : runAppAgain(result, dir, { framework: op.framework, lua: op.lua, force: op.force, compose: true, k8s: true });
          let refused: unknown;
          try {
            await ctx.run();
          } catch (error) {
            refused = error;
          }
          seen[refused ? 'refused' : 'applied']++;
          if (refused) {
            assert.deepEqual(treeSnapshot(dir), before, `refused step ${JSON.stringify(op)} changed nothing`);
            if (/changed since go-minimal wrote them/.test(String(refused))) assert.equal(op.force, false, 'only a run without --force meets a conflict');
          } else {
            // files the step wrote are ours again
            const generated = rc(dir).generated as Record<string, string>;
            for (const f of [...userEdited]) {
              if (!existsSync(path.join(dir, f)) || generated[f] === sha256(read(dir, f))) userEdited.delete(f);
            }
          }
          checkInvariants(dir, userEdited);
        }
      }),
      { numRuns: 15 },
    );
    // not vacuous: the sequences both changed projects and met refusals
    assert.ok(seen.applied > 10 && seen.refused > 3, JSON.stringify(seen));
  });
});
