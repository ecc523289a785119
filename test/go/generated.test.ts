// Go tier: generate -> go mod tidy (the generator's install) -> gofmt/vet/test -race/golangci-lint
// -> build -> run the binary -> HTTP checks -> SIGTERM.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkEndpoints, checkTLSRefused } from '../support/checks.js';
import { freePort, get, waitFor200 } from '../support/http.js';
import { generate, must, sh, type Generated } from '../support/project.js';
import { startUpstream, type Upstream } from '../support/tls.js';
import { haveTool, hasTool, strict } from '../support/tools.js';
import { engines, hostGoluaProblem } from '../support/matrix.js';
import { buildContext, type StoredConfig } from '../../generators/lib/context.js';
import { readFileSync } from 'node:fs';

const lintBin = process.env.GOLANGCI_LINT ?? 'golangci-lint';

let upstream: Upstream;
before(async () => {
  upstream = await startUpstream();
});
after(async () => upstream.close());

function startService(bin: string, env: NodeJS.ProcessEnv): { child: ChildProcess; base: string; exited: () => number | null; log: () => string } {
  let log = '';
  const child = spawn(bin, [], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  return { child, base: `http://127.0.0.1:${env.PORT}`, exited: () => child.exitCode, log: () => log };
}

async function stop(child: ChildProcess): Promise<{ code: number | null; ms: number }> {
  const t0 = Date.now();
  const done = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  const code = await Promise.race([done, new Promise<null>((r) => setTimeout(() => r(null), 15_000))]);
  if (code === null) child.kill('SIGKILL');
  return { code, ms: Date.now() - t0 };
}

for (const framework of ['nethttp', 'gin']) {
  for (const lua of engines) {
    const cgoProblem = lua === 'golua' ? hostGoluaProblem() : null;
    describe(`generated ${framework} × lua ${lua}`, { concurrency: false, skip: cgoProblem && !strict ? `golua on the host: ${cgoProblem}` : false }, () => {
      let p: Generated;
      let bin: string;
      if (cgoProblem) it('has cgo and Lua 5.1 on the host (required under CI)', () => assert.fail(cgoProblem));

      it('generates and installs (go mod tidy writes go.sum)', () => {
        p = generate(`svc-${framework}-${lua}`, ['--framework', framework, '--lua', lua]);
        assert.ok(existsSync(path.join(p.dir, 'go.sum')), 'go.sum written by the install step');
      });

      it('is gofmt-clean and vet-clean', () => {
        assert.equal(must('gofmt', ['-l', '.'], p.dir).trim(), '', 'gofmt -l lists nothing');
        must('go', ['vet', './...'], p.dir);
      });

      it('passes its own tests under -race', () => {
        const out = must('go', ['test', '-race', '-count=1', './...'], p.dir);
        assert.doesNotMatch(out, /FAIL/);
        assert.match(out, /^ok\s+\S+\/pkg\/server/m);
      });

      it('has zero golangci-lint findings with its own config', (t) => {
        if (!haveTool(t, hasTool(lintBin, ['version']), lintBin, 'go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0')) return;
        const r = sh(lintBin, ['run', './...'], p.dir);
        assert.equal(r.status, 0, `golangci-lint findings:\n${r.stdout}\n${r.stderr}`);
      });

      it('builds a static, stripped binary the way its Dockerfile does', () => {
        bin = path.join(p.dir, 'bin', p.name);
        const ctx = buildContext(JSON.parse(readFileSync(path.join(p.dir, '.yo-rc.json'), 'utf8'))['generator-go-minimal'] as StoredConfig);
        const ldflags = ['-s -w', ...(ctx.luaLink === 'static' ? ["-linkmode external -extldflags '-static -lm'"] : [])].join(' ');
        const args = ['build', '-trimpath', ...(ctx.buildTags.length ? ['-tags', ctx.buildTags.join(' ')] : []), '-ldflags', ldflags, '-o', bin, '.'];
        must('go', args, p.dir, { CGO_ENABLED: ctx.luaLink === 'pure-go' ? '0' : '1' });
        const size = statSync(bin).size;
        console.log(`# binary size ${framework} × lua ${lua} (tags: ${ctx.buildTags.join(' ') || 'none'}): ${size} bytes (${(size / 1048576).toFixed(2)} MiB)`);
        assert.ok(size > 1_000_000);
        // statically linked: no dynamic section, so it runs in an empty image
        const elf = sh('readelf', ['-d', bin], p.dir);
        assert.match(elf.stdout + elf.stderr, /There is no dynamic section/, 'no dynamic section');
      });

      it('serves every endpoint, trusting the upstream only through SSL_CERT_FILE, and stops cleanly on SIGTERM', async () => {
        const port = String(await freePort());
        const svc = startService(bin, { PORT: port, IP_UPSTREAM_URL: upstream.url, SSL_CERT_FILE: upstream.caFile });
        try {
          await waitFor200(`${svc.base}/healthz`, 20_000, () => svc.exited() === null);
          await checkEndpoints(svc.base, { lua: lua !== 'none', upstreamIP: '203.0.113.7' });
          const hc = sh(bin, ['healthcheck'], p.dir, { PORT: port });
          assert.equal(hc.status, 0, `healthcheck subcommand: ${hc.stdout}${hc.stderr}`);
        } finally {
          const { code, ms } = await stop(svc.child);
          assert.equal(code, 0, `exit code after SIGTERM (log:\n${svc.log()})`);
          assert.ok(ms < 10_000, `stopped in ${ms} ms`);
        }
        // logs are JSON lines from log/slog
        const lines = svc.log().trim().split('\n').filter(Boolean);
        assert.ok(lines.length > 0);
        for (const l of lines) assert.doesNotThrow(() => JSON.parse(l), `not a JSON log line: ${l}`);
        // the healthcheck subcommand fails when nothing listens
        const dead = sh(bin, ['healthcheck'], p.dir, { PORT: port });
        assert.notEqual(dead.status, 0);
      });

      it('refuses an upstream it cannot verify (no SSL_CERT_FILE): 502, and keeps serving', async () => {
        const port = String(await freePort());
        const svc = startService(bin, { PORT: port, IP_UPSTREAM_URL: upstream.url, SSL_CERT_FILE: '/nonexistent/ca.pem' });
        try {
          await waitFor200(`${svc.base}/healthz`, 20_000, () => svc.exited() === null);
          await checkTLSRefused(svc.base);
          assert.equal((await get(`${svc.base}/healthz`)).status, 200);
        } finally {
          await stop(svc.child);
        }
      });
    });
  }
}

// Module path rules against the real golang.org/x/mod/module.CheckPath: see gorules.test.ts.
