// Go tier for go-minimal update: a project with an endpoint and team edits in Go code, the
// Dockerfile and the README takes a simulated later release (templates changed, version bumped)
// by a clean three-way merge; the update runs go mod tidy itself; the result is gofmt/vet/lint
// clean and its tests pass (-race). Two projects: gin and nethttp.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { cliPath } from '../support/paths.js';
import { generate, must, sh, type Generated } from '../support/project.js';
import { simulateRelease, teamEdits } from '../support/release.js';
import { haveTool, hasTool } from '../support/tools.js';
import { frameworks } from '../support/matrix.js';

const lintBin = process.env.GOLANGCI_LINT ?? 'golangci-lint';
const git = (dir: string, ...args: string[]) => must('git', ['-c', 'user.name=t', '-c', 'user.email=t@localhost', ...args], dir);

for (const framework of frameworks) {
  describe(`update of a ${framework} project builds and passes its tests`, { concurrency: false }, () => {
    let p: Generated;

    it('updates cleanly over team edits and an endpoint', () => {
      p = generate(`upgo-${framework}`, ['--framework', framework], { install: false });
      must(process.execPath, [cliPath, 'endpoint', 'greet', '--defaults'], p.dir);
      teamEdits(p.dir);
      git(p.dir, 'add', '-A');
      git(p.dir, 'commit', '-q', '-m', 'team work');
      const r = sh(process.execPath, [cliPath, 'update'], p.dir, simulateRelease());
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /conflicting 0/);
      const server = readFileSync(path.join(p.dir, 'pkg/server/server.go'), 'utf8');
      assert.match(server, /90 \* time.Second[\s\S]*const TeamBudget = 3/);
    });

    it('is gofmt and vet clean, and go test -race passes', () => {
      assert.equal(must('gofmt', ['-l', '.'], p.dir).trim(), '');
      must('go', ['vet', './...'], p.dir);
      const out = must('go', ['test', '-race', '-count=1', './...'], p.dir);
      assert.match(out, /ok\s+\S+\/pkg\/server/);
      assert.doesNotMatch(out, /FAIL/);
    });

    it('has zero golangci-lint findings', (t) => {
      if (!haveTool(t, hasTool(lintBin, ['version']), lintBin, 'go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0')) return;
      const r = sh(lintBin, ['run', './...'], p.dir);
      assert.equal(r.status, 0, `golangci-lint findings:\n${r.stdout}\n${r.stderr}`);
    });
  });
}
