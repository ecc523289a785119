// One option table per generator (choices.ts for the app, commands.ts for the sub-commands):
// --help, the flags the generator registers and accepts, and the refusals all come from it.
// Every check loops over the table, so a new entry is covered without a new test.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import helpers from 'yeoman-test';
import { choices } from '../../generators/lib/choices.js';
import { generatorFlags, subCommands, type GeneratorName, type SubAnswer } from '../../generators/lib/commands.js';
import { oneLine } from '../../generators/lib/terminal.js';
import { cliPath, generatorPath } from '../support/paths.js';
import { treeSnapshot } from '../support/tree.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'gm-options-'));
const cli = (cwd: string, args: string[]) =>
  spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
const generators: GeneratorName[] = ['app', 'endpoint', 'image', 'update'];
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

/** Options Yeoman's Generator registers by itself and we neither list nor use. */
const yeomanDefaults = new Set(['skip-cache', 'force-install', 'ask-answered']);

/** A generator instance, built but not run, with these raw command-line arguments. */
async function instance(gen: GeneratorName, args: string[] = []): Promise<Record<string, unknown>> {
  const ctx = helpers.create(generatorPath(gen), { namespace: `go-minimal:${gen}` }).withArguments(args);
  await ctx.build();
  return (ctx as unknown as { generator: Record<string, unknown> }).generator;
}

/** The check of the command line, as initializing() runs it. */
function checkArgs(g: Record<string, unknown>, gen: GeneratorName, raw: string[]): void {
  g._args = raw;
  (g._checkArgs as (gen: GeneratorName) => void).call(g, gen);
}

describe('one option table per generator', () => {
  for (const gen of generators) {
    it(`${gen}: the flags in --help == the flags registered and accepted == the table`, async () => {
      const table = sorted(generatorFlags(gen).map((f) => f.flag));
      const r = cli(tmp(), gen === 'app' ? ['--help'] : [gen, '--help']);
      assert.equal(r.status, 0, r.stderr);
      const help = sorted([...r.stdout.matchAll(/^ {2}--([a-z0-9-]+)/gm)].map((m) => m[1]!));
      assert.deepEqual(help, table, 'flags in --help');

      const g = await instance(gen);
      const options = g._options as Record<string, { hide?: boolean }>;
      const registered = sorted(Object.entries(options).filter(([n, o]) => !o.hide && !yeomanDefaults.has(n)).map(([n]) => n));
      // the table's flags that nobody registers are the environment's own (--force)
      assert.deepEqual(table.filter((f) => !registered.includes(f)), ['force'], 'table flags not registered');
      assert.deepEqual(registered.filter((f) => !table.includes(f)), [], 'registered flags not in the table');

      for (const { flag, boolean } of generatorFlags(gen)) checkArgs(g, gen, boolean ? [`--${flag}`] : [`--${flag}`, 'v']);
      // a flag of another generator's table is refused by name
      const others = sorted(generators.filter((o) => o !== gen).flatMap((o) => generatorFlags(o).map((f) => f.flag))).filter((f) => !table.includes(f));
      assert.ok(others.length > 0);
      for (const flag of others) assert.throws(() => checkArgs(g, gen, [`--${flag}`]), new RegExp(`^UsageError: unknown option --${flag} `), flag);
    });
  }
});

/** A value the validator refuses: the first of a few hostile candidates (boolean flags: "maybe"). */
function badValue(e: { kind: string; validate: (v: unknown) => unknown; normalize?: (v: string) => string }): string {
  const candidates = e.kind === 'boolean' ? ['maybe'] : ['bad value!', 'Z', '0', ''];
  const bad = candidates.find((v) => e.validate(e.normalize ? e.normalize(v) : v) !== true);
  assert.ok(bad !== undefined, 'the validator refuses one of the candidates');
  return bad;
}

interface Case {
  gen: GeneratorName;
  name: string;
  args: string[];
  want: string;
}

/** Every validated entry of every table, given a bad value on the command line. */
function cases(): Case[] {
  const out: Case[] = [];
  const verdict = (e: { validate: (v: unknown) => unknown; normalize?: (v: string) => string }, v: string) => oneLine(String(e.validate(e.normalize ? e.normalize(v) : v)));
  const yesNo = (flag: string, v: string) => `--${flag} is a yes/no flag: use --${flag} or --no-${flag} (got "${v}")`;
  for (const c of choices) {
    const bad = badValue(c);
    const flag = c.kind === 'boolean' ? [`--${c.flag}=${bad}`] : [`--${c.flag}`, bad];
    out.push({ gen: 'app', name: c.flag, args: [...(c.name === 'name' ? [] : ['svc']), '--defaults', '--skip-install', ...flag], want: c.kind === 'boolean' ? yesNo(c.flag, bad) : verdict(c, bad) });
  }
  for (const sub of ['endpoint', 'image', 'update'] as const) {
    for (const a of subCommands[sub].answers as readonly SubAnswer<never>[]) {
      const bad = badValue(a);
      const given = a.argument ? [bad] : a.kind === 'boolean' ? [`--${a.flag}=${bad}`] : [`--${a.flag}`, bad];
      // the argument comes first; a flag's run names an argument the other entries accept
      const rest = a.argument ? [] : subCommands[sub].answers.some((x) => x.argument) ? [sub === 'endpoint' ? 'greet' : 'distroless'] : [];
      out.push({ gen: sub, name: a.flag, args: [sub, ...given, ...rest, '--defaults', '--skip-install'], want: a.kind === 'boolean' ? yesNo(a.flag, bad) : verdict(a, bad) });
    }
  }
  return out;
}

describe('every validated table entry refuses a bad value given on the command line', () => {
  let project = '';
  before(() => {
    const dir = tmp();
    const r = cli(dir, ['svc', '--defaults', '--skip-install', '--no-git']);
    assert.equal(r.status, 0, r.stderr);
    project = path.join(dir, 'svc');
  });

  const all = cases();
  it('covers every generator with answers', () => {
    assert.deepEqual(sorted(all.map((c) => c.gen)), ['app', 'endpoint', 'image']);
    assert.equal(all.length, choices.length + subCommands.endpoint.answers.length + subCommands.image.answers.length);
  });
  for (const c of all) {
    it(`${c.gen} ${c.name}: ${c.args.join(' ')}`, () => {
      const cwd = c.gen === 'app' ? tmp() : project;
      const beforeTree = treeSnapshot(cwd);
      const r = cli(cwd, c.args);
      assert.equal(r.status, 1, `exit ${r.status}\n${r.stdout}\n${r.stderr}`);
      assert.deepEqual(r.stderr.trim().split('\n'), [`go-minimal: error: ${c.want}`], 'one line: the validator\'s verdict');
      assert.deepEqual(treeSnapshot(cwd), beforeTree, 'nothing written');
    });
  }
});
