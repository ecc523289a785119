// Golden trees: for each case of test/golden/cases.ts, the whole project the generator writes
// (.yo-rc.json, Dockerfile, .dockerignore and all) equals test/golden/<case>/ byte for byte.
// An intended template change: `npm run golden:update`, then review `git diff test/golden`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { choiceByName } from '../../generators/lib/choices.js';
import { parseStored } from '../../generators/lib/stored.js';
import { cliPath } from '../support/paths.js';
import { goldenCases } from '../golden/cases.js';
import {
  caseCommands,
  caseConfig,
  compareTrees,
  formatFileDiff,
  formatTreeDiff,
  goldenRoot,
  readTree,
  renderCase,
  sameTree,
  snapshotDir,
  updateCommand,
} from '../golden/golden.js';

/** fewer files than this means something stopped rendering, not a smaller project */
const MIN_FILES = 15;

describe('golden trees', () => {
  for (const c of goldenCases) {
    it(`${c.id}: the generated tree equals test/golden/${c.id}/`, () => {
      const rendered = renderCase(c);
      assert.ok(rendered.size >= MIN_FILES, `${c.id}: only ${rendered.size} files rendered`);
      for (const f of ['.yo-rc.json', 'Dockerfile', '.dockerignore', 'go.mod', 'main.go']) assert.ok(rendered.has(f), `${c.id}: ${f} rendered`);
      const rc = parseStored(rendered.get('.yo-rc.json')!);
      assert.ok(!('error' in rc), `${c.id}: .yo-rc.json reads back (${'error' in rc ? rc.error : ''})`);
      assert.deepEqual(rc.config.endpoints, c.endpoints ?? [], `${c.id}: endpoints recorded`);
      assert.ok(existsSync(snapshotDir(c.id)), `${c.id}: no snapshot test/golden/${c.id}/ yet: create it with ${updateCommand}`);
      const snapshot = readTree(snapshotDir(c.id));
      assert.ok(snapshot.size >= MIN_FILES, `${c.id}: only ${snapshot.size} files in the snapshot`);
      const d = compareTrees(snapshot, rendered);
      if (!sameTree(d)) assert.fail(formatTreeDiff(c.id, snapshot, rendered, d));
    });
  }

  it('every folder in test/golden/ is a case, and the case ids are distinct folder names', () => {
    const ids = goldenCases.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length, 'distinct ids');
    for (const id of ids) assert.match(id, /^[a-z0-9][a-z0-9-]*$/);
    const dirs = readdirSync(goldenRoot, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    const stale = dirs.filter((d) => !ids.includes(d));
    assert.deepEqual(stale, [], `snapshot folders without a case in test/golden/cases.ts: remove them with ${updateCommand}`);
  });

  it('the cases cover every framework, Lua engine and image target of the choices table', () => {
    const configs = goldenCases.map(caseConfig);
    for (const key of ['framework', 'lua', 'target'] as const) {
      const missing = choiceByName(key)!.choices!.filter((v) => !configs.some((cfg) => cfg[key] === v));
      assert.deepEqual(missing, [], `no golden case has ${key} ${missing.join(', ')}: add one to test/golden/cases.ts, then ${updateCommand}`);
    }
  });

  it('the real bin (--skip-install, endpoints added with `go-minimal endpoint`) writes exactly the rendered trees', () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GO_MINIMAL_')));
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'go-minimal-golden-bin-'));
    try {
      for (const c of goldenCases) {
        const { app, endpoints } = caseCommands(c);
        const dir = path.join(tmp, app[0]!);
        const runs = [{ cwd: tmp, args: app }, ...endpoints.map((args) => ({ cwd: dir, args }))];
        for (const { cwd, args } of runs) {
          const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
          assert.equal(r.status, 0, `${c.id}: go-minimal ${args.join(' ')}\n${r.stdout}${r.stderr}`);
        }
        const written = readTree(dir);
        const rendered = renderCase(c);
        const d = compareTrees(written, rendered);
        if (!sameTree(d)) assert.fail(`${c.id}: the bin wrote another tree than renderCase (test/golden/golden.ts) renders:\n${formatTreeDiff(c.id, written, rendered, d)}`);
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('rendering is deterministic, and the comparator reports a one-byte change, a missing and an extra file', () => {
    const c = goldenCases[0]!;
    const rendered = renderCase(c);
    assert.ok(rendered.size > 0);
    assert.ok(sameTree(compareTrees(rendered, renderCase(c))), 'two renderings are identical');

    const file = 'main.go';
    const text = rendered.get(file)!;
    const at = Math.floor(text.length / 2);
    const line = text.slice(0, at).split('\n').length;
    const mutated = new Map(rendered);
    mutated.set(file, text.slice(0, at) + String.fromCharCode(text.charCodeAt(at) ^ 1) + text.slice(at + 1));
    mutated.delete('Dockerfile');
    mutated.set('stray.txt', 'x\n');
    const d = compareTrees(mutated, rendered);
    assert.deepEqual(d, { missing: ['stray.txt'], extra: ['Dockerfile'], changed: [file] });
    const report = formatTreeDiff(c.id, mutated, rendered, d);
    assert.match(report, new RegExp(`^-\\s*${line}\\| `, 'm'), 'the diff names the snapshot line');
    assert.match(report, new RegExp(`^\\+\\s*${line}\\| `, 'm'), 'the diff names the rendered line');
    assert.ok(report.includes(updateCommand), 'the report says how to update');
  });

  it('a file diff is capped and shows invisible bytes', () => {
    const before = Array.from({ length: 100 }, (_v, i) => `line ${i}`).join('\n');
    const after = before.replace(/line (\d+)/g, 'LINE $1');
    const diff = formatFileDiff('f.txt', before, after, 40);
    assert.equal(diff.split('\n').filter((l) => /^[-+]\s*\d+\| /.test(l)).length, 40);
    assert.match(diff, /160 more differing lines/);
    const cr = formatFileDiff('g.txt', 'a\nb\n', 'a\nb\r\n');
    assert.match(cr, /^\+ ?2\| b\\x0d$/m);
  });
});
