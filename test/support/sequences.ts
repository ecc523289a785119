// Random sequences of operations through the real bin (node dist/generators/cli.js), shared by the
// Go-tier property test (test/go/sequences.test.ts, fixed seed) and `npm run fuzz` (random seed).
// Invariant after every step: either the run exited != 0 and the tree is byte-for-byte unchanged,
// or it exited 0 and the project is gofmt/vet/test clean, .yo-rc.json parses with parseStored and
// agrees with the files, and no user edit was lost without --force.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { parseStored } from '../../generators/lib/stored.js';
import { goFileStem, type StoredConfig } from '../../generators/lib/context.js';
import { handlerFiles } from '../../generators/endpoint/files.js';
import { sha256 } from '../../generators/lib/project.js';
import { cli, must } from './project.js';
import { treeSnapshot } from './tree.js';
import { frameworkNames, frameworks } from '../../generators/lib/catalogue.js';

export type Op =
  | { kind: 'add'; name: string; method: 'GET' | 'POST'; force: boolean }
  | { kind: 'remove'; name: string; force: boolean }
  | { kind: 'image'; target: string; force: boolean }
  | { kind: 'app'; framework: string; lua: string; force: boolean }
  | { kind: 'edit'; pick: number }
  | { kind: 'tamper'; field: 'port' | 'endpoint'; then: 'add' | 'image' };

export interface Gen {
  framework: string;
  lua: string;
  bad?: 'port' | 'module';
}

export const endpointNames = ['greet', 'user-profile', 'x-linux', 'type', 'handle', 'endpoint', 'a b'];

export const genArb: fc.Arbitrary<Gen> = fc.record(
  { framework: fc.constantFrom(...frameworkNames), lua: fc.constantFrom('none', 'gopher'), bad: fc.constantFrom('port' as const, 'module' as const) },
  { requiredKeys: ['framework', 'lua'] },
);

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('add' as const), name: fc.constantFrom(...endpointNames), method: fc.constantFrom('GET' as const, 'POST' as const), force: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), name: fc.constantFrom(...endpointNames), force: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('image' as const), target: fc.constantFrom('scratch', 'distroless', 'golang', 'alpine'), force: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('app' as const), framework: fc.constantFrom(...frameworkNames), lua: fc.constantFrom('none', 'gopher'), force: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('edit' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tamper' as const), field: fc.constantFrom('port' as const, 'endpoint' as const), then: fc.constantFrom('add' as const, 'image' as const) }) },
);

export const sequenceArb = (steps: number) => fc.tuple(genArb, fc.array(opArb, { minLength: steps, maxLength: steps }));

export interface Stats {
  sequences: number;
  steps: number;
  applied: number;
  refused: number;
  log: string[];
}
export const newStats = (): Stats => ({ sequences: 0, steps: 0, applied: 0, refused: 0, log: [] });

const NAME = 'seq';
const read = (dir: string, f: string) => readFileSync(path.join(dir, f), 'utf8');

function storedConfig(dir: string): StoredConfig {
  const parsed = parseStored(read(dir, '.yo-rc.json'));
  assert.ok(!('error' in parsed), 'error' in parsed ? `.yo-rc.json: ${parsed.error}` : '');
  return parsed.config;
}

function healthy(dir: string, step: string): void {
  assert.equal(must('gofmt', ['-l', '.'], dir).trim(), '', `${step}: gofmt -l lists nothing`);
  must('go', ['vet', './...'], dir);
  must('go', ['test', '-count=1', './...'], dir);
}

/** .yo-rc.json agrees with the files: hashes of unedited files, handlers, Lua, framework, image. */
function agrees(dir: string, cfg: StoredConfig, userEdited: Map<string, string>, step: string): void {
  for (const [f, h] of Object.entries(cfg.generated ?? {})) {
    assert.ok(existsSync(path.join(dir, f)), `${step}: hash of a missing file ${f}`);
    if (!userEdited.has(f)) assert.equal(sha256(read(dir, f)), h, `${step}: ${f} is as go-minimal last wrote it`);
  }
  const stems = new Set(cfg.endpoints.map((e) => goFileStem(e.name)));
  for (const n of endpointNames) {
    const [h] = handlerFiles(n);
    assert.equal(existsSync(path.join(dir, h!)), stems.has(goFileStem(n)), `${step}: ${h} present iff stored`);
  }
  const routes = read(dir, 'pkg/server/routes_gen.go');
  for (const e of cfg.endpoints) assert.ok(routes.includes(JSON.stringify(e.path)), `${step}: route ${e.path} in routes_gen.go`);
  assert.equal(existsSync(path.join(dir, 'pkg/luarun')), cfg.lua !== 'none', `${step}: pkg/luarun iff lua (${cfg.lua})`);
  for (const f of frameworkNames)
    for (const r of frameworks[f].requires) assert.equal(read(dir, 'go.mod').includes(r.path), cfg.framework === f, `${step}: ${r.path} in go.mod iff framework ${f}`);
  if (!userEdited.has('Dockerfile')) assert.match(read(dir, 'Dockerfile'), new RegExp(`for the target "${cfg.target}"`), `${step}: Dockerfile for ${cfg.target}`);
}

function argsOf(op: Op): { args: string[]; parent: boolean; force: boolean } {
  switch (op.kind) {
    case 'add':
      return { args: ['endpoint', op.name, '--method', op.method, '--defaults', ...(op.force ? ['--force'] : [])], parent: false, force: op.force };
    case 'remove':
      return { args: ['endpoint', op.name, '--remove', ...(op.force ? ['--force'] : [])], parent: false, force: op.force };
    case 'image':
      return { args: ['image', op.target, ...(op.force ? ['--force'] : [])], parent: false, force: op.force };
    case 'app':
      return { args: [NAME, '--framework', op.framework, '--lua', op.lua, '--defaults', ...(op.force ? ['--force'] : [])], parent: true, force: op.force };
    default:
      throw new Error(`not a bin step: ${op.kind}`);
  }
}

/** Runs one sequence in a fresh temp folder; throws (assert) when an invariant breaks. */
export function runSequence(gen: Gen, ops: Op[], stats: Stats): void {
  const root = mkdtempSync(path.join(os.tmpdir(), 'gm-seq-'));
  const dir = path.join(root, NAME);
  stats.sequences++;
  const say = (s: string) => stats.log.push(s);
  try {
    const genArgs = [NAME, '--framework', gen.framework, '--lua', gen.lua, '--defaults'];
    if (gen.bad === 'port') genArgs.push('--port', 'x');
    if (gen.bad === 'module') genArgs.push('--module', 'Bad Module!');
    stats.steps++;
    const g = cli(root, ...genArgs);
    if (gen.bad) {
      assert.notEqual(g.status, 0, `generation with bad ${gen.bad} is refused`);
      assert.deepEqual(treeSnapshot(root), {}, `refused generation (bad ${gen.bad}) wrote nothing`);
      stats.refused++;
      say(`refused  ${genArgs.join(' ')}: ${(g.stderr || g.stdout).trim().split('\n').pop()}`);
      genArgs.splice(genArgs.length - 2, 2);
      stats.steps++;
      const g2 = cli(root, ...genArgs);
      assert.equal(g2.status, 0, `go-minimal ${genArgs.join(' ')}:\n${g2.stdout}\n${g2.stderr}`);
    } else {
      assert.equal(g.status, 0, `go-minimal ${genArgs.join(' ')}:\n${g.stdout}\n${g.stderr}`);
    }
    stats.applied++;
    say(`applied  ${genArgs.join(' ')}`);
    healthy(dir, 'generate');
    agrees(dir, storedConfig(dir), new Map(), 'generate');

    const userEdited = new Map<string, string>(); // file -> the line the user appended
    let edits = 0;
    for (const op of ops) {
      stats.steps++;
      const label = JSON.stringify(op);
      if (op.kind === 'edit') {
        const files = Object.keys(storedConfig(dir).generated ?? {}).filter((f) => /\.(go|yaml|yml|md)$|Dockerfile$|Makefile$/.test(f)).sort();
        const f = files[op.pick % files.length]!;
        const line = f.endsWith('.go') ? `\n// user edit ${++edits}\n` : `# user edit ${++edits}\n`; // gofmt-clean, as a user would
        writeFileSync(path.join(dir, f), `${read(dir, f)}${line}`);
        userEdited.set(f, line);
        say(`edited   ${f}`);
        continue;
      }
      if (op.kind === 'tamper') {
        const rcText = read(dir, '.yo-rc.json');
        const rc = JSON.parse(rcText);
        const cfg = rc['generator-go-minimal'];
        if (op.field === 'port') cfg.port = 'x';
        else cfg.endpoints = [...cfg.endpoints, { name: 'bad"name', path: '/bad', method: 'GET' }];
        writeFileSync(path.join(dir, '.yo-rc.json'), `${JSON.stringify(rc, null, 2)}\n`);
        const before = treeSnapshot(root);
        const args = op.then === 'add' ? ['endpoint', 'greet', '--defaults'] : ['image', 'alpine'];
        const r = cli(dir, ...args);
        assert.notEqual(r.status, 0, `${label}: go-minimal ${args.join(' ')} on a tampered .yo-rc.json is refused:\n${r.stdout}`);
        assert.deepEqual(treeSnapshot(root), before, `${label}: the refused run changed nothing`);
        writeFileSync(path.join(dir, '.yo-rc.json'), rcText);
        stats.refused++;
        say(`refused  ${args.join(' ')} (tampered ${op.field}): ${(r.stderr || r.stdout).trim().split('\n').pop()}`);
        continue;
      }
      const { args, parent, force } = argsOf(op);
      const before = treeSnapshot(root);
      const r = cli(parent ? root : dir, ...args);
      if (r.status !== 0) {
        assert.deepEqual(treeSnapshot(root), before, `${label}: refused (exit ${r.status}) and changed nothing`);
        stats.refused++;
        say(`refused  ${args.join(' ')}: ${(r.stderr || r.stdout).trim().split('\n').pop()}`);
        continue;
      }
      stats.applied++;
      say(`applied  ${args.join(' ')}`);
      const cfg = storedConfig(dir);
      for (const [f, line] of [...userEdited]) {
        const p = path.join(dir, f);
        const kept = existsSync(p) && read(dir, f).includes(line);
        if (!kept) assert.ok(force, `${label}: the user edit in ${f} was lost without --force`);
        // a file go-minimal (re)wrote or deleted is no longer the user's
        if (!kept || cfg.generated?.[f] === sha256(read(dir, f))) userEdited.delete(f);
      }
      healthy(dir, label);
      agrees(dir, cfg, userEdited, label);
    }
  } catch (error) {
    say(`FAILED in ${dir} (kept for inspection)`);
    throw error;
  }
  rmSync(root, { recursive: true, force: true });
}

/** Runs `sequences` random sequences of `steps` operations from `seed`; fast-check shrinks a failure. */
export function checkSequences(seed: number, sequences: number, steps: number, stats: Stats): void {
  const reproduce = `GO_MINIMAL_SEED=${seed} GO_MINIMAL_SEQUENCES=${sequences} GO_MINIMAL_STEPS=${steps} npm run build && node --test dist/test/go/sequences.test.js`;
  const result = fc.check(
    fc.property(sequenceArb(steps), ([gen, ops]) => runSequence(gen, ops, stats)),
    // no shrinking: every run costs go vet + go test per step; the path replays the failing run
    { seed, numRuns: sequences, endOnFailure: true, ...(process.env.GO_MINIMAL_PATH ? { path: process.env.GO_MINIMAL_PATH } : {}) },
  );
  if (result.failed) {
    const cause = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
    throw new Error(
      `sequence property failed (seed ${seed}, path "${result.counterexamplePath}")\n` +
        `counterexample: ${JSON.stringify(result.counterexample)}\n${cause}\n` +
        `reproduce: ${reproduce}\n(only the failing run: GO_MINIMAL_PATH=${result.counterexamplePath} ${reproduce})\nlast steps:\n${stats.log.slice(-10).join('\n')}`,
    );
  }
}

export function envInt(name: string, dflt: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`${name}=${v} is not an integer`);
  return n;
}
