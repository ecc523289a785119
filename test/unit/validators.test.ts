import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  parseGoVersionOutput,
  validateDestination,
  validateGoVersion,
  validateModulePath,
  validatePort,
  validateProjectName,
} from '../../generators/lib/validators.js';

const ok = (v: unknown) => assert.equal(v, true);
const bad = (v: unknown, re: RegExp) => {
  assert.equal(typeof v, 'string', `expected a message, got ${String(v)}`);
  assert.match(v as string, re);
  assert.ok(!(v as string).includes('\n'), 'messages are one line');
};

describe('validateModulePath (rules of golang.org/x/mod/module as go mod init applies them)', () => {
  for (const p of ['example.com/hello', 'github.com/acme/hello-svc', 'hello', 'gopkg.in/yaml.v3', 'example.com/a_b~c/x.y', 'example.com/x/v2', 'example.com/x/v10', 'example.com/.hidden', 'example.com/_x']) {
    it(`accepts ${p}`, () => ok(validateModulePath(p)));
  }
  const cases: [unknown, RegExp][] = [
    ['', /empty/],
    [undefined, /empty/],
    ['example.com//x', /empty path element/],
    ['/example.com/x', /leading or trailing slash/],
    ['example.com/x/', /leading or trailing slash/],
    ['-example.com', /starts with "-"/],
    ['example.com/../x', /invalid path element ".."/],
    ['example.com/x/v1.2', /major version suffix/],
    ['example.com/x.', /trailing dot/],
    ['example.com/hello world', /invalid character " "/],
    ['example.com/héllo', /invalid character "é"/],
    ['example.com/a"b', /invalid character/],
    ['example.com/con', /reserved file name on Windows/],
    ['example.com/LPT1.txt', /reserved/],
    ['example.com/FOO~1', /short name/],
    ['example.com/x/v1', /major version suffix \/v1/],
    ['example.com/x/v0', /major version suffix/],
    ['example.com/x/v02', /leading zeros/],
    ['example.com\\x', /backslash/],
    [' example.com/x', /spaces/],
  ];
  for (const [p, re] of cases) it(`rejects ${JSON.stringify(p)}`, () => bad(validateModulePath(p), re));
});

describe('validateProjectName', () => {
  for (const n of ['hello', 'hello-svc', 'svc_2', 'a.b']) it(`accepts ${n}`, () => ok(validateProjectName(n)));
  const cases: [unknown, RegExp][] = [
    ['', /empty/],
    ['..', /\.\./],
    ['../evil', /\.\./],
    ['a/../b', /\.\./],
    ['/tmp/x', /absolute/],
    ['C:\\x', /absolute/],
    ['a/b', /path separator/],
    ['.hidden', /starts with "\."/],
    ['hello world', /characters other than/],
    ['-x', /characters other than/],
  ];
  for (const [n, re] of cases) it(`rejects ${JSON.stringify(n)}`, () => bad(validateProjectName(n), re));
});

describe('validateDestination', () => {
  it('accepts a missing or empty directory', () => {
    ok(validateDestination('x', { exists: false, isDirectory: false, entries: 0 }, false));
    ok(validateDestination('x', { exists: true, isDirectory: true, entries: 0 }, false));
  });
  it('refuses a non-empty directory unless forced', () => {
    bad(validateDestination('x', { exists: true, isDirectory: true, entries: 2 }, false), /not empty.*--force/);
    ok(validateDestination('x', { exists: true, isDirectory: true, entries: 2 }, true));
  });
  it('refuses a file', () => bad(validateDestination('x', { exists: true, isDirectory: false, entries: 0 }, true), /not a directory/));
});

describe('validatePort', () => {
  for (const p of ['1', '80', '8080', '65535', 3000]) it(`accepts ${p}`, () => ok(validatePort(p)));
  const cases: [unknown, RegExp][] = [
    ['0', /out of range.*1-65535/],
    ['65536', /out of range/],
    ['-1', /not a whole number/],
    ['80.5', /not a whole number/],
    ['http', /not a whole number/],
    ['', /not a whole number/],
  ];
  for (const [p, re] of cases) it(`rejects ${JSON.stringify(p)}`, () => bad(validatePort(p), re));
});

describe('validateGoVersion', () => {
  for (const v of ['1.25', '1.26', '1.26.1', '1.30.12']) it(`accepts ${v}`, () => ok(validateGoVersion(v)));
  const cases: [string, RegExp][] = [
    ['1.24', /too old.*1\.25/],
    ['1.19.8', /too old/],
    ['2.0', /form 1\.N/],
    ['1', /form 1\.N/],
    ['1.26rc1', /form 1\.N/],
    ['go1.26', /form 1\.N/],
    ['1.026', /leading zero/],
  ];
  for (const [v, re] of cases) it(`rejects ${v}`, () => bad(validateGoVersion(v), re));
  it('parses go version output', () => {
    assert.equal(parseGoVersionOutput('go version go1.26.8 linux/amd64'), '1.26');
    assert.equal(parseGoVersionOutput('go version go1.25 linux/arm64'), '1.25');
    assert.equal(parseGoVersionOutput('bash: go: not found'), undefined);
  });
});
