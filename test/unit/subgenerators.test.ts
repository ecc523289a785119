// yeoman-test runs of the endpoint and image sub-generators against a generated project:
// file sets, route table, idempotency, refusals that write nothing, conflicts, subdirectories.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import helpers, { type RunResult } from 'yeoman-test';
import { planEndpoint } from '../../generators/endpoint/files.js';
import { readmeImageMarkers, replaceMarkedRegion } from '../../generators/lib/project.js';
import { validateEndpointName, validateEndpointPath, validateHttpMethod } from '../../generators/lib/validators.js';
import { generatorPath } from '../support/paths.js';
import { frameworkNames, type Framework } from '../../generators/lib/catalogue.js';

const app = generatorPath('app');
const endpoint = generatorPath('endpoint');
const image = generatorPath('image');

async function project(framework: string, lua = 'none'): Promise<{ result: RunResult; dir: string }> {
  const result = await helpers
    .run(app, { namespace: 'go-minimal:app' })
    .withArguments(['svc'])
    .withOptions({ defaults: true, skipInstall: true, framework, lua } as never);
  return { result, dir: path.join(result.cwd, 'svc') };
}

const runEndpoint = (result: RunResult, cwd: string, args: string[], options: Record<string, unknown> = {}, envOptions: Record<string, unknown> = {}) =>
  result
    .create(endpoint, { namespace: 'go-minimal:endpoint', cwd }, envOptions)
    .withArguments(args)
    .withOptions({ defaults: true, skipInstall: true, ...options } as never);

const runImage = (result: RunResult, cwd: string, args: string[], options: Record<string, unknown> = {}, envOptions: Record<string, unknown> = {}) =>
  result
    .create(image, { namespace: 'go-minimal:image', cwd }, envOptions)
    .withArguments(args)
    .withOptions({ defaults: true, skipInstall: true, ...options } as never);

const read = (dir: string, f: string) => readFileSync(path.join(dir, f), 'utf8');
const rc = (dir: string) => JSON.parse(read(dir, '.yo-rc.json'))['generator-go-minimal'];

describe('endpoint validation (pure)', () => {
  it('accepts good names, paths and methods', () => {
    for (const n of ['greet', 'user-profile', 'v2-items', 'a1']) assert.equal(validateEndpointName(n), true, n);
    for (const p of ['/greet', '/v1/user-profile', '/a.b_c~d']) assert.equal(validateEndpointPath(p), true, p);
    for (const m of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']) assert.equal(validateHttpMethod(m), true, m);
  });
  const badNames: [string, RegExp][] = [
    ['time', /reserved: the service already has \/time/],
    ['healthz', /reserved/],
    ['ip', /reserved/],
    ['func', /Go keyword/],
    ['Greet', /not valid/],
    ['user_profile', /not valid/],
    ['9lives', /not valid/],
    ['greet-', /not valid/],
    ['', /empty/],
    ['load-test', /test file/],
    ['linux', /endpoint_linux\.go built only for linux/],
    ['serve-amd64', /built only for amd64/],
    ['x-windows-arm64', /built only for windows\/arm64/],
    ['x-plan9-test', /built only for plan9/],
    ['x-riscv-test', /built only for riscv/],
  ];
  for (const [n, re] of badNames) it(`refuses name ${JSON.stringify(n)}`, () => assert.match(String(validateEndpointName(n)), re));
  it('refuses bad paths and methods', () => {
    assert.match(String(validateEndpointPath('greet')), /not valid/);
    assert.match(String(validateEndpointPath('/a/../b')), /"\.\."/);
    assert.match(String(validateEndpointPath('/time/x')), /clashes with the built-in \/time/);
    assert.match(String(validateEndpointPath('/a b')), /not valid/);
    assert.match(String(validateHttpMethod('TRACE')), /accepted: GET, POST, PUT, DELETE, PATCH/);
  });
  it('plans idempotent re-runs and refuses duplicates', () => {
    const existing = [{ name: 'greet', path: '/greet', method: 'GET' as const }];
    assert.deepEqual(planEndpoint(existing, { name: 'greet', path: '/greet', method: 'GET' }), { unchanged: true });
    assert.match(planEndpoint(existing, { name: 'greet', path: '/hello', method: 'GET' }).error!, /already exists as GET \/greet/);
    assert.match(planEndpoint(existing, { name: 'hello', path: '/greet', method: 'GET' }).error!, /GET \/greet is already served by endpoint "greet"/);
    // another method on the same path is another endpoint
    assert.deepEqual(planEndpoint(existing, { name: 'hello', path: '/greet', method: 'POST' }), { unchanged: false });
    assert.deepEqual(planEndpoint(existing, { name: 'hello', path: '/hello', method: 'POST' }), { unchanged: false });
  });
});

// How each framework's adapter (catalogue.ts) registers GET /greet and POST /user-profile: one
// entry per catalogue framework (the type makes a missing one a compile error).
const registration: Record<Framework, RegExp[]> = {
  gin: [/r\.Handle\("GET", "\/greet", s\.handleGreet\)/, /r\.Handle\("POST", "\/user-profile", s\.handleUserProfile\)/, /func \(s \*Server\) handleGreet\(c \*gin\.Context\)/],
  nethttp: [/mux\.HandleFunc\("GET \/greet", s\.handleGreet\)/, /mux\.HandleFunc\("POST \/user-profile", s\.handleUserProfile\)/, /func \(s \*Server\) handleGreet\(w http\.ResponseWriter, r \*http\.Request\)/],
  chi: [/r\.MethodFunc\("GET", "\/greet", s\.handleGreet\)/, /r\.MethodFunc\("POST", "\/user-profile", s\.handleUserProfile\)/, /func \(s \*Server\) handleGreet\(w http\.ResponseWriter, r \*http\.Request\)/],
};

for (const framework of frameworkNames) {
  describe(`endpoint sub-generator (${framework})`, () => {
    it('adds handler, test and route, records it, and is idempotent', async () => {
      const { result, dir } = await project(framework, 'gopher');
      await runEndpoint(result, dir, ['greet']).run();
      await runEndpoint(result, dir, ['user-profile'], { method: 'post' }).run();
      const routes = read(dir, 'pkg/server/routes_gen.go');
      assert.match(routes, /^\/\/ Code generated by go-minimal\. DO NOT EDIT\.$/m);
      for (const re of registration[framework]) assert.match(routes, re);
      assert.match(read(dir, 'pkg/server/endpoint_user_profile_test.go'), /func TestEndpointUserProfile\(t \*testing\.T\)/);
      assert.match(read(dir, 'pkg/server/endpoint_user_profile.go'), /DecodeJSONObject\(contentType, body, &received\)/);
      // the OpenAPI description is re-rendered with the route table
      const spec = read(dir, 'api/openapi.yaml');
      assert.match(spec, /^  "\/greet":\n    get:\n/m);
      assert.match(spec, /^  "\/user-profile":\n    post:\n/m);
      assert.deepEqual(rc(dir).endpoints, [
        { name: 'greet', path: '/greet', method: 'GET' },
        { name: 'user-profile', path: '/user-profile', method: 'POST' },
      ]);

      const before = ['pkg/server/routes_gen.go', 'pkg/server/endpoint_greet.go', '.yo-rc.json'].map((f) => [read(dir, f), statSync(path.join(dir, f)).mtimeMs]);
      await runEndpoint(result, dir, ['greet']).run();
      const afterRun = ['pkg/server/routes_gen.go', 'pkg/server/endpoint_greet.go', '.yo-rc.json'].map((f) => [read(dir, f), statSync(path.join(dir, f)).mtimeMs]);
      assert.deepEqual(afterRun, before, 'a second identical run changes nothing (contents and mtimes)');
    });

    it('works from a subdirectory of the project', async () => {
      const { result, dir } = await project(framework);
      await runEndpoint(result, path.join(dir, 'pkg', 'server'), ['ping'], { path: '/v1/ping', method: 'DELETE' }).run();
      assert.match(read(dir, 'pkg/server/routes_gen.go'), /v1\/ping/);
      assert.deepEqual(rc(dir).endpoints, [{ name: 'ping', path: '/v1/ping', method: 'DELETE' }]);
    });
  });
}

describe('endpoint sub-generator and an edited route table', () => {
  it('refuses (non-interactive) or asks once (interactive) and never half-adds an endpoint', async () => {
    const { result, dir } = await project('nethttp');
    const routes = `${read(dir, 'pkg/server/routes_gen.go')}// mine\n`;
    writeFileSync(path.join(dir, 'pkg/server/routes_gen.go'), routes);
    await assert.rejects(runEndpoint(result, dir, ['hi'], { force: false }).run(), /pkg\/server\/routes_gen\.go.*--dry-run.*--force/);
    process.env.GO_MINIMAL_INTERACTIVE = '1';
    try {
      const r = await runEndpoint(result, dir, ['hi'], { force: false, defaults: false }).withAnswers({ overwrite: false });
      assert.equal(r.askedQuestions.filter((q) => q.name === 'overwrite').length, 1, 'one question for the whole change');
    } finally {
      delete process.env.GO_MINIMAL_INTERACTIVE;
    }
    assert.equal(read(dir, 'pkg/server/routes_gen.go'), routes);
    assert.deepEqual(rc(dir).endpoints, [], 'not recorded');
    assert.ok(!existsSync(path.join(dir, 'pkg/server/endpoint_hi.go')), 'no handler');
    assert.ok(!existsSync(path.join(dir, 'pkg/server/endpoint_hi_test.go')), 'no test');
  });

  it('refuses a name whose Go identifier clashes with an existing endpoint', async () => {
    const { result, dir } = await project('nethttp');
    await runEndpoint(result, dir, ['x1']).run();
    await assert.rejects(runEndpoint(result, dir, ['x-1']).run(), /would share Go names with existing endpoint "x1"/);
  });

  it('refuses flags of the app generator and extra arguments', async () => {
    const { result, dir } = await project('nethttp');
    await assert.rejects(runEndpoint(result, dir, ['greet', 'extra']).run(), /unexpected argument "extra"/);
    const ctx = runEndpoint(result, dir, []).withArguments(['greet', '--framework', 'gin']);
    await assert.rejects(ctx.run(), /unknown option --framework/);
    await assert.rejects(runImage(result, dir, []).withArguments(['distroless', '--port', '9090']).run(), /unknown option --port/);
  });
});

describe('endpoint sub-generator refusals write nothing', () => {
  const cases: [string, string[], Record<string, unknown>, RegExp][] = [
    ['a reserved name', ['time'], {}, /reserved/],
    ['a Go keyword', ['type'], {}, /Go keyword/],
    ['an invalid method', ['greet'], { method: 'TRACE' }, /HTTP method "TRACE" is not supported/],
    ['a duplicate method and path', ['hello'], { path: '/greet' }, /GET \/greet is already served by endpoint "greet"/],
    ['a changed duplicate name', ['greet'], { path: '/other' }, /already exists as GET \/greet/],
    ['an unknown flag', ['hello'], { verb: 'GET' }, /unknown option --verb/],
  ];
  for (const [what, args, opts, re] of cases) {
    it(`refuses ${what}`, async () => {
      const { result, dir } = await project('nethttp');
      await runEndpoint(result, dir, ['greet']).run();
      const snapshot = ['pkg/server/routes_gen.go', '.yo-rc.json'].map((f) => read(dir, f));
      const ctx = runEndpoint(result, dir, args, opts);
      if (opts.verb) ctx.withArguments(['--verb', 'GET']);
      await assert.rejects(ctx.run(), re);
      assert.deepEqual(['pkg/server/routes_gen.go', '.yo-rc.json'].map((f) => read(dir, f)), snapshot);
    });
  }

  it('says so outside a generated project', async () => {
    const outside = mkdtempSync(path.join(os.tmpdir(), 'gm-outside-'));
    const { result } = await project('nethttp');
    await assert.rejects(runEndpoint(result, outside, ['greet']).run(), /not inside a go-minimal project/);
    await assert.rejects(runImage(result, outside, ['distroless']).run(), /not inside a go-minimal project/);
  });
});

describe('image sub-generator', () => {
  it('switches the target, keeps everything else and records it', async () => {
    const { result, dir } = await project('gin', 'gopher');
    const main = read(dir, 'main.go');
    await runImage(result, dir, ['distroless']).run();
    assert.match(read(dir, 'Dockerfile'), /^FROM gcr\.io\/distroless\/static-debian13:nonroot$/m);
    assert.equal(rc(dir).target, 'distroless');
    assert.equal(read(dir, 'main.go'), main);
    await runImage(result, path.join(dir, 'pkg'), ['golang']).run();
    assert.match(read(dir, 'Dockerfile'), /^FROM golang:\$\{GO_VERSION\}-trixie$/m);
    assert.equal(rc(dir).target, 'golang');
  });

  it('refreshes the README image section and keeps the rest of the README', async () => {
    const { result, dir } = await project('nethttp');
    writeFileSync(path.join(dir, 'README.md'), `${read(dir, 'README.md')}\n## Our team notes\nkeep me\n`);
    await runImage(result, dir, ['golang'], {}, { force: false });
    const readme = read(dir, 'README.md');
    assert.match(readme, /## Container image: `golang`/);
    assert.match(readme, /\*\*Not for production\.\*\*/);
    assert.doesNotMatch(readme, /## Container image: `scratch`/);
    assert.match(readme, /## Our team notes\nkeep me/);
    await runImage(result, dir, ['scratch'], { upx: true }, { force: false });
    assert.match(read(dir, 'README.md'), /\*\*UPX is on\.\*\*/);
    assert.match(read(dir, 'Dockerfile'), /upx -q --best \/out\/app/);
  });

  it('replaceMarkedRegion swaps only the marked region and refuses missing markers', () => {
    const m = readmeImageMarkers;
    const old = `a\n${m.start} x -->\nold\n${m.end}\nz\n`;
    const fresh = `q\n${m.start} x -->\nnew\n${m.end}\nw\n`;
    assert.equal(replaceMarkedRegion(old, fresh, m.start, m.end), `a\n${m.start} x -->\nnew\n${m.end}\nz\n`);
    assert.equal(replaceMarkedRegion('a\nno markers\n', fresh, m.start, m.end), null);
    assert.equal(replaceMarkedRegion(old + old, fresh, m.start, m.end), null, 'duplicated markers');
    assert.equal(replaceMarkedRegion(old.replace(/\n/g, '\r\n'), fresh, m.start, m.end), `a\n${m.start} x -->\nnew\n${m.end}\nz\n`.replace(/\n/g, '\r\n'));
  });

  it('re-renders the target-dependent deployment files and guards the edited ones', async () => {
    const result = await helpers
      .run(app, { namespace: 'go-minimal:app' })
      .withArguments(['svc'])
      .withOptions({ defaults: true, skipInstall: true, framework: 'nethttp', k8s: true, compose: true, ci: true, git: false } as never);
    const dir = path.join(result.cwd, 'svc');
    const owned = rc(dir).generated;
    for (const f of ['.github/workflows/ci.yml', 'deploy/k8s/deployment.yaml', 'compose.yaml']) assert.ok(owned[f], `${f} hash recorded`);
    writeFileSync(path.join(dir, 'compose.yaml'), `${read(dir, 'compose.yaml')}# mine\n`);
    const before = read(dir, 'deploy/k8s/deployment.yaml');
    // only the edited compose.yaml is named; nothing (not even the unedited k8s file) is written
    await assert.rejects(runImage(result, dir, ['distroless'], { force: false }).run(), /changed since go-minimal wrote them: compose\.yaml;/);
    assert.match(read(dir, 'compose.yaml'), /# mine/);
    assert.equal(read(dir, 'deploy/k8s/deployment.yaml'), before);
    assert.equal(rc(dir).target, 'scratch');
  });

  it('refuses an unknown target with the accepted ones', async () => {
    const { result, dir } = await project('nethttp');
    const before = read(dir, 'Dockerfile');
    await assert.rejects(runImage(result, dir, ['ubuntu']).run(), /target "ubuntu" is not known \(accepted: scratch, distroless, alpine, golang\)/);
    assert.equal(read(dir, 'Dockerfile'), before);
    assert.equal(rc(dir).target, 'scratch');
  });

  it('never overwrites an edited Dockerfile silently: asks, and --force overwrites', async () => {
    const { result, dir } = await project('nethttp');
    const edited = `${read(dir, 'Dockerfile')}\n# my own change\n`;
    writeFileSync(path.join(dir, 'Dockerfile'), edited);
    // interactive: the user answers "no" to the one question for the whole change; a scripted
    // run (target given) is refused instead
    process.env.GO_MINIMAL_INTERACTIVE = '1';
    let skipped: RunResult;
    try {
      await assert.rejects(runImage(result, dir, ['distroless'], { force: false, defaults: false }).run(), /Dockerfile;/);
      // the target is chosen at the prompt (a run with every answer on the command line never asks)
      skipped = await runImage(result, dir, [], { force: false, defaults: false }).withAnswers({ target: 'distroless', overwrite: false });
    } finally {
      delete process.env.GO_MINIMAL_INTERACTIVE;
    }
    assert.equal(read(dir, 'Dockerfile'), edited, 'kept the edited file');
    assert.ok(skipped.askedQuestions.some((q) => q.name === 'overwrite'), 'the question was asked');
    assert.equal(rc(dir).target, 'scratch', 'declined: .yo-rc.json keeps the old target');
    assert.match(read(dir, 'README.md'), /## Container image: `scratch`/, 'declined: the README keeps the old target');
    await runImage(result, dir, ['distroless'], { force: true }).run();
    assert.match(read(dir, 'Dockerfile'), /distroless/);
    assert.doesNotMatch(read(dir, 'Dockerfile'), /my own change/);
    assert.equal(rc(dir).target, 'distroless');
  });

  it('replaces an unedited Dockerfile without asking', async () => {
    const { result, dir } = await project('nethttp');
    const r = await runImage(result, dir, ['distroless'], { force: false });
    assert.ok(!r.askedQuestions.some((q) => q.name === 'overwrite'), 'no conflict question for an unedited generated file');
    assert.match(read(dir, 'Dockerfile'), /distroless/);
  });
});
