// Presets: parsePreset (pure), precedence, and the printed equivalent command for the new booleans.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  choices,
  equivalentCommand,
  helpText,
  layerAnswers,
  parsePreset,
  presetKey,
  validateAnswers,
  withDefaults,
} from '../../generators/lib/choices.js';

const ok = (text: string, file = 'team.yaml') => {
  const r = parsePreset(text, file);
  assert.ok('answers' in r, `expected answers, got ${'error' in r ? r.error : ''}`);
  return r.answers;
};
const err = (text: string, file = 'team.yaml') => {
  const r = parsePreset(text, file);
  assert.ok('error' in r, `expected an error, got ${JSON.stringify(r)}`);
  assert.doesNotMatch(r.error, /\n/, 'one line');
  return r.error;
};

describe('parsePreset', () => {
  it('keys are the long flag names in camelCase, one per choice', () => {
    assert.deepEqual(choices.map(presetKey), ['name', 'module', 'goVersion', 'framework', 'lua', 'port', 'target', 'upx', 'ci', 'k8s', 'compose', 'git']);
  });

  it('reads YAML into typed answers', () => {
    const a = ok('# team defaults\nframework: gin\ntarget: distroless\nport: 9090\ngoVersion: 1.26\nk8s: true\ncompose: false\ngit: true\n');
    assert.deepEqual(a, { framework: 'gin', target: 'distroless', port: 9090, goVersion: '1.26', k8s: true, compose: false, git: true });
  });

  it('keeps an unquoted 1.30 as Go 1.30 (not the number 1.3), in YAML and in JSON', () => {
    // 1.30 has no release yet: the refusal shows the value was read as "1.30", not 1.3
    assert.match(err('goVersion: 1.30'), /Go version 1\.30: Go 1\.30 is not a release/);
    assert.match(err('{"goVersion": 1.30}', 'p.json'), /Go version 1\.30: Go 1\.30 is not a release/);
    assert.equal(ok('goVersion: 1.26').goVersion, '1.26');
    assert.equal(ok('goVersion: "1.26.1"').goVersion, '1.26.1');
  });

  it('reads JSON, with strings or numbers for numbers', () => {
    const a = ok('{"framework": "nethttp", "lua": "gopher", "port": "8081", "upx": true, "ci": false}', 'team.json');
    assert.deepEqual(a, { framework: 'nethttp', lua: 'gopher', port: 8081, upx: true, ci: false });
    assert.deepEqual(ok('{"port": 8082}', 'team.json'), { port: 8082 });
  });

  it('accepts an empty subset ({}) and any subset', () => {
    assert.deepEqual(ok('{}', 'x.json'), {});
    assert.deepEqual(ok('lua: none'), { lua: 'none' });
  });

  it('rejects unknown keys, naming the key and the accepted ones, with a hint for near misses', () => {
    assert.equal(
      err('framwork: gin'),
      `preset team.yaml: unknown key "framwork" (accepted: ${choices.map(presetKey).join(', ')}); did you mean "framework"?`,
    );
    assert.equal(err('colour: blue'), `preset team.yaml: unknown key "colour" (accepted: ${choices.map(presetKey).join(', ')})`, 'no hint when nothing is close');
    assert.match(err('go-version: "1.26"'), /unknown key "go-version" .*did you mean "goVersion"\?$/);
    assert.match(err('{"GOVERSION": "1.26"}', 'p.json'), /did you mean "goVersion"/);
  });

  it('rejects invalid values with the same messages as flags, naming the key', () => {
    assert.equal(err('port: 0'), 'preset team.yaml: key "port": port 0 is out of range (accepted: 1-65535)');
    assert.equal(err('framework: echo'), 'preset team.yaml: key "framework": framework "echo" is not known (accepted: nethttp, gin, chi)');
    assert.match(err('goVersion: 1.19'), /^preset team\.yaml: key "goVersion": Go version 1\.19 is too old/);
    assert.match(err('k8s: yes'), /^preset team\.yaml: key "k8s": k8s must be true or false, got "yes"$/);
    assert.match(err('git:'), /key "git": git must be true or false, got ""/);
    assert.match(err('module: "example.com//x"'), /key "module": malformed module path "example.com\/\/x": double slash/);
    assert.match(err('name: ../x'), /key "name": project name "\.\.\/x" contains "\.\."/);
  });

  it('rejects lists and mappings as values, and non-mapping documents', () => {
    assert.match(err('target: [scratch, alpine]'), /key "target" must be a single value, not a list$/);
    assert.match(err('lua: {engine: gopher}'), /key "lua" must be a single value, not a mapping$/);
    assert.match(err('- framework: gin'), /must be a mapping .* \(got a list\)$/);
    assert.match(err('gin'), /must be a mapping .* \(got a single value\)$/);
    assert.match(err(''), /^preset team\.yaml: is empty/);
  });

  it('reports syntax errors and duplicate keys as one line', () => {
    assert.match(err('framework: gin\nframework: nethttp'), /^preset team\.yaml: not valid YAML: Map keys must be unique/);
    assert.match(err('target: [unclosed'), /^preset team\.yaml: not valid YAML: /);
    assert.match(err('{"framework": "gin",}', 'team.json'), /^preset team\.json: not valid JSON: /);
  });
});

describe('precedence: flags > preset > prompts/defaults', () => {
  it('flags override the preset, the preset overrides defaults', () => {
    const preset = ok('framework: gin\ntarget: distroless\nport: 9090\nk8s: true\ngit: true');
    const layered = layerAnswers(preset, { port: 7070, git: false });
    assert.deepEqual(layered, { framework: 'gin', target: 'distroless', port: 7070, k8s: true, git: false });
    const all = withDefaults(layered, { git: true });
    assert.equal(all.port, 7070);
    assert.equal(all.git, false, 'an explicit --no-git beats the preset and the machine default');
    assert.equal(all.lua, 'none', 'a choice in neither takes its default');
    assert.equal(all.ci, true);
  });

  it('checks combinations across preset and flags', () => {
    assert.equal(validateAnswers(layerAnswers(ok('lua: gopher'), { target: 'scratch' })), null);
  });
});

describe('the new boolean choices', () => {
  it('git defaults to on exactly when git is installed; ci on; k8s and compose off', () => {
    assert.equal(withDefaults({}, { git: true }).git, true);
    assert.equal(withDefaults({}, { git: false }).git, false);
    assert.equal(withDefaults({}, {}).git, false);
    const d = withDefaults({}, {});
    assert.deepEqual([d.ci, d.k8s, d.compose], [true, false, false]);
  });

  it('the equivalent command spells out every yes/no flag and never prompts (--defaults)', () => {
    const a = withDefaults({ name: 'svc', git: false, ci: false }, { git: true, localGo: '1.26' });
    const cmd = equivalentCommand(a, 'go-minimal', { git: true });
    assert.match(cmd, / --no-upx --no-ci --no-k8s --no-compose --no-git --defaults$/);
    const on = equivalentCommand(withDefaults({ name: 'svc', k8s: true, compose: true }, { git: true }), 'go-minimal', { git: true });
    assert.match(on, / --no-upx --ci --k8s --compose --git --defaults$/);
    // git off on a machine without git is still spelled out: the command must mean the same elsewhere
    assert.match(equivalentCommand(withDefaults({ name: 'svc' }, {}), 'go-minimal', {}), / --no-git --defaults$/);
  });

  it('--help shows the machine-dependent git default and the --preset flag', () => {
    const h = helpText({ git: true });
    assert.match(h, /--git .*\(default: on when git is installed: true here\)/);
    assert.match(h, /--preset <file> .*JSON or YAML/);
  });
});
