// The image name: one value (context.imageName), valid per the distribution reference grammar,
// rendered in every image reference of the generated project, whatever the project name's case.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildContext, type StoredConfig } from '../../generators/lib/context.js';
import { validateProjectName } from '../../generators/lib/validators.js';
import { runApp } from '../support/yeoman.js';

// github.com/distribution/reference regexp.go, as regular expressions
const alnum = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alnum}(?:${separator}${alnum})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domainName = `${domainComponent}(?:\\.${domainComponent})*`;
const ipv6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainAndPort = `(?:${domainName}|${ipv6})(?::[0-9]+)?`;
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const namePat = `(?:${domainAndPort}/)?${remoteName}`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';
const referenceRe = new RegExp(`^(${namePat})(?::(${tag}))?(?:@(${digest}))?$`);

/** A reference as docker parses it: null when invalid (pattern, 255-character name limit). */
export function parseReference(ref: string): { name: string; tag?: string } | null {
  const m = referenceRe.exec(ref);
  if (!m || m[1]!.length > 255) return null;
  return { name: m[1]!, tag: m[2] };
}

describe('reference grammar port (sanity)', () => {
  for (const good of ['svc', 'my-svc:dev', 'a__b', 'a.b_c', 'ghcr.io/acme/svc:1.0.0', 'localhost:5000/x:ci']) {
    it(`accepts ${good}`, () => assert.notEqual(parseReference(good), null));
  }
  for (const badRef of ['MySvc', 'my_svc_', '-svc', 'a___b', 'svc:', 'svc:-x', 'a..b', '']) {
    it(`refuses ${JSON.stringify(badRef)}`, () => assert.equal(parseReference(badRef), null));
  }
});

const cfg = (name: string): StoredConfig => ({ name, module: 'example.com/x', goVersion: '1.26', framework: 'nethttp', lua: 'none', port: 8080, target: 'scratch', upx: false, endpoints: [] });

describe('imageName', () => {
  it('is a valid lower-case image name for every valid project name (fast-check)', () => {
    const projectName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/).filter((n) => validateProjectName(n) === true);
    fc.assert(
      fc.property(projectName, (n) => {
        const img = buildContext(cfg(n)).imageName;
        return img === img.toLowerCase() && parseReference(img) !== null && parseReference(`${img}:dev`) !== null;
      }),
      { numRuns: 2000 },
    );
  });

  for (const name of ['MySvc', 'My_Svc.2', 'UPPER', 'a__b', '9lives', 'x..y']) {
    it(`"${name}": every image reference in the generated project is "${buildContext(cfg(name)).imageName}" and valid`, async () => {
      const result = await runApp({ k8s: true, compose: true, ci: true, git: false }, [name]);
      const read = (f: string) => readFileSync(path.join(result.cwd, name, f), 'utf8');
      const expected = buildContext(cfg(name)).imageName;
      const refs: [string, string][] = [];
      const grab = (file: string, re: RegExp) => {
        const found = [...read(file).matchAll(re)].map((m) => m[1]!);
        assert.ok(found.length > 0, `${file}: no image reference found by ${re}`);
        for (const r of found) refs.push([file, r]);
      };
      grab('Makefile', /^IMAGE\s*:= (\S+)$/gm);
      grab('README.md', /docker build (?:--platform \S+ )?-t (\S+) \./g);
      grab('README.md', /docker run .* (\S+)$/gm);
      grab('Dockerfile', /-t (\S+) \./g);
      grab('compose.yaml', /image: (\S+)/g);
      grab('deploy/k8s/deployment.yaml', /^\s+image: (\S+)/gm);
      grab('.github/workflows/ci.yml', /^\s+tags: ([^\s\[]+)$/gm);
      for (const [file, quoted] of refs) {
        // YAML files quote the scalar (lit.yaml): the reference is the parsed value
        const ref = /^".*"$/.test(quoted) ? (JSON.parse(quoted) as string) : quoted;
        const parsed = parseReference(ref);
        assert.notEqual(parsed, null, `${file}: "${ref}" is not a valid image reference`);
        assert.equal(parsed!.name, expected, `${file}: "${ref}" uses another name than imageName`);
      }
    });
  }
});
