// Which templates make up a project, as a pure function of the context.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { ProjectContext } from '../lib/context.js';
import { templatesRoot, type FileSpec } from '../lib/render.js';

/** The hostile Lua corpus rendered into pkg/luarun/testdata/hostile (isolation tests, fuzz seeds). */
function hostileScripts(): string[] {
  return readdirSync(path.join(templatesRoot(), 'app/pkg/luarun/testdata/hostile'))
    .filter((f) => f.endsWith('.lua'))
    .sort();
}

const t = (template: string, dest: string): FileSpec => ({ template, dest });

export function appFiles(ctx: ProjectContext): FileSpec[] {
  const files: FileSpec[] = [
    t('app/go.mod.ejs', 'go.mod'),
    t('app/main.go.ejs', 'main.go'),
    t('app/main_test.go.ejs', 'main_test.go'),
    t('app/README.md.ejs', 'README.md'),
    t('app/Makefile.ejs', 'Makefile'),
    t('app/gitignore', '.gitignore'),
    t('app/gitattributes', '.gitattributes'),
    t('app/golangci.yml.ejs', '.golangci.yml'),
    t('app/pkg/config/config.go.ejs', 'pkg/config/config.go'),
    t('app/pkg/config/config_test.go.ejs', 'pkg/config/config_test.go'),
    t('app/pkg/clock/clock.go', 'pkg/clock/clock.go'),
    t('app/pkg/clock/clock_test.go', 'pkg/clock/clock_test.go'),
    t('app/pkg/ipecho/ipecho.go', 'pkg/ipecho/ipecho.go'),
    t('app/pkg/ipecho/ipecho_test.go', 'pkg/ipecho/ipecho_test.go'),
    t('app/pkg/server/server.go.ejs', 'pkg/server/server.go'),
    t('app/pkg/server/server_test.go.ejs', 'pkg/server/server_test.go'),
    // the HTTP contract: same table for every router, answers validated against api/openapi.yaml
    t('app/pkg/server/conformance_test.go.ejs', 'pkg/server/conformance_test.go'),
    // the framework's adapter (catalogue.ts names it)
    t(ctx.build.framework.adapters.routes, 'pkg/server/routes.go'),
    // custom endpoint routes: re-rendered whenever an endpoint is added, never hand-edited
    t('app/pkg/server/routes_gen.go.ejs', 'pkg/server/routes_gen.go'),
    // OpenAPI 3.1 description: re-rendered with routes_gen.go whenever an endpoint is added
    t('app/api/openapi.yaml.ejs', 'api/openapi.yaml'),
  ];
  if (ctx.hasLua) {
    files.push(
      // the engine's runner files (catalogue.ts names them)
      ...ctx.build.engine.runner,
      t('app/pkg/luarun/limit.go.ejs', 'pkg/luarun/limit.go'),
      t('app/pkg/luarun/runner.go.ejs', 'pkg/luarun/runner.go'),
      t('app/pkg/luarun/luarun_test.go.ejs', 'pkg/luarun/luarun_test.go'),
      ...hostileScripts().map((f) => t(`app/pkg/luarun/testdata/hostile/${f}`, `pkg/luarun/testdata/hostile/${f}`)),
      t('app/pkg/luarun/testdata/probe.lua', 'pkg/luarun/testdata/probe.lua'),
      t('app/pkg/server/lua_admission_test.go.ejs', 'pkg/server/lua_admission_test.go'),
      t('app/pkg/server/race_on_test.go', 'pkg/server/race_on_test.go'),
      t('app/pkg/server/race_off_test.go', 'pkg/server/race_off_test.go'),
      t('app/scripts/scripts.go', 'scripts/scripts.go'),
      t('app/scripts/hello.lua', 'scripts/hello.lua'),
    );
  }
  files.push(...deploymentFiles(ctx));
  return files;
}

/**
 * Files that depend on the image target (platforms, numeric user, image name): written by the
 * app generator and re-rendered by the image sub-generator when the target changes.
 */
export function deploymentFiles(ctx: ProjectContext): FileSpec[] {
  const files: FileSpec[] = [];
  if (ctx.ci) files.push(t('app/github/workflows/ci.yml.ejs', '.github/workflows/ci.yml'));
  if (ctx.k8s) {
    files.push(t('app/deploy/k8s/deployment.yaml.ejs', 'deploy/k8s/deployment.yaml'), t('app/deploy/k8s/service.yaml.ejs', 'deploy/k8s/service.yaml'));
  }
  if (ctx.compose) files.push(t('app/compose.yaml.ejs', 'compose.yaml'));
  return files;
}
