// Go tier for the sub-generators: app -> endpoint greet -> endpoint user-profile --method POST
// -> image through every target; after each step the project is gofmt/vet clean and its tests pass.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { targets } from '../../generators/lib/targets.js';
import { freePort, get, waitFor200 } from '../support/http.js';
import { cli, generate, must, type Generated } from '../support/project.js';

function assertHealthy(dir: string, step: string): void {
  assert.equal(must('gofmt', ['-l', '.'], dir).trim(), '', `${step}: gofmt -l lists nothing`);
  must('go', ['vet', './...'], dir);
  const out = must('go', ['test', '-count=1', './...'], dir);
  assert.doesNotMatch(out, /FAIL/, `${step}: go test`);
}

function step(p: Generated, args: string[], cwd = p.dir): void {
  const r = cli(cwd, ...args);
  assert.equal(r.status, 0, `go-minimal ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`);
}

for (const framework of ['nethttp', 'gin']) {
  describe(`sub-generators on a ${framework} project with lua`, { concurrency: false }, () => {
    let p: Generated;

    it('starts from a healthy project', () => {
      p = generate(`sub-${framework}`, ['--framework', framework, '--lua', 'gopher']);
      assertHealthy(p.dir, 'app');
    });

    it('adds GET /greet', () => {
      step(p, ['endpoint', 'greet', '--defaults']);
      assertHealthy(p.dir, 'endpoint greet');
    });

    it('adds POST /user-profile from a subdirectory', () => {
      step(p, ['endpoint', 'user-profile', '--method', 'POST', '--defaults'], path.join(p.dir, 'pkg'));
      assertHealthy(p.dir, 'endpoint user-profile');
      const rc = JSON.parse(readFileSync(path.join(p.dir, '.yo-rc.json'), 'utf8'))['generator-go-minimal'];
      assert.equal(rc.endpoints.length, 2);
    });

    it('switches through every image target and keeps the code healthy', () => {
      for (const t of targets) {
        step(p, ['image', t.name]);
        assert.match(readFileSync(path.join(p.dir, 'Dockerfile'), 'utf8'), new RegExp(`final base "${t.name}"`));
        const rc = JSON.parse(readFileSync(path.join(p.dir, '.yo-rc.json'), 'utf8'))['generator-go-minimal'];
        assert.equal(rc.target, t.name);
      }
      assertHealthy(p.dir, 'image switches');
    });

    it('serves the new endpoints from the built binary', async () => {
      const bin = path.join(p.dir, 'bin', 'svc');
      must('go', ['build', '-o', bin, '.'], p.dir);
      const port = String(await freePort());
      const child = spawn(bin, [], { env: { PATH: process.env.PATH, PORT: port }, stdio: 'ignore' });
      try {
        const base = `http://127.0.0.1:${port}`;
        await waitFor200(`${base}/healthz`, 20_000, () => child.exitCode === null);
        const greet = await get(`${base}/greet`);
        assert.equal(greet.status, 200, greet.body);
        assert.equal(greet.json().endpoint, 'greet');
        const posted = await get(`${base}/user-profile`, { method: 'POST', body: '{"name":"gopher"}', headers: { 'content-type': 'application/json' } });
        assert.equal(posted.status, 200, posted.body);
        assert.deepEqual(posted.json().received, { name: 'gopher' });
        assert.equal((await get(`${base}/user-profile`)).status, 405, 'GET on a POST endpoint');
      } finally {
        child.kill('SIGTERM');
      }
    });
  });
}
