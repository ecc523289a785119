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

describe('validateModulePath (golang.org/x/mod/module.CheckPath, ported in gomod.ts)', () => {
  for (const p of ['example.com/hello', 'github.com/acme/hello-svc', 'gopkg.in/yaml.v3', 'gopkg.in/x.v0', 'gopkg.in/x.v2-unstable', 'example.com/a_b~c/x.y', 'example.com/x/v2', 'example.com/x/v10', 'example.com/_x', 'example.com/X~a', 'example.com/com0', 'a.b']) {
    it(`accepts ${p}`, () => ok(validateModulePath(p)));
  }
  // messages are Go's (malformed module path "…": reason) plus what is accepted
  const cases: [unknown, RegExp][] = [
    ['', /empty/],
    [undefined, /empty/],
    ['hello', /"hello": missing dot in first path element/],
    ['Example.com/x', /invalid char 'E' in first path element/],
    ['ex_ample.com/x', /invalid char '_' in first path element/],
    ['example.com//x', /double slash/],
    ['/example.com/x', /empty path element/],
    ['example.com/x/', /trailing slash/],
    ['-example.com', /leading dash/],
    ['example.com/../x', /invalid path element "\.\."/],
    ['example.com/.hidden', /leading dot in path element/],
    ['example.com/x/v1.2', /invalid version/],
    ['example.com/x.', /trailing dot/],
    ['example.com/hello world', /invalid char ' '/],
    ['example.com/héllo', /invalid char 'é'/],
    ['example.com/a"b', /invalid char '"'/],
    ['example.com/con', /"con" disallowed as path element component on Windows/],
    ['example.com/LPT1.txt', /"LPT1" disallowed/],
    ['example.com/FOO~1', /trailing tilde and digits/],
    ['example.com/FOO~1.x', /trailing tilde and digits/],
    ['example.com/x/v1', /invalid version/],
    ['example.com/x/v0', /invalid version/],
    ['example.com/x/v02', /invalid version/],
    ['gopkg.in/yaml', /invalid version/],
    ['gopkg.in/yaml.v01', /invalid version/],
    ['example.com\\x', /invalid char '\\\\'/],
    [' example.com/x', /invalid char ' '/],
    ['example.com/\ud800', /invalid UTF-8/],
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
  for (const v of ['1.26', '1.26.0', '1.26.1', '1.26.8']) it(`accepts ${v}`, () => ok(validateGoVersion(v)));
  const cases: [string, RegExp][] = [
    ['1.25', /too old.*1\.26 or later.*x509roots/],
    ['1.24', /too old/],
    ['1.27', /Go 1\.27 is not a release this generator knows \(known: 1\.26\.0-1\.26\.8\)/],
    ['1.30.12', /not a release/],
    ['1.26.99', /1\.26\.99 has not been released \(latest 1\.26 release known: 1\.26\.8\)/],
    ['1.26.09', /leading zero/],
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
