// Docker tier: for every framework × lua engine × buildable target of the catalogue,
// generate, docker build, run read-only / cap-drop ALL / no-new-privileges as the image's
// own user, and query every endpoint inside the container.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { binaryBudget, sizeBudget, targets, type Target } from '../../generators/lib/targets.js';
import type { Framework, LuaEngine } from '../../generators/lib/context.js';
import { checkEndpoints, checkTLSRefused } from '../support/checks.js';
import { freePort, waitFor200 } from '../support/http.js';
import { generate, must, sh, type Generated } from '../support/project.js';
import { startUpstream, type Upstream } from '../support/tls.js';
import { dockerBin } from '../support/tools.js';
import { repoRoot } from '../support/paths.js';
import { engines, frameworks } from '../support/matrix.js';

const docker = (args: string[], cwd = repoRoot, timeout = 900_000) => must(dockerBin, args, cwd, { DOCKER_BUILDKIT: '1' }, timeout);
const dockerTry = (args: string[]) => sh(dockerBin, args, repoRoot, { DOCKER_BUILDKIT: '1' }, 120_000);

const sizes: { cell: string; image: number; binary: number }[] = [];
let upstream: Upstream;

before(async () => {
  // stand-in base images under the exact names the Dockerfiles use (cached between runs)
  must('bash', [path.join(repoRoot, 'scripts/base-images.sh')], repoRoot, {}, 1_200_000);
  upstream = await startUpstream();
});

after(async () => {
  await upstream?.close();
  if (sizes.length) {
    console.log('# image sizes (bytes): cell | image | stripped binary | ratio');
    for (const s of sizes) console.log(`# ${s.cell} | ${s.image} | ${s.binary} | ${(s.image / s.binary).toFixed(3)}`);
    const out = path.join(repoRoot, 'dist', 'docker-sizes.json');
    writeFileSync(out, JSON.stringify(sizes, null, 2));
  }
});

const hostUid = (pid: string) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const uid = /^Uid:\s+(\d+)\s+(\d+)/m.exec(status)!;
  const gid = /^Gid:\s+(\d+)\s+(\d+)/m.exec(status)!;
  return { uid: Number(uid[2]), gid: Number(gid[2]) };
};

async function runContainer(image: string, withCA: boolean): Promise<{ id: string; base: string }> {
  const port = await freePort();
  const args = [
    'run', '-d', '--read-only', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges',
    // host networking: the container reaches the loopback TLS upstream and we reach it on 127.0.0.1
    '--network', 'host',
    // the image's own HEALTHCHECK command, polled faster than its 10 s interval to keep the suite short
    '--health-interval', '1s', '--health-start-period', '1s',
    '-e', `PORT=${port}`, '-e', `IP_UPSTREAM_URL=${upstream.url}`,
  ];
  if (withCA) args.push('-v', `${upstream.dir}:/ca:ro`, '-e', 'SSL_CERT_FILE=/ca/ca.pem');
  const id = docker([...args, image]).trim();
  const base = `http://127.0.0.1:${port}`;
  const alive = () => dockerTry(['inspect', '-f', '{{.State.Running}}', id]).stdout.trim() === 'true';
  try {
    await waitFor200(`${base}/healthz`, 30_000, alive);
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${dockerTry(['logs', id]).stdout}${dockerTry(['logs', id]).stderr}`);
  }
  return { id, base };
}

function cells(): { framework: Framework; lua: LuaEngine; target: Target }[] {
  const out: { framework: Framework; lua: LuaEngine; target: Target }[] = [];
  for (const framework of frameworks)
    for (const lua of engines)
      for (const target of targets) if (target.buildableOffline && (lua === 'none' || target.lua[lua])) out.push({ framework, lua, target });
  return out;
}

for (const t of targets.filter((x) => !x.buildableOffline)) {
  it(`${t.name}: not built here — statically checked only`, (ctx) => {
    ctx.skip(`${t.name} is statically checked only (test/unit/dockerfile.test.ts): ${t.offlineReason}`);
  });
}

const projects = new Map<string, Generated>();
function project(framework: Framework, lua: LuaEngine): Generated {
  const key = `${framework}-${lua}`;
  if (!projects.has(key)) projects.set(key, generate(`img-${key}`, ['--framework', framework, '--lua', lua]));
  return projects.get(key)!;
}

for (const { framework, lua, target } of cells()) {
  const cell = `${framework} × lua ${lua} × ${target.name}`;
  describe(cell, { concurrency: false }, () => {
    const image = `go-minimal-test/${framework}-${lua}-${target.name}:latest`;
    let p: Generated;

    it('builds', () => {
      p = project(framework, lua);
      must(process.execPath, [path.join(repoRoot, 'dist/generators/cli.js'), 'image', target.name], p.dir);
      docker(['build', '-q', '--build-arg', 'VERSION=1.2.3', '--build-arg', 'COMMIT=abc1234', '-t', image, '.'], p.dir);
      const labels = JSON.parse(docker(['inspect', '-f', '{{json .Config.Labels}}', image]));
      assert.equal(labels['org.opencontainers.image.version'], '1.2.3');
      assert.equal(labels['org.opencontainers.image.revision'], 'abc1234');
      const user = docker(['inspect', '-f', '{{.Config.User}}', image]).trim();
      assert.equal(user, `${target.user.uid}:${target.user.gid}`);
    });

    it('stays within its size budget', () => {
      const imageSize = Number(docker(['image', 'inspect', '-f', '{{.Size}}', image]).trim());
      const cid = docker(['create', image]).trim();
      const out = path.join(p.root, `app-${target.name}`);
      try {
        docker(['cp', `${cid}:/app`, out]);
      } finally {
        dockerTry(['rm', cid]);
      }
      const binary = statSync(out).size;
      const link = lua === 'none' ? 'pure-go' : target.lua[lua]!.link;
      const elf = sh('readelf', ['-d', out], p.root);
      if (link === 'dynamic') assert.match(elf.stdout, /NEEDED.*liblua5\.1/, 'dynamically linked against liblua5.1');
      else assert.match(elf.stdout + elf.stderr, /There is no dynamic section/, 'fully static: no dynamic section');
      rmSync(out);
      sizes.push({ cell, image: imageSize, binary });
      console.log(`# ${cell}: image ${imageSize} B, binary ${binary} B, ratio ${(imageSize / binary).toFixed(3)}`);
      const budget = sizeBudget(target, framework, lua);
      assert.ok(imageSize <= budget, `image ${imageSize} B exceeds the ${target.name} budget ${budget} B`);
      assert.ok(binary <= binaryBudget(framework, lua), `binary ${binary} B exceeds its budget ${binaryBudget(framework, lua)} B`);
      if (target.name === 'scratch') assert.ok(imageSize / binary <= 1.03, `scratch image/binary ratio ${(imageSize / binary).toFixed(3)} > 1.03`);
    });

    it('answers every endpoint inside a read-only, cap-less container as its non-root user, turns healthy and stops on SIGTERM', async () => {
      const { id, base } = await runContainer(image, true);
      try {
        await checkEndpoints(base, { lua: lua !== 'none', upstreamIP: '203.0.113.7' });
        const pid = docker(['inspect', '-f', '{{.State.Pid}}', id]).trim();
        const ids = hostUid(pid);
        assert.deepEqual(ids, { uid: target.user.uid, gid: target.user.gid }, 'process runs as the numeric non-root user');
        // the image's HEALTHCHECK (the binary's own healthcheck subcommand) turns healthy
        const deadline = Date.now() + 30_000;
        let health = '';
        while (Date.now() < deadline && health !== 'healthy') {
          health = docker(['inspect', '-f', '{{.State.Health.Status}}', id]).trim();
          if (health !== 'healthy') await new Promise((r) => setTimeout(r, 500));
        }
        assert.equal(health, 'healthy');
      } finally {
        const t0 = Date.now();
        dockerTry(['stop', '-t', '10', id]);
        const ms = Date.now() - t0;
        const code = docker(['inspect', '-f', '{{.State.ExitCode}}', id]).trim();
        const logs = dockerTry(['logs', id]);
        dockerTry(['rm', '-f', id]);
        assert.equal(code, '0', `exit code after SIGTERM:\n${logs.stdout}${logs.stderr}`);
        assert.ok(ms < 5_000, `stopped in ${ms} ms`);
      }
    });

    it('refuses the upstream without its CA (TLS verification happens in the image)', async () => {
      const { id, base } = await runContainer(image, false);
      try {
        await checkTLSRefused(base);
      } finally {
        dockerTry(['rm', '-f', id]);
      }
    });

    if (!target.provides.shell) {
      it('contains no shell', () => {
        for (const sh of ['/bin/sh', '/bin/bash', '/busybox/sh']) {
          const r = dockerTry(['run', '--rm', '--entrypoint', sh, image, '-c', 'true']);
          assert.notEqual(r.status, 0, `${sh} ran in ${image}`);
        }
      });
    }
  });
}

for (const framework of frameworks) {
  for (const lua of engines) {
    it(`docker build --target test passes (${framework} × lua ${lua})`, () => {
      const p = project(framework, lua);
      // must() fails the test with the build log when `go vet` or `go test` fails inside the stage
      docker(['build', '--progress', 'plain', '--target', 'test', '-t', `go-minimal-test/${framework}-${lua}-test`, '.'], p.dir);
    });
  }
}

it('builds a project that has no go.sum (generated with --skip-install)', () => {
  const p = generate('img-nosum', ['--framework', 'nethttp', '--lua', 'none'], { install: false });
  const r = sh('test', ['-e', path.join(p.dir, 'go.sum')], p.dir);
  assert.notEqual(r.status, 0, 'no go.sum before the build');
  docker(['build', '-q', '-t', 'go-minimal-test/nosum:latest', '.'], p.dir);
});

// Sub-generators in the Docker tier: endpoints added later answer inside the container, and
// the Dockerfile the image sub-generator switches to builds, for every buildable target.
for (const framework of frameworks) {
  describe(`${framework} project grown with the sub-generators`, { concurrency: false }, () => {
    let p: Generated;
    const custom = [
      { method: 'GET', path: '/greet' },
      { method: 'POST', path: '/user-profile' },
    ];
    it('adds endpoints', () => {
      p = generate(`grown-${framework}`, ['--framework', framework, '--lua', 'none']);
      must(process.execPath, [path.join(repoRoot, 'dist/generators/cli.js'), 'endpoint', 'greet', '--defaults'], p.dir);
      must(process.execPath, [path.join(repoRoot, 'dist/generators/cli.js'), 'endpoint', 'user-profile', '--method', 'POST', '--defaults'], p.dir);
    });
    for (const target of targets.filter((t) => t.buildableOffline)) {
      it(`switched to ${target.name}: builds and serves the added endpoints`, async () => {
        must(process.execPath, [path.join(repoRoot, 'dist/generators/cli.js'), 'image', target.name], p.dir);
        const image = `go-minimal-test/grown-${framework}-${target.name}:latest`;
        docker(['build', '-q', '-t', image, '.'], p.dir);
        const { id, base } = await runContainer(image, true);
        try {
          await checkEndpoints(base, { lua: false, upstreamIP: '203.0.113.7', custom });
        } finally {
          dockerTry(['rm', '-f', id]);
        }
      });
    }
  });
}

// The opt-in UPX flag: the packed binary still serves everything from an empty image.
describe('nethttp × lua none × scratch with --upx', { concurrency: false }, () => {
  it('builds a smaller image that still answers every endpoint', async () => {
    const p = generate('img-upx', ['--framework', 'nethttp', '--lua', 'none', '--target', 'scratch', '--upx']);
    const image = 'go-minimal-test/nethttp-none-scratch-upx:latest';
    docker(['build', '-q', '-t', image, '.'], p.dir);
    const packed = Number(docker(['image', 'inspect', '-f', '{{.Size}}', image]).trim());
    const plain = sizes.find((s) => s.cell === 'nethttp × lua none × scratch');
    console.log(`# nethttp × lua none × scratch + upx: image ${packed} B${plain ? ` (${(packed / plain.image).toFixed(3)} of the unpacked image)` : ''}`);
    if (plain) assert.ok(packed < plain.image, 'UPX makes the image smaller');
    const { id, base } = await runContainer(image, true);
    try {
      await checkEndpoints(base, { lua: false, upstreamIP: '203.0.113.7' });
    } finally {
      dockerTry(['rm', '-f', id]);
    }
  });
});
