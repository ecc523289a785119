// yeoman-test runs of the app generator: file sets, key contents, .yo-rc.json, bad input.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import helpers from 'yeoman-test';
import { appGenerator, runApp } from '../support/yeoman.js';
import { frameworkNames, frameworks } from '../../generators/lib/catalogue.js';

const app = appGenerator;
const run = runApp;

const commonFiles = [
  'go.mod', 'main.go', 'README.md', 'Makefile', '.gitignore', '.dockerignore', 'Dockerfile', '.yo-rc.json',
  'pkg/clock/clock.go', 'pkg/ipecho/ipecho.go', 'pkg/server/server.go', 'pkg/server/routes.go', 'pkg/server/server_test.go',
];
const luaFiles = ['pkg/luarun/luarun.go', 'pkg/luarun/luarun_test.go', 'scripts/hello.lua', 'scripts/scripts.go'];

for (const framework of frameworkNames) {
  for (const lua of ['none', 'gopher']) {
    describe(`app generator: ${framework} × lua ${lua}`, () => {
      it('writes the expected files with the chosen framework and no HTML escaping', async () => {
        const result = await run({ framework, lua, module: 'example.com/acme/svc', port: '9090' });
        const p = (f: string) => path.join('svc', f);
        result.assertFile(commonFiles.map(p));
        if (lua === 'none') result.assertNoFile(luaFiles.map(p));
        else result.assertFile(luaFiles.map(p));

        result.assertFileContent(p('go.mod'), /^module example\.com\/acme\/svc$/m);
        result.assertFileContent(p('go.mod'), /^go 1\.\d+\.\d+$/m);
        const routes = readFileSync(path.join(result.cwd, p('pkg/server/routes.go')), 'utf8');
        if (framework === 'gin') {
          assert.match(routes, /gin\.SetMode\(gin\.ReleaseMode\)/);
          assert.match(routes, /SetTrustedProxies\(/);
          assert.doesNotMatch(routes, /gin\.Default\(\)|\.Run\(/);
        } else {
          assert.doesNotMatch(routes, /gin-gonic|gin\./);
        }
        // each framework's modules are in go.mod exactly when it is the chosen one
        const gomod = readFileSync(path.join(result.cwd, p('go.mod')), 'utf8');
        for (const f of frameworkNames) for (const r of frameworks[f].requires) assert.equal(gomod.includes(r.path), f === framework, `${r.path} in go.mod`);
        if (lua === 'gopher') result.assertFileContent(p('go.mod'), /github\.com\/yuin\/gopher-lua/);
        else result.assertNoFileContent(p('go.mod'), /gopher-lua/);
        result.assertFileContent(p('pkg/config/config.go'), /9090/);
        result.assertFileContent(p('Dockerfile'), /EXPOSE 9090/);
        result.assertFileContent(p('main.go'), /_ "time\/tzdata"/);
        result.assertFileContent(p('main.go'), /_ "golang\.org\/x\/crypto\/x509roots\/fallback"/);
        // core packages stay framework-agnostic
        for (const f of ['pkg/clock/clock.go', 'pkg/ipecho/ipecho.go']) result.assertNoFileContent(p(f), /gin-gonic|http\.Handler|ResponseWriter/);
        // ejs escaping must never leak into Go
        for (const f of commonFiles.filter((f) => f !== '.yo-rc.json')) result.assertNoFileContent(p(f), /&#3[49];|&quot;|&lt;|&gt;|&amp;/);
        result.assertJsonFileContent(p('.yo-rc.json'), {
          'generator-go-minimal': { name: 'svc', module: 'example.com/acme/svc', framework, lua, port: 9090, target: 'scratch', upx: false, endpoints: [] },
        });
      });
    });
  }
}

describe('app generator: defaults and install', () => {
  it('--defaults answers everything without prompts', async () => {
    const result = await helpers.run(app, { namespace: 'go-minimal:app' }).withOptions({ defaults: true, skipInstall: true } as never);
    result.assertFile('hello/go.mod');
    result.assertJsonFileContent('hello/.yo-rc.json', {
      'generator-go-minimal': { name: 'hello', module: 'example.com/hello', framework: 'nethttp', lua: 'none', port: 8080, target: 'scratch' },
    });
  });

  it('prompts for what no flag gave and stores the answers', async () => {
    const result = await helpers
      .run(app, { namespace: 'go-minimal:app' })
      .withOptions({ skipInstall: true, framework: 'gin' } as never)
      .withAnswers({ name: 'asked', module: 'example.org/asked', goVersion: '1.26', lua: 'gopher', port: '7070', target: 'distroless', upx: false }, { throwOnMissingAnswer: true });
    result.assertJsonFileContent('asked/.yo-rc.json', {
      'generator-go-minimal': { name: 'asked', module: 'example.org/asked', framework: 'gin', lua: 'gopher', port: 7070, target: 'distroless' },
    });
    result.assertFileContent('asked/Dockerfile', /distroless\/static-debian13:nonroot/);
  });

  it('runs go mod tidy when go is present, and never gofmt -w over the tree (generated Go is formatted before writing; user files are not touched)', async () => {
    const result = await run({ skipInstall: false }).withSpawnMock();
    const calls = result.getSpawnArgsUsingDefaultImplementation().map((c: unknown[]) => [c[1], c[2]]);
    assert.deepEqual(calls[0], ['go', ['mod', 'tidy']]);
    assert.ok(!calls.some((c) => c[0] === 'gofmt'), JSON.stringify(calls));
  });

  it('explains and skips install when go is missing', async () => {
    const result = await run({ skipInstall: false, goBinary: '/nonexistent/go', git: false }).withSpawnMock();
    assert.equal(result.getSpawnArgsUsingDefaultImplementation().length, 0);
    result.assertFile('svc/go.mod');
  });
});

describe('app generator: bad input writes nothing', () => {
  const badCases: [string, Record<string, unknown>, string[], RegExp][] = [
    ['module path', { module: 'example.com//x' }, ['svc'], /malformed module path "example.com\/\/x": double slash/],
    ['port', { port: '70000' }, ['svc'], /port 70000 is out of range \(accepted: 1-65535\)/],
    ['framework', { framework: 'echo' }, ['svc'], /framework "echo" is not known \(accepted: nethttp, gin, chi\)/],
    ['target', { target: 'ubuntu' }, ['svc'], /target "ubuntu" is not known/],
    ['go version', { goVersion: '1.19' }, ['svc'], /too old/],
    ['unreleased go version', { goVersion: '1.27' }, ['svc'], /Go 1\.27 is not a release/],
    ['name given twice', { name: 'other' }, ['svc'], /project name given twice with different values: "svc" \(argument\) and --name "other"/],
    ['name', {}, ['../escape'], /contains "\.\."/],
  ];
  for (const [what, opts, args, re] of badCases) {
    it(`refuses a bad ${what}`, async () => {
      const ctx = run(opts, args);
      await assert.rejects(ctx.run(), re);
      const dir = ctx.targetDirectory!;
      assert.deepEqual(readdirSync(dir), [], `nothing written in ${dir}`);
    });
  }

  it('refuses to run inside a generated project (nothing nested, nothing changed)', async () => {
    const rc = JSON.stringify({ 'generator-go-minimal': { name: 'outer', module: 'example.com/outer', framework: 'nethttp', lua: 'none', port: 8080, target: 'scratch', endpoints: [] } });
    for (const force of [false, true]) {
      const ctx = run({ force }).withFiles({ '.yo-rc.json': rc }).commitFiles();
      await assert.rejects(ctx.run(), /is already a go-minimal project: change it with "go-minimal endpoint" or "go-minimal image"/);
      assert.deepEqual(readdirSync(ctx.targetDirectory!), ['.yo-rc.json'], 'nothing written');
      assert.equal(readFileSync(path.join(ctx.targetDirectory!, '.yo-rc.json'), 'utf8'), rc, '.yo-rc.json unchanged');
    }
  });

  it('refuses a non-empty directory without --force and accepts it with --force', async () => {
    const ctx = run({ force: false }).withFiles({ 'svc/keep.txt': 'mine' }).commitFiles();
    await assert.rejects(ctx.run(), /directory "svc" already exists and is not empty \(use --force/);
    assert.ok(!existsSync(path.join(ctx.targetDirectory!, 'svc/go.mod')));
    const forced = await run({ force: true }).withFiles({ 'svc/keep.txt': 'mine' }).commitFiles();
    forced.assertFile(['svc/go.mod', 'svc/keep.txt']);
  });
});
