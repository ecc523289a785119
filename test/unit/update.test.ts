// go-minimal update: pure merge decisions, then the real bin on generated projects with a
// simulated later release (templates changed + version bumped; see test/support/release.ts).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { migrate } from '../../generators/lib/migrations.js';
import { sha256 } from '../../generators/lib/project.js';
import { merge3, planFile, planUpdate } from '../../generators/lib/update.js';
import { cliPath } from '../support/paths.js';
import { generate, must, sh } from '../support/project.js';
import { simulateRelease, teamEdits } from '../support/release.js';
import { frameworkNames } from '../../generators/lib/catalogue.js';

const read = (dir: string, f: string) => readFileSync(path.join(dir, f), 'utf8');
const rc = (dir: string) => JSON.parse(read(dir, '.yo-rc.json'))['generator-go-minimal'] as Record<string, unknown>;
const update = (dir: string, env: NodeJS.ProcessEnv, ...args: string[]) => sh(process.execPath, [cliPath, 'update', ...args], dir, env);
const git = (dir: string, ...args: string[]) => must('git', ['-c', 'user.name=t', '-c', 'user.email=t@localhost', ...args], dir);
const commitAll = (dir: string, msg: string) => {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', msg);
};

/** Every file under dir (without .git) -> contents. */
function snapshot(dir: string, rel = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(path.join(dir, rel))) {
    if (name === '.git') continue;
    const r = path.join(rel, name);
    if (statSync(path.join(dir, r)).isDirectory()) for (const [k, v] of snapshot(dir, r)) out.set(k, v);
    else out.set(r, read(dir, r));
  }
  return out;
}
const ref = (dir: string) => sh('git', ['rev-parse', '-q', '--verify', 'refs/go-minimal/base'], dir).stdout.trim();

describe('update decisions (pure)', () => {
  const base = 'a\nb\nc\nd\ne\n';
  it('replaces an unmodified file and keeps a file only you changed', () => {
    assert.deepEqual(planFile('f', { text: base }, base, 'a\nB\nc\nd\ne\n'), { file: 'f', action: 'updated', write: 'a\nB\nc\nd\ne\n' });
    assert.equal(planFile('f', { text: base }, 'a\nb\nc\nd\nE\n', base).action, 'unchanged');
  });
  it('merges non-overlapping changes and marks overlapping ones, losing nothing', () => {
    const m = planFile('f', { text: base }, 'A\nb\nc\nd\ne\n', 'a\nb\nc\nd\nE\n');
    assert.deepEqual(m, { file: 'f', action: 'merged', write: 'A\nb\nc\nd\nE\n' });
    const c = merge3('a\nb\nOURS\nd\ne\n', base, 'a\nb\nTHEIRS\nd\ne\n');
    assert.equal(c.conflict, true);
    assert.match(c.text, /<<<<<<< ours \(your file\)\nOURS\n\|\|\|\|\|\|\| base \(generated before\)\nc\n=======\nTHEIRS\n>>>>>>> theirs \(generator update\)\n/);
  });
  it('keeps CRLF files CRLF', () => {
    assert.equal(merge3('A\r\nb\r\nc\r\n', 'a\nb\nc\n', 'a\nb\nC\n').text, 'A\r\nb\r\nC\r\n');
  });
  it('adds, removes only unmodified, keeps deleted files deleted', () => {
    assert.equal(planFile('f', undefined, undefined, 'x').action, 'added');
    assert.equal(planFile('f', { text: 'x' }, undefined, 'y').action, 'deleted');
    assert.equal(planFile('f', { text: 'x' }, 'x', undefined).action, 'removed');
    assert.equal(planFile('f', { text: 'x' }, 'mine', undefined).action, 'kept');
    assert.equal(planFile('f', { hash: sha256('x') }, 'x', undefined).action, 'removed');
  });
  it('without a base text: hash decides, a real difference is a conflict with theirs written beside', () => {
    assert.equal(planFile('f', { hash: sha256('old') }, 'old', 'new').action, 'updated');
    assert.equal(planFile('f', { hash: sha256('old') }, 'mine', 'old').action, 'unchanged');
    assert.deepEqual(planFile('f', { hash: sha256('old') }, 'mine', 'new'), { file: 'f', action: 'conflict', side: { file: 'f.go-minimal-new', text: 'new' } });
    assert.deepEqual(planFile('f', undefined, 'mine', 'new').side, { file: 'f.go-minimal-new', text: 'new' });
  });
  it('counts and says whether anything changes', () => {
    const p = planUpdate(new Map([['a', { text: 'x' }]]), (f) => (f === 'a' ? 'x' : undefined), new Map([['a', 'x'], ['b', 'y']]));
    assert.equal(p.counts.added, 1);
    assert.equal(p.counts.unchanged, 1);
    assert.equal(p.changes, true);
  });
  it('migrates 0.1.0 answers (schema 1 -> 2) and refuses a newer schema', () => {
    const m = migrate({ name: 'svc', module: 'example.com/svc' });
    assert.equal(m.cfg.schemaVersion, 2);
    assert.deepEqual([m.cfg.ci, m.cfg.k8s, m.cfg.compose, m.cfg.git, m.cfg.endpoints], [false, false, false, false, []]);
    assert.equal(m.applied.length, 1);
    assert.deepEqual(migrate({ module: 'm', schemaVersion: 2, ci: true }).applied, []);
    assert.equal(migrate({ module: 'm', schemaVersion: 2, ci: true }).cfg.ci, true);
    assert.match(migrate({ module: 'm', schemaVersion: 9 }).error!, /newer than this generator understands/);
  });
});

for (const framework of frameworkNames) {
  describe(`update of a ${framework} project with team edits and an endpoint`, { concurrency: false }, () => {
    const p = generate(`up-${framework}`, ['--framework', framework], { install: false });
    const release = simulateRelease();

    it('records the base at generation: ref, versions, hashes; the tree stays clean', () => {
      assert.notEqual(ref(p.dir), '');
      assert.equal(rc(p.dir).schemaVersion, 2);
      assert.equal(rc(p.dir).generatorVersion, JSON.parse(readFileSync(path.join(cliPath, '../../../package.json'), 'utf8')).version);
      assert.equal((rc(p.dir).baseHashes as Record<string, string>)['main.go'], sha256(read(p.dir, 'main.go')));
      assert.equal(must('git', ['status', '--porcelain'], p.dir), '');
    });

    it('merges the release into team-edited Go code, Dockerfile and README; endpoint kept', () => {
      must(process.execPath, [cliPath, 'endpoint', 'greet', '--defaults'], p.dir);
      // the endpoint sub-generator moved the base for the files it wrote
      assert.equal(must('git', ['show', 'refs/go-minimal/base:pkg/server/endpoint_greet.go'], p.dir), read(p.dir, 'pkg/server/endpoint_greet.go'));
      assert.equal((rc(p.dir).baseHashes as Record<string, string>)['pkg/server/routes_gen.go'], sha256(read(p.dir, 'pkg/server/routes_gen.go')));
      teamEdits(p.dir);
      writeFileSync(path.join(p.dir, 'pkg/server/endpoint_greet.go'), read(p.dir, 'pkg/server/endpoint_greet.go').replace(/\n$/, '\n// team: greet is public\n'));
      commitAll(p.dir, 'team work');
      const before = ref(p.dir);
      const r = update(p.dir, release, '--skip-install');
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /0\.1\.0 -> 0\.2\.0 \(base: refs\/go-minimal\/base\)/);
      assert.match(r.stdout, /merged \(your changes and the template changes\): Dockerfile/);
      const server = read(p.dir, 'pkg/server/server.go');
      assert.match(server, /IdleTimeout\s+= 90 \* time.Second/);
      assert.match(server, /const TeamBudget = 3/);
      const docker = read(p.dir, 'Dockerfile');
      assert.match(docker, /# Release 0\.2\.0: bump GO_VERSION/);
      assert.match(docker, /LABEL org.opencontainers.image.vendor="team"/);
      const readme = read(p.dir, 'README.md');
      assert.match(readme, /keep it current with `go-minimal update`/);
      assert.match(readme, /## Team notes/);
      assert.match(read(p.dir, 'pkg/server/endpoint_greet.go'), /team: greet is public/);
      assert.match(read(p.dir, 'pkg/server/routes_gen.go'), /greet/i);
      assert.ok(!read(p.dir, 'pkg/server/server.go').includes('<<<<<<<'));
      assert.equal(rc(p.dir).generatorVersion, '0.2.0');
      assert.deepEqual((rc(p.dir).endpoints as unknown[]).length, 1);
      // the new base is what 0.2.0 renders: the ref moved and holds the release's server.go
      assert.notEqual(ref(p.dir), before);
      assert.match(must('git', ['show', 'refs/go-minimal/base:pkg/server/server.go'], p.dir), /90 \* time.Second/);
      assert.doesNotMatch(must('git', ['show', 'refs/go-minimal/base:pkg/server/server.go'], p.dir), /TeamBudget/);
    });

    it('a second update is a no-op', () => {
      commitAll(p.dir, 'update to 0.2.0');
      const files = snapshot(p.dir);
      const before = ref(p.dir);
      const r = update(p.dir, release, '--skip-install');
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /already up to date with generator-go-minimal 0\.2\.0: nothing changed/);
      assert.deepEqual(snapshot(p.dir), files);
      assert.equal(ref(p.dir), before);
      assert.equal(must('git', ['status', '--porcelain'], p.dir), '');
    });
  });
}

describe('update: conflicts, deletions, refusals, dry run', { concurrency: false }, () => {
  const p = generate('up-conflict', ['--framework', 'nethttp'], { install: false });
  const release = simulateRelease();

  it('refuses a dirty git tree with one line and writes nothing; --dry-run writes nothing', () => {
    writeFileSync(path.join(p.dir, 'pkg/server/server.go'), read(p.dir, 'pkg/server/server.go').replace('IdleTimeout       = 60', 'IdleTimeout       = 120'));
    const files = snapshot(p.dir);
    const r = update(p.dir, release);
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^go-minimal: error: the git work tree has uncommitted changes .*--force/);
    assert.deepEqual(snapshot(p.dir), files);

    const before = ref(p.dir);
    const d = update(p.dir, release, '--dry-run');
    // the real run would be refused (dirty tree): the dry run says so and exits 1
    assert.equal(d.status, 1, d.stdout + d.stderr);
    assert.match(d.stdout, /the real run would be refused: the git work tree has uncommitted changes/);
    assert.match(d.stdout, /\[dry run: nothing written\]/);
    assert.match(d.stdout, /merged 2 \(clean: 2 replaced, 0 3-way\), conflicting 1, added 0, removed 0, unchanged \d+/);
    assert.match(d.stdout, /CONFLICT: pkg\/server\/server\.go/);
    assert.deepEqual(snapshot(p.dir), files);
    assert.equal(ref(p.dir), before);
  });

  it('overlapping edit: conflict markers, nothing lost, exit 3; a deleted file stays deleted', () => {
    rmSync(path.join(p.dir, '.golangci.yml'));
    commitAll(p.dir, 'team: longer idle timeout, no linter config');
    const r = update(p.dir, release, '--skip-install');
    assert.equal(r.status, 3, r.stdout + r.stderr);
    assert.match(r.stdout, /CONFLICT: pkg\/server\/server\.go \(conflict markers/);
    assert.match(r.stdout, /left deleted \(you deleted it\): \.golangci\.yml/);
    assert.ok(!existsSync(path.join(p.dir, '.golangci.yml')));
    const server = read(p.dir, 'pkg/server/server.go');
    assert.match(server, /<<<<<<< ours \(your file\)\n\tIdleTimeout {7}= 120 \* time.Second\n\|\|\|\|\|\|\| base \(generated before\)\n\tIdleTimeout {7}= 60 \* time.Second\n=======\n\tIdleTimeout {7}= 90 \* time.Second\n>>>>>>> theirs/);
    // the rest of the release still landed
    assert.match(read(p.dir, 'Dockerfile'), /# Release 0\.2\.0/);
    assert.equal(rc(p.dir).generatorVersion, '0.2.0');
    // --force: a dirty tree (the conflict) is accepted; nothing more to do
    const again = update(p.dir, release, '--force', '--skip-install');
    assert.equal(again.status, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /already up to date/);
  });

  it('answers changed by hand: new files added, dropped files removed only when unmodified', () => {
    commitAll(p.dir, 'resolve later');
    const cfg = JSON.parse(read(p.dir, '.yo-rc.json'));
    cfg['generator-go-minimal'].compose = true;
    cfg['generator-go-minimal'].ci = false;
    cfg['generator-go-minimal'].k8s = true;
    writeFileSync(path.join(p.dir, '.yo-rc.json'), JSON.stringify(cfg, null, 2) + '\n');
    commitAll(p.dir, 'want compose and k8s, no ci');
    const r = update(p.dir, release, '--skip-install');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /added \(new in this version\): compose\.yaml/);
    assert.match(r.stdout, /removed \(no longer generated, unmodified\): \.github\/workflows\/ci\.yml/);
    assert.ok(existsSync(path.join(p.dir, 'compose.yaml')));
    assert.ok(existsSync(path.join(p.dir, 'deploy/k8s/deployment.yaml')));
    assert.ok(!existsSync(path.join(p.dir, '.github')), 'the folders the removed file leaves empty go too');
  });

  it('a file no longer generated but modified is kept', () => {
    commitAll(p.dir, 'compose');
    writeFileSync(path.join(p.dir, 'compose.yaml'), read(p.dir, 'compose.yaml') + '# team\n');
    const cfg = JSON.parse(read(p.dir, '.yo-rc.json'));
    cfg['generator-go-minimal'].compose = false;
    writeFileSync(path.join(p.dir, '.yo-rc.json'), JSON.stringify(cfg, null, 2) + '\n');
    commitAll(p.dir, 'no compose');
    const r = update(p.dir, release, '--skip-install');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /kept \(no longer generated, but you changed it\): compose\.yaml/);
    assert.match(read(p.dir, 'compose.yaml'), /# team/);
  });

  it('the image sub-generator moves the base of what it rewrote; the release still merges into it', () => {
    commitAll(p.dir, 'keep compose');
    // the project was updated by the simulated 0.2.0: the image sub-generator of that release
    must(process.execPath, [cliPath, 'image', 'distroless', '--defaults'], p.dir, release);
    const docker = read(p.dir, 'Dockerfile');
    assert.equal(must('git', ['show', 'refs/go-minimal/base:Dockerfile'], p.dir), docker);
    assert.equal((rc(p.dir).baseHashes as Record<string, string>).Dockerfile, sha256(docker));
    commitAll(p.dir, 'distroless');
    const r = update(p.dir, simulateRelease('0.2.1'), '--skip-install');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(read(p.dir, 'Dockerfile'), /# Release 0\.2\.0[\s\S]*distroless/);
    commitAll(p.dir, 'update 0.2.1');
  });

  it('never prompts: finishes with stdin left open (no TTY, no EOF), with or without --defaults', async () => {
    // the project is at 0.2.1 now (previous test): run that release, not an older one
    const latest = simulateRelease('0.2.1');
    for (const extra of [[], ['--defaults']]) {
      const child = spawn(process.execPath, [cliPath, 'update', '--dry-run', ...extra], { cwd: p.dir, env: { ...process.env, ...latest }, stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => {
          child.kill();
          resolve(null);
        }, 90_000);
        child.on('exit', (c) => {
          clearTimeout(timer);
          resolve(c);
        });
      });
      assert.notEqual(code, null, 'update waited for input');
      assert.ok(code === 0 || code === 3, `exit ${code}: ${out}`);
      assert.match(out, /already up to date|\[dry run: nothing written\]/);
    }
  });

  it('never prompts and refuses unknown flags and arguments', () => {
    const r = update(p.dir, release, '--bogus');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /unknown option --bogus/);
    const a = update(p.dir, release, 'extra');
    assert.equal(a.status, 1);
    assert.match(a.stderr, /unexpected argument "extra"/);
  });

  it('refuses outside a project', () => {
    const r = update(p.root, release);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /not inside a go-minimal project/);
  });
});

/** Make a fresh project look like one generated by 0.1.0 (no versions, no base record). */
function as010(dir: string): void {
  const cfg = JSON.parse(read(dir, '.yo-rc.json'));
  const k = cfg['generator-go-minimal'];
  for (const key of ['schemaVersion', 'generatorVersion', 'baseHashes', 'ci', 'k8s', 'compose', 'git']) delete k[key];
  writeFileSync(path.join(dir, '.yo-rc.json'), JSON.stringify(cfg, null, 2) + '\n');
}

describe('update of projects generated by 0.1.0', { concurrency: false }, () => {
  const release = simulateRelease();

  it('with git: the initial commit is the base; answers migrated; clean 3-way merge', () => {
    const p = generate('up-old-git', ['--framework', 'gin', '--no-ci'], { install: false });
    as010(p.dir);
    must('git', ['update-ref', '-d', 'refs/go-minimal/base'], p.dir);
    git(p.dir, 'add', '-A');
    git(p.dir, 'commit', '-q', '--amend', '--no-edit');
    assert.match(must('git', ['log', '--format=%s'], p.dir), /^Initial commit from generator-go-minimal/);
    teamEdits(p.dir);
    commitAll(p.dir, 'team work');
    const r = update(p.dir, release, '--skip-install');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /0\.1\.0 -> 0\.2\.0 \(base: the initial commit from generator-go-minimal\)/);
    assert.match(r.stdout, /answers migrated 1->2/);
    assert.match(read(p.dir, 'pkg/server/server.go'), /90 \* time.Second[\s\S]*const TeamBudget = 3/);
    assert.match(read(p.dir, 'README.md'), /go-minimal update[\s\S]*## Team notes/);
    assert.match(read(p.dir, 'Dockerfile'), /# Release 0\.2\.0[\s\S]*vendor="team"/);
    const after = rc(p.dir);
    assert.deepEqual([after.schemaVersion, after.generatorVersion, after.ci, after.k8s, after.compose, after.git], [2, '0.2.0', false, false, false, false]);
    assert.notEqual(ref(p.dir), '');
    commitAll(p.dir, 'update');
    const again = update(p.dir, release, '--skip-install');
    assert.equal(again.status, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /already up to date/);
  });

  it('without git: recorded hashes decide; an edited or unrecorded file that changed is a conflict, theirs beside it', () => {
    const p = generate('up-old-nogit', ['--framework', 'nethttp', '--no-ci', '--no-git'], { install: false });
    assert.ok(!existsSync(path.join(p.dir, '.git')));
    as010(p.dir);
    teamEdits(p.dir);
    const oursReadme = read(p.dir, 'README.md');
    const oursServer = read(p.dir, 'pkg/server/server.go');
    const r = update(p.dir, release, '--skip-install');
    assert.equal(r.status, 3, r.stdout + r.stderr);
    assert.match(r.stdout, /base: file hashes in \.yo-rc\.json/);
    // README (edited, no recorded hash in 0.1.0) and server.go (edited): yours kept, theirs beside
    assert.equal(read(p.dir, 'README.md'), oursReadme);
    assert.match(read(p.dir, 'README.md.go-minimal-new'), /keep it current with `go-minimal update`/);
    assert.equal(read(p.dir, 'pkg/server/server.go'), oursServer);
    assert.match(read(p.dir, 'pkg/server/server.go.go-minimal-new'), /90 \* time.Second/);
    // Dockerfile: edited, its hash was recorded (owned file) and the template changed: conflict too
    assert.match(r.stdout, /CONFLICT: Dockerfile \(yours kept; the new version is in Dockerfile\.go-minimal-new\)/);
    // an unedited file whose template did not change: untouched, no side file
    assert.ok(!existsSync(path.join(p.dir, 'main.go.go-minimal-new')));
    const again = update(p.dir, release, '--skip-install');
    assert.equal(again.status, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /already up to date/);
  });

  it('without git, generated by this version: unedited files take the release, edited ones conflict beside', () => {
    const p = generate('up-nogit', ['--framework', 'gin', '--no-git'], { install: false });
    writeFileSync(path.join(p.dir, 'README.md'), read(p.dir, 'README.md') + '\n## Team notes\n');
    const r = update(p.dir, release, '--skip-install');
    assert.equal(r.status, 3, r.stdout + r.stderr);
    assert.match(read(p.dir, 'pkg/server/server.go'), /90 \* time.Second/);
    assert.match(read(p.dir, 'Dockerfile'), /# Release 0\.2\.0/);
    assert.match(read(p.dir, 'README.md'), /## Team notes/);
    assert.ok(existsSync(path.join(p.dir, 'README.md.go-minimal-new')));
  });
});
