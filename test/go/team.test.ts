// Go tier, team-starter features: the generated GitHub workflow through actionlint (built from
// the Go module proxy: go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12), and a real
// generate -> go mod tidy -> git commit run whose repository is complete and clean.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildContext, type StoredConfig } from '../../generators/lib/context.js';
import { renderTemplate } from '../../generators/lib/render.js';
import { luaCompatibility, targets } from '../../generators/lib/targets.js';
import { generate, must, sh } from '../support/project.js';
import { haveTool, hasTool } from '../support/tools.js';
import { engines, frameworks } from '../support/matrix.js';

const actionlintVersion = 'v1.7.12';

/** actionlint from PATH, $ACTIONLINT, or `go env GOPATH`/bin. */
function actionlintBin(): string | undefined {
  const candidates = [process.env.ACTIONLINT, 'actionlint'];
  const gopath = spawnSync('go', ['env', 'GOPATH'], { encoding: 'utf8' }).stdout?.trim();
  if (gopath) candidates.push(path.join(gopath, 'bin', 'actionlint'));
  return candidates.find((c): c is string => Boolean(c) && hasTool(c!, ['-version']));
}

describe('generated GitHub workflow: actionlint', () => {
  const bin = actionlintBin();
  const variants: StoredConfig[] = [];
  for (const framework of frameworks)
    for (const lua of engines)
      for (const t of targets.filter((x) => x.name === 'scratch' || x.name === 'golang'))
        if (!luaCompatibility(lua, t))
          variants.push({ name: 'svc', module: 'example.com/acme/svc', goVersion: '1.26', framework, lua, port: 8080, target: t.name, upx: false, ci: true, endpoints: [] });

  for (const cfg of variants) {
    it(`has no findings: ${cfg.framework} × ${cfg.lua} × ${cfg.target}`, (t) => {
      if (!haveTool(t, Boolean(bin), 'actionlint', `go install github.com/rhysd/actionlint/cmd/actionlint@${actionlintVersion}`)) return;
      const dir = mkdtempSync(path.join(os.tmpdir(), 'gm-actionlint-'));
      const file = path.join(dir, 'ci.yml');
      writeFileSync(file, renderTemplate('app/github/workflows/ci.yml.ejs', buildContext(cfg)));
      // shellcheck (when on PATH) also checks every run: script
      const r = spawnSync(bin!, ['-no-color', file], { encoding: 'utf8' });
      assert.equal(r.status, 0, `actionlint findings:\n${r.stdout}${r.stderr}`);
    });
  }

  it('catches a real mistake (so a pass means something)', (t) => {
    if (!haveTool(t, Boolean(bin), 'actionlint', `go install github.com/rhysd/actionlint/cmd/actionlint@${actionlintVersion}`)) return;
    const cfg: StoredConfig = { name: 'svc', module: 'example.com/svc', goVersion: '1.26', framework: 'nethttp', lua: 'none', port: 8080, target: 'scratch', upx: false, ci: true, endpoints: [] };
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gm-actionlint-'));
    const file = path.join(dir, 'ci.yml');
    writeFileSync(file, renderTemplate('app/github/workflows/ci.yml.ejs', buildContext(cfg)).replace('cache-dependency-path:', 'cache-dependncy-path:'));
    const r = spawnSync(bin!, ['-no-color', file], { encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    assert.match(r.stdout + r.stderr, /cache-dependncy-path/);
  });
});

describe('generate with install and git: a complete, clean first commit', { concurrency: false }, () => {
  it('commits go.sum and every generated file; the tree is clean and the project tests pass from the commit', () => {
    const p = generate('team-git', ['--git', '--k8s', '--compose', '--framework', 'gin']);
    const git = (...args: string[]) => must('git', args, p.dir).trim();
    assert.equal(git('log', '--format=%s'), 'Initial commit from generator-go-minimal (gin, scratch)');
    assert.equal(git('status', '--porcelain'), '', 'go mod tidy ran before the commit: nothing uncommitted');
    const tracked = git('ls-files').split('\n');
    for (const f of ['go.sum', 'go.mod', '.gitattributes', '.github/workflows/ci.yml', 'deploy/k8s/deployment.yaml', 'deploy/k8s/service.yaml', 'compose.yaml', '.golangci.yml']) {
      assert.ok(tracked.includes(f), `${f} committed`);
    }
    // a fresh clone of the commit builds and tests (nothing needed lives outside the repository)
    const clone = mkdtempSync(path.join(os.tmpdir(), 'gm-clone-'));
    must('git', ['clone', '-q', p.dir, clone], os.tmpdir());
    must('go', ['vet', './...'], clone);
    const r = sh('go', ['test', '-count=1', './...'], clone);
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});
