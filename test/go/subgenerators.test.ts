// Go tier for the sub-generators: app -> endpoint greet -> endpoint user-profile --method POST
// -> image through every target; after each step the project is gofmt/vet clean and its tests pass.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { goString } from '../../generators/lib/lit.js';
import { targets } from '../../generators/lib/targets.js';
import { freePort, get, waitFor200 } from '../support/http.js';
import { cli, generate, must, type Generated } from '../support/project.js';
import { frameworks } from '../support/matrix.js';

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

for (const framework of frameworks) {
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
        assert.match(readFileSync(path.join(p.dir, 'Dockerfile'), 'utf8'), new RegExp(`^# [^\n]*: container image for the target "${t.name}"`));
        const rc = JSON.parse(readFileSync(path.join(p.dir, '.yo-rc.json'), 'utf8'))['generator-go-minimal'];
        assert.equal(rc.target, t.name);
      }
      assertHealthy(p.dir, 'image switches');
    });

    it('serves the new endpoints from the built binary', async () => {
      await withBinary(p.dir, async (base) => {
        const greet = await get(`${base}/greet`);
        assert.equal(greet.status, 200, greet.body);
        assert.equal(greet.json().endpoint, 'greet');
        const posted = await get(`${base}/user-profile`, { method: 'POST', body: '{"name":"gopher"}', headers: { 'content-type': 'application/json' } });
        assert.equal(posted.status, 200, posted.body);
        assert.deepEqual(posted.json().received, { name: 'gopher' });
        assert.equal((await get(`${base}/user-profile`)).status, 405, 'GET on a POST endpoint');
      });
    });
  });
}

// remove + framework/Lua switch: every step leaves a project that vets, tests and serves

/** Build the project's binary, run it on a free port until /healthz is 200, call fn, stop it. */
async function withBinary(dir: string, fn: (base: string) => Promise<void>): Promise<void> {
  const bin = path.join(dir, 'bin', 'svc');
  must('go', ['build', '-o', bin, '.'], dir);
  const port = String(await freePort());
  const child = spawn(bin, [], { env: { PATH: process.env.PATH, PORT: port }, stdio: 'ignore' });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor200(`${base}/healthz`, 20_000, () => child.exitCode === null);
    await fn(base);
  } finally {
    child.kill('SIGTERM');
  }
}
describe('endpoint remove and a framework switch (nethttp+gopher -> gin+none)', { concurrency: false }, () => {
  let p: Generated;
  const rcOf = () => JSON.parse(readFileSync(path.join(p.dir, '.yo-rc.json'), 'utf8'))['generator-go-minimal'];

  it('grows, removes and switches, healthy after each step', () => {
    p = generate('sub-switch', ['--framework', 'nethttp', '--lua', 'gopher']);
    step(p, ['endpoint', 'greet', '--defaults']);
    step(p, ['endpoint', 'ping', '--path', '/v1/ping', '--method', 'POST', '--defaults']);
    assertHealthy(p.dir, 'two endpoints');
    step(p, ['endpoint', 'greet', '--remove', '--defaults']);
    assert.ok(!existsSync(path.join(p.dir, 'pkg/server/endpoint_greet.go')));
    assertHealthy(p.dir, 'greet removed');
    step(p, [p.name, '--framework', 'gin', '--lua', 'none', '--force', '--defaults'], p.root);
    assert.equal(rcOf().framework, 'gin');
    assert.ok(!existsSync(path.join(p.dir, 'pkg/luarun')), 'Lua package deleted');
    assert.match(readFileSync(path.join(p.dir, 'pkg/server/routes_gen.go'), 'utf8'), /handlePing\(c \*gin\.Context\)/);
    assertHealthy(p.dir, 'switched to gin without Lua');
    step(p, ['endpoint', 'greet', '--defaults']);
    assertHealthy(p.dir, 'greet added back on gin');
    // another method on the same path is another endpoint (GET and POST /greet)
    step(p, ['endpoint', 'create-greeting', '--path', '/greet', '--method', 'POST', '--defaults']);
    assertHealthy(p.dir, 'GET and POST on /greet');
  });

  it('serves the remaining endpoints from the built binary', async () => {
    await withBinary(p.dir, async (base) => {
      assert.equal((await get(`${base}/greet`)).status, 200);
      const created = await get(`${base}/greet`, { method: 'POST', body: '{"name":"gopher"}', headers: { 'content-type': 'application/json' } });
      assert.equal(created.status, 200, created.body);
      const put = await get(`${base}/greet`, { method: 'PUT', body: '{}', headers: { 'content-type': 'application/json' } });
      assert.equal(put.status, 405);
      assert.equal(put.headers.get('allow'), 'GET, HEAD, POST, OPTIONS');
      const posted = await get(`${base}/v1/ping`, { method: 'POST', body: '{"name":"gopher"}', headers: { 'content-type': 'application/json' } });
      assert.equal(posted.status, 200, posted.body);
      assert.equal((await get(`${base}/lua?script=hello`)).status, 404, 'no /lua after --lua none');
    });
  });
});

describe('Go string literal encoder', () => {
  it('strconv.Unquote of goString(s) gives s back (fast-check samples, real Go)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gm-golit-'));
    const samples = [
      ...fc.sample(fc.string({ unit: 'binary', maxLength: 30 }), { numRuns: 400, seed: 42 }),
      'x"); os.Exit(1); //', '\u2028\u2029', '\0\x7f\u0085', 'tab\there', '\u{1F600}',
    ];
    writeFileSync(path.join(dir, 'go.mod'), 'module golit\n\ngo 1.25\n');
    writeFileSync(path.join(dir, 'lits.txt'), samples.map((s) => goString(s)).join('\n'));
    writeFileSync(
      path.join(dir, 'main.go'),
      [
        'package main',
        '',
        'import (',
        '\t"bufio"',
        '\t"encoding/hex"',
        '\t"fmt"',
        '\t"os"',
        '\t"strconv"',
        ')',
        '',
        'func main() {',
        '\tf, _ := os.Open("lits.txt")',
        '\tsc := bufio.NewScanner(f)',
        '\tsc.Buffer(make([]byte, 1<<20), 1<<20)',
        '\tfor sc.Scan() {',
        '\t\ts, err := strconv.Unquote(sc.Text())',
        '\t\tif err != nil {',
        '\t\t\tfmt.Println("ERR", sc.Text(), err)',
        '\t\t\tcontinue',
        '\t\t}',
        '\t\tfmt.Println(hex.EncodeToString([]byte(s)))',
        '\t}',
        '}',
        '',
      ].join('\n'),
    );
    const out = must('go', ['run', '.'], dir).split('\n').slice(0, samples.length);
    assert.deepEqual(out, samples.map((s) => Buffer.from(s, 'utf8').toString('hex')));
  });
});
