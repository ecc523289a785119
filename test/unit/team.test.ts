// Team-starter features of the app generator: presets, git, the GitHub workflow, Kubernetes
// manifests and compose.yaml. Manifests are validated against vendored schemas (the official
// Kubernetes OpenAPI converted to strict JSON Schema, the Compose Specification schema) and the
// restricted Pod Security fields are checked one by one.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import helpers from 'yeoman-test';
import { appFiles } from '../../generators/app/files.js';
import { imageFiles } from '../../generators/image/files.js';
import { buildContext, shutdownTiming, type StoredConfig } from '../../generators/lib/context.js';
import { renderFiles } from '../../generators/lib/render.js';
import { luaCompatibility, targets } from '../../generators/lib/targets.js';
import { cliPath, repoRoot } from '../support/paths.js';
import { appGenerator, runApp } from '../support/yeoman.js';
import { haveTool, hasTool } from '../support/tools.js';
import { frameworkNames, luaEngineNames } from '../../generators/lib/catalogue.js';

const app = appGenerator;
const run = runApp;

type Yaml = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// ---- validators built from the vendored schemas (see test/fixtures/*/README.md)

const k8sDir = path.join(repoRoot, 'test/fixtures/k8s/v1.30.14');
const k8sAjv = new Ajv({ allErrors: true, strict: false });
for (const f of ['_definitions.json', 'deployment-apps-v1.json', 'service-v1.json']) {
  k8sAjv.addSchema(JSON.parse(readFileSync(path.join(k8sDir, f), 'utf8')));
}
const k8sSchemas: Record<string, ValidateFunction> = {
  Deployment: k8sAjv.getSchema('deployment-apps-v1.json')!,
  Service: k8sAjv.getSchema('service-v1.json')!,
};
const composeSchema = new Ajv2020({ allErrors: true, strict: false }).compile(
  JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/compose/compose-spec.json'), 'utf8')),
);

function schemaErrors(v: ValidateFunction, doc: unknown): string {
  return v(doc) ? '' : (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`).join('\n');
}

// ---- rendering without Yeoman, for every target and engine

function cfgOf(over: Partial<StoredConfig>): StoredConfig {
  return { name: 'svc', module: 'example.com/svc', goVersion: '1.26', framework: 'nethttp', lua: 'none', port: 8181, target: 'scratch', upx: false, ci: true, k8s: true, compose: true, git: false, endpoints: [], ...over };
}
function render(cfg: StoredConfig): Map<string, string> {
  const ctx = buildContext(cfg);
  // only what these tests read (the Lua engine templates are not needed here)
  const wanted = new Set(['.github/workflows/ci.yml', 'deploy/k8s/deployment.yaml', 'deploy/k8s/service.yaml', 'compose.yaml', 'pkg/config/config.go', 'Dockerfile', '.gitattributes']);
  return renderFiles([...appFiles(ctx), ...imageFiles(ctx)].filter((f) => wanted.has(f.dest)), ctx);
}
const variants: StoredConfig[] = [];
for (const framework of frameworkNames)
  for (const lua of luaEngineNames)
    for (const t of targets) if (!luaCompatibility(lua, t)) variants.push(cfgOf({ framework, lua, target: t.name }));

/** DefaultShutdownTimeout of the generated pkg/config, in seconds. */
function drainSeconds(configGo: string): number {
  const m = /DefaultDrainPeriod\s*=\s*(\d+) \* time\.Second/.exec(configGo);
  assert.ok(m, 'DefaultDrainPeriod found in config.go');
  return Number(m[1]);
}

function shutdownSeconds(configGo: string): number {
  const m = /DefaultShutdownTimeout\s*=\s*(\d+) \* time\.Second/.exec(configGo);
  assert.ok(m, 'DefaultShutdownTimeout found in config.go');
  return Number(m[1]);
}

describe('Kubernetes manifests', () => {
  for (const cfg of variants) {
    const label = `${cfg.framework} × ${cfg.lua} × ${cfg.target}`;
    it(`are schema-valid and meet the restricted profile: ${label}`, () => {
      const files = render(cfg);
      const ctx = buildContext(cfg);
      const dep: Yaml = parseYaml(files.get('deploy/k8s/deployment.yaml')!);
      const svc: Yaml = parseYaml(files.get('deploy/k8s/service.yaml')!);
      assert.equal(schemaErrors(k8sSchemas.Deployment!, dep), '', 'Deployment against the Kubernetes v1.30 schema');
      assert.equal(schemaErrors(k8sSchemas.Service!, svc), '', 'Service against the Kubernetes v1.30 schema');

      const pod = dep.spec.template.spec;
      const { uid, gid } = ctx.targetInfo.user;
      // restricted Pod Security Standard, field by field
      assert.equal(pod.automountServiceAccountToken, false);
      assert.equal(pod.securityContext.runAsNonRoot, true);
      assert.equal(pod.securityContext.runAsUser, uid);
      assert.equal(pod.securityContext.runAsGroup, gid);
      assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault');
      for (const forbidden of ['hostNetwork', 'hostPID', 'hostIPC']) assert.equal(pod[forbidden], undefined, forbidden);
      for (const v of pod.volumes ?? []) assert.deepEqual(Object.keys(v).filter((k) => k !== 'name'), ['emptyDir'], 'only emptyDir volumes');
      assert.equal(pod.containers.length, 1);
      const c = pod.containers[0];
      const sc = c.securityContext;
      assert.equal(sc.runAsNonRoot, true);
      assert.equal(sc.runAsUser, uid, 'numeric uid of the image');
      assert.equal(sc.runAsGroup, gid, 'numeric gid of the image');
      assert.equal(sc.allowPrivilegeEscalation, false);
      assert.equal(sc.privileged, false);
      assert.equal(sc.readOnlyRootFilesystem, true);
      assert.deepEqual(sc.capabilities, { drop: ['ALL'] });
      assert.equal(sc.seccompProfile.type, 'RuntimeDefault');
      // the image's own USER line agrees
      assert.match(files.get('Dockerfile')!, new RegExp(`^USER ${uid}:${gid}$`, 'm'));

      // probes, port, shutdown timing
      assert.equal(c.ports[0].containerPort, cfg.port);
      assert.equal(c.ports[0].name, 'http');
      assert.deepEqual(c.livenessProbe.httpGet, { path: '/healthz', port: 'http' });
      assert.deepEqual(c.readinessProbe.httpGet, { path: '/readyz', port: 'http' });
      const preStop = c.lifecycle.preStop.sleep.seconds;
      assert.ok(preStop > 0, 'preStop sleep');
      const shutdown = shutdownSeconds(files.get('pkg/config/config.go')!);
      assert.equal(shutdown, shutdownTiming.shutdownTimeoutSeconds);
      const drain = drainSeconds(files.get('pkg/config/config.go')!);
      assert.equal(drain, shutdownTiming.drainPeriodSeconds);
      // Docker stops with SIGKILL 10 s after SIGTERM by default: drain + shutdown must fit
      assert.ok(drain + shutdown < 10, `drain ${drain}s + shutdown ${shutdown}s < Docker's 10 s stop timeout`);
      assert.ok(pod.terminationGracePeriodSeconds > preStop + drain + shutdown, `grace ${pod.terminationGracePeriodSeconds}s > preStop ${preStop}s + drain ${drain}s + shutdown ${shutdown}s`);
      const env = Object.fromEntries(c.env.map((e: Yaml) => [e.name, e.value]));
      assert.equal(env.PORT, String(cfg.port));
      assert.equal(env.SHUTDOWN_TIMEOUT, `${shutdown}s`);
      assert.equal(env.DRAIN_PERIOD, `${drain}s`);
      for (const k of ['requests', 'limits']) for (const r of ['cpu', 'memory']) assert.ok(c.resources[k][r], `resources.${k}.${r}`);

      // the Service reaches the pods
      assert.deepEqual(svc.spec.selector, dep.spec.template.metadata.labels);
      assert.deepEqual(dep.spec.selector.matchLabels, dep.spec.template.metadata.labels);
      assert.equal(svc.spec.ports[0].targetPort, 'http');
    });
  }

  it('the schema check is real: misspelt fields, bad quantities and wrong types are refused', () => {
    const dep: Yaml = parseYaml(render(cfgOf({})).get('deploy/k8s/deployment.yaml')!);
    const c = dep.spec.template.spec.containers[0];
    c.securityContext.readOnlyRootFileSystem = true; // capital S
    c.resources.limits.memory = '128MB';
    c.lifecycle.preStop.sleep.seconds = '5';
    const errors = schemaErrors(k8sSchemas.Deployment!, dep);
    assert.match(errors, /readOnlyRootFileSystem/);
    assert.match(errors, /limits\/memory/);
    assert.match(errors, /sleep\/seconds must be integer/);
  });

  it('names that are not DNS labels become valid object names', () => {
    const dep: Yaml = parseYaml(render(cfgOf({ name: 'My_Svc.2' })).get('deploy/k8s/deployment.yaml')!);
    assert.equal(dep.metadata.name, 'my-svc-2');
    assert.equal(parseYaml(render(cfgOf({ name: '9lives' })).get('deploy/k8s/service.yaml')!).metadata.name, 'svc-9lives');
  });
});

describe('compose.yaml', () => {
  for (const cfg of variants.filter((v) => v.framework === 'nethttp')) {
    it(`is valid against the Compose Specification and hardened: ${cfg.lua} × ${cfg.target}`, () => {
      const files = render(cfg);
      const doc: Yaml = parseYaml(files.get('compose.yaml')!);
      assert.equal(schemaErrors(composeSchema, doc), '', 'compose-spec.json');
      const s = doc.services.svc;
      const { uid, gid } = buildContext(cfg).targetInfo.user;
      assert.equal(s.read_only, true);
      assert.deepEqual(s.cap_drop, ['ALL']);
      assert.deepEqual(s.security_opt, ['no-new-privileges:true']);
      assert.equal(s.user, `${uid}:${gid}`);
      assert.deepEqual(s.healthcheck.test, ['CMD', '/app', 'healthcheck']);
      assert.match(files.get('Dockerfile')!, /ENTRYPOINT \["\/app"\]/, 'the healthcheck runs the image binary');
      assert.deepEqual(s.ports, [`127.0.0.1:${cfg.port}:${cfg.port}`]);
      const cfgGo = files.get('pkg/config/config.go')!;
      assert.ok(Number(/^(\d+)s$/.exec(s.stop_grace_period)![1]) > drainSeconds(cfgGo) + shutdownSeconds(cfgGo));
      assert.equal(s.build.context, '.');
    });
  }

  it('the schema check is real: unknown service keys are refused', () => {
    const doc: Yaml = parseYaml(render(cfgOf({})).get('compose.yaml')!);
    doc.services.svc.read_onlyy = true;
    assert.match(schemaErrors(composeSchema, doc), /read_onlyy/);
  });

  it('Debian\'s docker-compose (v1.29) accepts it: docker-compose config', (t) => {
    if (!haveTool(t, hasTool('docker-compose', ['version']), 'docker-compose', 'apt-get install docker-compose')) return;
    for (const cfg of [cfgOf({}), cfgOf({ target: 'distroless', framework: 'gin', lua: 'gopher', port: 9000 })]) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'gm-compose-'));
      writeFileSync(path.join(dir, 'compose.yaml'), render(cfg).get('compose.yaml')!);
      const r = spawnSync('docker-compose', ['-f', 'compose.yaml', 'config', '-q'], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 0, `docker-compose config:\n${r.stdout}${r.stderr}`);
      writeFileSync(path.join(dir, 'compose.yaml'), render(cfg).get('compose.yaml')!.replace('read_only:', 'read_onlyy:'));
      const bad = spawnSync('docker-compose', ['-f', 'compose.yaml', 'config', '-q'], { cwd: dir, encoding: 'utf8' });
      assert.notEqual(bad.status, 0, 'docker-compose config refuses an unknown key');
    }
  });
});

describe('GitHub workflow', () => {
  for (const cfg of variants.filter((v) => v.target === 'scratch' || v.target === 'golang')) {
    const label = `${cfg.framework} × ${cfg.lua} × ${cfg.target}`;
    it(`runs vet, test -race, golangci-lint and a cached BuildKit build: ${label}`, () => {
      const files = render(cfg);
      const text = files.get('.github/workflows/ci.yml')!;
      const wf: Yaml = parseYaml(text);
      const ctx = buildContext(cfg);
      assert.deepEqual(wf.permissions, { contents: 'read' });
      const steps = (job: string): Yaml[] => wf.jobs[job].steps;
      const uses = (job: string) => steps(job).map((s) => s.uses).filter(Boolean) as string[];
      for (const u of [...uses('go'), ...uses('image')]) assert.match(u, /^[\w.-]+\/[\w.-]+@v\d+$/, `${u} pinned by major tag`);

      const go = steps('go');
      const runs = go.map((s) => s.run ?? '').join('\n');
      // the build plan's host build tags (the ones the Makefile uses)
      assert.ok(runs.split('\n').includes(`go vet${ctx.build.local.tagsArg} ./...`), `go vet with the plan's tags: ${runs}`);
      assert.ok(runs.split('\n').includes(`go test -race -count=1${ctx.build.local.tagsArg} ./...`), `go test with the plan's tags: ${runs}`);
      assert.match(runs, /^go mod tidy -diff$/m);
      const setupGo = go.find((s) => String(s.uses).startsWith('actions/setup-go@'))!;
      assert.equal(setupGo.with['go-version'], `${ctx.goMinor}.x`);
      assert.equal(setupGo.with.cache, true, 'module and build cache');
      const lint = go.find((s) => String(s.uses).startsWith('golangci/golangci-lint-action@'))!;
      assert.match(lint.with.version, /^v2\.\d+\.\d+$/);
      if (ctx.build.image.cgo) assert.match(runs, /liblua5\.1-0-dev/);

      const image = steps('image');
      assert.ok(uses('image').some((u) => u.startsWith('docker/setup-buildx-action@')));
      assert.ok(!/setup-qemu-action|binfmt/.test(text), 'no emulation');
      const builds = image.filter((s) => String(s.uses).startsWith('docker/build-push-action@'));
      const testStage = builds.find((s) => s.with.target === 'test');
      assert.ok(testStage, 'the test stage is built');
      const release = builds.find((s) => s.with.platforms);
      assert.ok(release, 'the release image is built');
      for (const b of builds) {
        assert.match(b.with['cache-from'], /^type=gha/);
        assert.match(b.with['cache-to'], /^type=gha.*mode=max/);
        assert.equal(b.with.context, '.');
      }
      if (ctx.build.crossCompiles) {
        assert.equal(release.with.platforms, 'linux/amd64,linux/arm64');
        assert.match(files.get('Dockerfile')!, /FROM --platform=\$BUILDPLATFORM /, 'cross-compiles in the builder stage');
        assert.match(files.get('Dockerfile')!, /GOOS=\$TARGETOS GOARCH=\$TARGETARCH go build/);
      } else {
        assert.equal(release.with.platforms, 'linux/amd64');
        assert.match(text, /golua engine links C Lua through cgo/, 'says why arm64 is not built');
      }
      // the Dockerfile's cache mounts are the ones carried between runs
      const mounts = new Set([...files.get('Dockerfile')!.matchAll(/--mount=type=cache,target=(\S+)/g)].map((m) => m[1]));
      const dance = image.find((s) => String(s.uses).startsWith('reproducible-containers/buildkit-cache-dance@'))!;
      const map = JSON.parse(dance.with['cache-map']) as Record<string, string>;
      assert.deepEqual(new Set(Object.values(map)), mounts);
      const cache = image.find((s) => String(s.uses).startsWith('actions/cache@'))!;
      assert.deepEqual(cache.with.path.trim().split('\n').sort(), Object.keys(map).sort());
      assert.equal(dance.with['skip-extraction'], '${{ steps.go-cache.outputs.cache-hit }}');
    });
  }
});

describe('app generator: ci, k8s, compose, git on and off', () => {
  it('writes the workflow and .gitattributes by default, no manifests or compose.yaml', async () => {
    const result = await run({ git: false });
    result.assertFile(['svc/.github/workflows/ci.yml', 'svc/.gitattributes']);
    result.assertNoFile(['svc/deploy/k8s/deployment.yaml', 'svc/deploy/k8s/service.yaml', 'svc/compose.yaml', 'svc/.git']);
    result.assertJsonFileContent('svc/.yo-rc.json', { 'generator-go-minimal': { ci: true, k8s: false, compose: false, git: false } });
  });

  it('--k8s --compose --no-ci writes the manifests and compose.yaml, no workflow', async () => {
    const result = await run({ git: false, k8s: true, compose: true, ci: false, target: 'distroless', port: '9000' });
    result.assertFile(['svc/deploy/k8s/deployment.yaml', 'svc/deploy/k8s/service.yaml', 'svc/compose.yaml']);
    result.assertNoFile('svc/.github/workflows/ci.yml');
    result.assertFileContent('svc/deploy/k8s/deployment.yaml', /containerPort: 9000/);
    result.assertJsonFileContent('svc/.yo-rc.json', { 'generator-go-minimal': { ci: false, k8s: true, compose: true, target: 'distroless', port: 9000 } });
  });

  it('.gitattributes keeps LF for Go and Docker files', async () => {
    const result = await run({ git: false });
    const attrs = readFileSync(path.join(result.cwd, 'svc/.gitattributes'), 'utf8');
    for (const p of ['\\*\\.go', 'go\\.mod', 'go\\.sum', 'Dockerfile', '\\.dockerignore']) assert.match(attrs, new RegExp(`^${p}\\s+text eol=lf`, 'm'));
  });

  it('prompts for the new choices like the others', async () => {
    const result = await helpers
      .run(app, { namespace: 'go-minimal:app' })
      .withArguments(['asked'])
      .withOptions({ skipInstall: true } as never)
      .withAnswers(
        { module: 'example.org/asked', goVersion: '1.26', framework: 'gin', lua: 'none', port: '7070', target: 'scratch', upx: false, ci: false, k8s: true, compose: true, git: false },
        { throwOnMissingAnswer: true },
      );
    result.assertJsonFileContent('asked/.yo-rc.json', { 'generator-go-minimal': { ci: false, k8s: true, compose: true, git: false } });
    result.assertFile('asked/compose.yaml');
  });
});

describe('app generator: git', () => {
  const gitCalls = (result: { getSpawnArgsUsingDefaultImplementation(): unknown[][] }) =>
    result.getSpawnArgsUsingDefaultImplementation().filter((c) => c[1] === 'git').map((c) => c[2] as string[]);

  it('git init, add and a first commit with a clear message (spawn mocked)', async () => {
    const result = await run({ git: true, framework: 'gin', target: 'distroless' }).withSpawnMock();
    const calls = gitCalls(result);
    assert.deepEqual(calls[0], ['init', '-q']);
    assert.deepEqual(calls[1], ['add', '-A']);
    const commit = calls[2]!;
    const i = commit.indexOf('commit');
    assert.ok(i >= 0, `commit call: ${commit.join(' ')}`);
    assert.equal(commit[commit.indexOf('-m') + 1], 'Initial commit from generator-go-minimal (gin, distroless)');
    assert.match(commit[commit.lastIndexOf('-m') + 1]!, /^Generated with:\n {2}go-minimal svc .*--framework gin .*--target distroless .*--git --defaults$/);
  });

  it('--no-git runs no git command and creates no repository', async () => {
    const result = await run({ git: false }).withSpawnMock();
    assert.deepEqual(gitCalls(result), []);
  });

  it('without git installed: the default is off, and --git is skipped with an explanation', async () => {
    const off = await run({ gitBinary: '/nonexistent/git' }).withSpawnMock();
    off.assertJsonFileContent('svc/.yo-rc.json', { 'generator-go-minimal': { git: false } });
    const on = await run({ gitBinary: '/nonexistent/git', git: true }).withSpawnMock();
    assert.deepEqual(gitCalls(on), []);
    on.assertFile('svc/go.mod');
  });

  it('inside an existing work tree (e.g. --force into a repository): no git init', async () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), 'gm-repo-'));
    execFileSync('git', ['init', '-q', repo]);
    const result = await run({ git: true, force: true }).cd(repo).withSpawnMock();
    assert.deepEqual(gitCalls(result), []);
    result.assertFile(path.join(repo, 'svc/go.mod'));
  });

  describe('with the real git', () => {
    const saved = { ...process.env };
    let home: string;
    before(() => {
      // a machine without any git identity (as on CI): no global or system config
      home = mkdtempSync(path.join(os.tmpdir(), 'gm-home-'));
      Object.assign(process.env, { GIT_CONFIG_GLOBAL: path.join(home, 'gitconfig'), GIT_CONFIG_NOSYSTEM: '1' });
      for (const k of ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'EMAIL']) delete process.env[k];
    });
    after(() => {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    });

    it('commits every generated file, LF attributes apply, and works without a configured identity', () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'gm-git-'));
      const r = spawnSync(process.execPath, [cliPath, 'real', '--defaults', '--skip-install', '--git', '--k8s', '--compose'], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr + r.stdout);
      assert.match(r.stdout + r.stderr, /no user\.name\/user\.email is configured/);
      const p = path.join(dir, 'real');
      const git = (...args: string[]) => execFileSync('git', args, { cwd: p, encoding: 'utf8' }).trim();
      assert.equal(git('log', '--format=%s'), 'Initial commit from generator-go-minimal (nethttp, scratch)');
      assert.equal(git('log', '--format=%an <%ae>'), 'go-minimal <go-minimal@localhost>');
      assert.equal(git('status', '--porcelain'), '', 'nothing left uncommitted');
      const tracked = git('ls-files').split('\n');
      for (const f of ['.gitattributes', '.github/workflows/ci.yml', 'deploy/k8s/deployment.yaml', 'compose.yaml', '.yo-rc.json', 'main.go', 'Dockerfile']) assert.ok(tracked.includes(f), f);
      assert.equal(git('check-attr', 'eol', '--', 'main.go'), 'main.go: eol: lf');
      assert.equal(git('check-attr', 'eol', '--', 'Dockerfile'), 'Dockerfile: eol: lf');
      // no identity was written into the user's configuration
      assert.ok(!existsSync(process.env.GIT_CONFIG_GLOBAL!));
      assert.equal(spawnSync('git', ['config', 'user.name'], { cwd: p }).status, 1);
    });
  });
});

describe('--preset through the go-minimal bin', () => {
  const cli = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });

  it('takes the preset, lets flags override it, and fills the rest with defaults (YAML and JSON)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gm-preset-'));
    writeFileSync(path.join(dir, 'team.yaml'), 'framework: gin\ntarget: distroless\nport: 9090\nk8s: true\ngit: false\n');
    const r = cli(dir, 'svc', '--preset', 'team.yaml', '--port', '7070', '--defaults', '--skip-install');
    assert.equal(r.status, 0, r.stderr);
    const rc = JSON.parse(readFileSync(path.join(dir, 'svc/.yo-rc.json'), 'utf8'))['generator-go-minimal'];
    assert.deepEqual(
      { framework: rc.framework, target: rc.target, port: rc.port, k8s: rc.k8s, git: rc.git, lua: rc.lua, compose: rc.compose, ci: rc.ci },
      { framework: 'gin', target: 'distroless', port: 7070, k8s: true, git: false, lua: 'none', compose: false, ci: true },
    );
    assert.ok(!('preset' in rc), '--preset is a run flag, not stored');
    writeFileSync(path.join(dir, 'team.json'), '{"lua": "gopher", "compose": true, "git": false}');
    const j = cli(dir, 'svc2', '--preset=team.json', '--defaults', '--skip-install', '--no-compose');
    assert.equal(j.status, 0, j.stderr);
    const rc2 = JSON.parse(readFileSync(path.join(dir, 'svc2/.yo-rc.json'), 'utf8'))['generator-go-minimal'];
    assert.deepEqual([rc2.lua, rc2.compose], ['gopher', false], '--no-compose overrides the preset');
    assert.ok(!existsSync(path.join(dir, 'svc2/compose.yaml')));
  });

  const bad: [string, string, string[], RegExp][] = [
    ['team.yaml', 'framwork: gin\n', [], /^go-minimal: error: preset team\.yaml: unknown key "framwork" \(accepted: name, module, goVersion, framework, lua, port, target, upx, ci, k8s, compose, git\); did you mean "framework"\?$/],
    ['team.yaml', 'port: 99999\n', [], /^go-minimal: error: preset team\.yaml: key "port": port 99999 is out of range \(accepted: 1-65535\)$/],
    ['team.json', '{"k8s": "maybe"}', [], /^go-minimal: error: preset team\.json: key "k8s": k8s must be true or false, got "maybe"$/],
    ['team.yaml', 'framework: gin\n', ['--preset', 'missing.yaml'], /^go-minimal: error: preset missing\.yaml: cannot be read \(no such file\)$/],
  ];
  for (const [file, text, extra, re] of bad) {
    it(`refuses ${JSON.stringify(text.trim())}${extra.length ? ` ${extra.join(' ')}` : ''} in one line and writes nothing`, () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'gm-preset-'));
      writeFileSync(path.join(dir, file), text);
      const r = cli(dir, 'svc', ...(extra.length ? extra : ['--preset', file]), '--defaults', '--skip-install');
      assert.notEqual(r.status, 0);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0]!, re);
      assert.deepEqual(readdirSync(dir), [file], 'nothing written');
    });
  }
});
