import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/paths.js';
import {
  choices,
  equivalentCommand,
  helpText,
  runFlags,
  validateAnswers,
  withDefaults,
} from '../../generators/lib/choices.js';
import { luaCompatibility, sizeBudget, targetByName, targets, type Target } from '../../generators/lib/targets.js';
import { unknownFlags } from '../../generators/lib/base.js';
import { frameworkNames, luaEngineNames } from '../../generators/lib/catalogue.js';

describe('choices table', () => {
  it('has unique names and flags, a prompt, help and a valid default for every choice', () => {
    assert.equal(new Set(choices.map((c) => c.name)).size, choices.length);
    assert.equal(new Set(choices.map((c) => c.flag)).size, choices.length);
    const all = withDefaults({}, {});
    for (const c of choices) {
      assert.ok(c.prompt.length > 0 && c.help.length > 0, c.name);
      const v = all[c.name];
      assert.equal(c.validate(typeof v === 'string' ? v : String(v)), true, `default of ${c.name} must validate`);
    }
  });

  it('keeps the flags the issue names', () => {
    const flags = choices.map((c) => c.flag);
    for (const f of ['module', 'go-version', 'framework', 'lua', 'port', 'target']) assert.ok(flags.includes(f), f);
    const run: string[] = runFlags.map((f) => f.flag);
    for (const f of ['defaults', 'skip-install', 'force']) assert.ok(run.includes(f), f);
  });

  it('derives defaults from earlier answers and the local go', () => {
    const a = withDefaults({ name: 'svc' }, { localGo: '1.26' });
    assert.equal(a.module, 'example.com/svc');
    assert.equal(a.goVersion, '1.26');
    assert.equal(withDefaults({}, { localGo: '1.27' }).goVersion, '1.26', 'a local go newer than the known releases falls back to the pinned version');
    assert.equal(withDefaults({}, { localGo: '1.19' }).goVersion, '1.26', 'too-old local go falls back to the pinned version');
    assert.equal(withDefaults({}, {}).goVersion, '1.26');
    assert.equal(a.port, 8080);
    assert.equal(a.upx, false);
  });

  it('validates answers one line at a time, naming what is accepted', () => {
    assert.equal(validateAnswers(withDefaults({}, {})), null);
    assert.match(validateAnswers({ framework: 'echo' as never })!, /framework "echo" is not known \(accepted: nethttp, gin, chi\)/);
    assert.match(validateAnswers({ target: 'ubuntu' })!, /accepted: scratch, distroless, alpine, golang/);
    assert.match(validateAnswers({ port: 0 })!, /out of range/);
    assert.match(validateAnswers({ lua: 'luajit' as never })!, /accepted: none, gopher, golua/);
  });

  it('prints an equivalent command that lists every choice', () => {
    const a = withDefaults({ name: 'my svc', framework: 'gin', upx: true }, { localGo: '1.26' });
    const cmd = equivalentCommand(a);
    assert.equal(
      cmd,
      "go-minimal 'my svc' --module 'example.com/my svc' --go-version 1.26 --framework gin --lua none --port 8080 --target scratch --upx --ci --no-k8s --no-compose --no-git --defaults",
    );
  });

  it('--help lists every option with its default and every target', () => {
    const h = helpText({ localGo: '1.26' });
    for (const c of choices) {
      const line = h.split('\n').find((l) => l.trimStart().startsWith(`--${c.flag}`));
      assert.ok(line, `--${c.flag} listed`);
      assert.match(line!, /\(default: [^)]+\)/, `--${c.flag} shows its default`);
    }
    for (const f of runFlags) assert.match(h, new RegExp(`--${f.flag}\\b`));
    for (const t of targets) assert.match(h, new RegExp(`^  ${t.name} `, 'm'));
    assert.match(h, /alpine .*not buildable offline/);
  });

  it('detects unknown flags but accepts ours, negations and Yeoman\'s', () => {
    const known = [...choices.map((c) => c.flag), ...runFlags.map((f) => f.flag)];
    assert.deepEqual(unknownFlags(['hello', '--framwork', 'gin'], known), ['framwork']);
    assert.deepEqual(unknownFlags(['--port=80', '--no-upx', '--skip-install', '--no-color', '--', '--x'], known), []);
    // accepted only where they take effect: -f would be silently ignored (--dry-run is ours)
    assert.deepEqual(unknownFlags(['--dry-run', '-f'], known), ['f']);
  });
});

describe('targets catalogue', () => {
  it('has complete entries', () => {
    for (const t of targets) {
      assert.ok(t.user.uid > 0 && t.user.gid > 0, `${t.name} runs as non-root numeric user`);
      assert.ok(t.buildableOffline || (t.offlineReason ?? '').length > 10, `${t.name} says why it cannot be built offline`);
      assert.ok(t.baseBudget > 0, `${t.name} base budget`);
      for (const f of frameworkNames)
        for (const k of luaEngineNames) assert.ok(sizeBudget(t, f, k) > t.baseBudget, `${t.name} budget ${f} ${k}`);
    }
    assert.throws(() => targetByName('nope'), /unknown target "nope" \(accepted: scratch, distroless, alpine, golang\)/);
  });

  it('refuses an engine a target cannot run, naming the alternatives', () => {
    const noCgo: Target = { ...targetByName('scratch'), name: 'tiny', lua: { gopher: { link: 'pure-go' } } };
    const catalogue = [...targets, noCgo];
    assert.equal(luaCompatibility('gopher', noCgo, catalogue), null);
    assert.equal(luaCompatibility('none', noCgo, catalogue), null);
    assert.equal(
      luaCompatibility('golua', noCgo, catalogue),
      'lua engine "golua" cannot run on target "tiny": engines for tiny: gopher; targets for golua: scratch, distroless, alpine, golang',
    );
  });
});

describe('README options table', () => {
  it('lists every enum choice with exactly the values the choices table accepts, and its default', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    for (const c of choices.filter((x) => x.kind === 'enum')) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`--${c.flag}\` |`));
      assert.ok(row, `README has a row for --${c.flag}`);
      const [, values, def] = row.split(' | ');
      assert.deepEqual(values!.split(', ').map((v) => v.replace(/`/g, '')), [...c.choices!], `--${c.flag} values`);
      assert.equal(def, `\`${String(c.default({}, {}))}\``, `--${c.flag} default`);
    }
  });
});

