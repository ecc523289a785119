// The catalogues and the build plan are the only source of build facts: every template that
// states one (Dockerfile, Makefile, CI workflow, README, go.mod) states the plan's, for every
// framework × Lua engine × target × upx of the catalogues.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { appFiles } from '../../generators/app/files.js';
import { imageFiles } from '../../generators/image/files.js';
import { frameworkNames, frameworks, luaEngineNames, luaEngines } from '../../generators/lib/catalogue.js';
import { buildPlan } from '../../generators/lib/buildplan.js';
import { buildContext, type StoredConfig } from '../../generators/lib/context.js';
import { renderFiles, templatesRoot } from '../../generators/lib/render.js';
import { luaCompatibility, targets } from '../../generators/lib/targets.js';

function variants(): StoredConfig[] {
  const out: StoredConfig[] = [];
  for (const framework of frameworkNames)
    for (const lua of luaEngineNames)
      for (const t of targets)
        for (const upx of [false, true])
          if (!luaCompatibility(lua, t)) out.push({ name: 'svc', module: 'example.com/svc', goVersion: '1.26', framework, lua, port: 8080, target: t.name, upx, ci: true, endpoints: [] });
  return out;
}

describe('catalogues', () => {
  it('name templates that exist', () => {
    for (const [name, f] of Object.entries(frameworks)) {
      for (const t of [f.adapters.routes, f.adapters.generated]) assert.ok(existsSync(path.join(templatesRoot(), t)), `${name}: ${t}`);
    }
    for (const [name, e] of Object.entries(luaEngines)) {
      for (const r of e.runner) assert.ok(existsSync(path.join(templatesRoot(), r.template)), `${name}: ${r.template}`);
      assert.equal(e.runner.length === 0, name === 'none', `${name}: runner files iff it is an engine`);
      assert.equal(e.buildPackages.length > 0, e.cgo, `${name}: build packages iff cgo`);
    }
  });

  it('give every framework its own module requirements and every engine its own (no two share one)', () => {
    const seen = new Map<string, string>();
    for (const [name, entry] of [...Object.entries(frameworks), ...Object.entries(luaEngines)]) {
      for (const r of entry.requires) {
        assert.ok(!seen.has(r.path), `${r.path} required by ${name} and ${seen.get(r.path)}`);
        seen.set(r.path, name);
        assert.match(r.version, /^v\d+\.\d+\.\d+/, `${r.path} version`);
      }
    }
  });
});

describe('build plan', () => {
  for (const cfg of variants()) {
    const label = `${cfg.framework} × ${cfg.lua} × ${cfg.target}${cfg.upx ? ' + upx' : ''}`;
    it(`${label}: one set of facts, stated alike by every file`, () => {
      const plan = buildPlan(cfg);
      const support = cfg.lua === 'none' ? undefined : plan.target.lua[cfg.lua];
      // the plan follows the catalogues
      assert.equal(plan.image.link, support?.link ?? 'pure-go');
      assert.equal(plan.image.cgo, luaEngines[cfg.lua].cgo ? 1 : 0);
      assert.equal(plan.crossCompiles, plan.image.cgo === 0);
      assert.deepEqual(plan.platforms, plan.crossCompiles ? ['linux/amd64', 'linux/arm64'] : ['linux/amd64']);
      for (const t of frameworks[cfg.framework].tags) assert.ok(plan.image.tags.includes(t.tag) && plan.local.tags.includes(t.tag), t.tag);
      assert.equal(plan.image.tags.includes('netgo'), plan.image.link === 'static');
      assert.equal(plan.builderPackages.includes('upx-ucl'), cfg.upx);
      for (const p of luaEngines[cfg.lua].buildPackages) assert.equal(plan.builderPackages.includes(p), plan.image.cgo === 1, p);
      // a static link is the same static link wherever it is made (the Makefile and the Dockerfile drifted once)
      if (plan.image.link === 'static') assert.deepEqual(plan.local.linkFlags, plan.image.linkFlags);
      assert.deepEqual(plan.local.tags, plan.image.link === 'dynamic' ? plan.local.tags : plan.image.tags);

      const ctx = buildContext(cfg);
      const files = renderFiles([...appFiles(ctx), ...imageFiles(ctx)], ctx);
      const dockerfile = files.get('Dockerfile')!;
      assert.ok(dockerfile.includes(`go build -trimpath -buildvcs=false${plan.image.tagsArg} \\`), 'Dockerfile: build tags');
      assert.ok(dockerfile.includes(`-ldflags "${plan.image.ldflags('${VERSION}', '${COMMIT}')}"`), 'Dockerfile: ldflags');
      assert.ok(dockerfile.includes(`go vet${plan.image.tagsArg} ./... && go test${plan.image.tagsArg} ./...`), 'Dockerfile: the test stage uses the build tags');
      assert.match(dockerfile, new RegExp(`^ENV CGO_ENABLED=${plan.image.cgo}$`, 'm'));
      assert.equal(dockerfile.split('\n')[0], `# svc: container image for the target ${plan.targetHeading}.`, 'the header names the target once');
      assert.equal(dockerfile.split(`"${cfg.target}"`).length - 1, 1, 'the target is named once');

      const makefile = files.get('Makefile')!;
      assert.match(makefile, new RegExp(`^TAGS    \\?= ${plan.local.tags.join(',') || '# none'}$`, 'm'), 'Makefile: tags');
      assert.ok(makefile.includes(`LDFLAGS := ${plan.local.ldflags('$(VERSION)', '$(COMMIT)')}\n`), 'Makefile: ldflags');
      assert.ok(makefile.includes(`\tCGO_ENABLED=${plan.local.cgo} go build -trimpath -tags "$(TAGS)" -ldflags "$(LDFLAGS)"`), 'Makefile: build');

      const readme = files.get('README.md')!;
      assert.ok(readme.includes(`# CGO_ENABLED=${plan.local.cgo} go build -trimpath${plan.local.tagsArg} -ldflags "${plan.local.ldflags('...', '...')}"`), 'README: make build');
      assert.ok(readme.includes(`It uses ${frameworks[cfg.framework].prose} for routing${luaEngines[cfg.lua].prose},`), 'README: framework and engine');

      const ci = files.get('.github/workflows/ci.yml')!;
      assert.ok(ci.includes(`run: go vet${plan.local.tagsArg} ./...`) && ci.includes(`run: go test -race -count=1${plan.local.tagsArg} ./...`), 'CI: tags');
      assert.ok(ci.includes(`platforms: ${plan.platforms.join(',')}`), 'CI: platforms');

      const gomod = files.get('go.mod')!;
      for (const r of [...plan.requires, ...plan.floors]) assert.ok(gomod.includes(`\t${r.path} ${r.version}`), `go.mod: ${r.path}`);
      for (const f of frameworkNames) {
        for (const r of frameworks[f].requires) assert.equal(gomod.includes(r.path), f === cfg.framework, `go.mod: ${r.path} iff ${f}`);
      }
    });
  }
});
