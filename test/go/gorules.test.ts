// Go tier: the rules ported from Go (generators/lib/gomod.ts, versions.ts) checked against the
// real implementations: golang.org/x/mod v0.43.0 module.CheckPath, go/build Context.MatchFile
// over every `go tool dist list` platform, go/token, `go build`'s output name, and the go lines
// `go mod tidy` writes.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import {
  badWindowsNames,
  checkModulePathMessage,
  defaultExecName,
  fileNameConstraint,
  knownArch,
  knownOS,
} from '../../generators/lib/gomod.js';
import { validateEndpointName, validateModulePath } from '../../generators/lib/validators.js';
import { buildContext, goFileStem, goIdent, type StoredConfig } from '../../generators/lib/context.js';
import { goReleases, minGoMinor } from '../../generators/lib/versions.js';
import { engines, frameworks } from '../support/matrix.js';
import { generate, must, sh } from '../support/project.js';

// ---- the Go side: one program, fed a JSON file, answering with JSON

const checker = `package main

import (
	"encoding/json"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/module"
)

type input struct {
	ModulePaths []string
	Files       []string
	Idents      []string
	Platforms   []string
	ServerDirs  []string
}

type output struct {
	ModulePaths []string // "" = valid, else the error
	Constrained []bool   // excluded from the build on at least one platform
	ExportedID  []bool   // token.IsIdentifier && token.IsExported
	Decls       []string // top-level names and methods of the generated pkg/server
}

func main() {
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	var in input
	if err := json.Unmarshal(data, &in); err != nil {
		panic(err)
	}
	var out output
	for _, p := range in.ModulePaths {
		if err := module.CheckPath(p); err != nil {
			out.ModulePaths = append(out.ModulePaths, err.Error())
		} else {
			out.ModulePaths = append(out.ModulePaths, "")
		}
	}
	var ctxts []build.Context
	for _, pl := range in.Platforms {
		goos, goarch, _ := strings.Cut(pl, "/")
		c := build.Default
		c.GOOS, c.GOARCH, c.CgoEnabled = goos, goarch, false
		c.OpenFile = func(string) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("package server\\n")), nil }
		ctxts = append(ctxts, c)
	}
	for _, f := range in.Files {
		constrained := false
		for i := range ctxts {
			ok, err := ctxts[i].MatchFile("/virtual", f)
			if err != nil {
				panic(err)
			}
			if !ok {
				constrained = true
				break
			}
		}
		out.Constrained = append(out.Constrained, constrained)
	}
	for _, id := range in.Idents {
		out.ExportedID = append(out.ExportedID, token.IsIdentifier(id) && token.IsExported(id))
	}
	fset := token.NewFileSet()
	for _, dir := range in.ServerDirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, file := range files {
			f, err := parser.ParseFile(fset, file, nil, 0)
			if err != nil {
				panic(err)
			}
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					out.Decls = append(out.Decls, d.Name.Name)
				case *ast.GenDecl:
					for _, s := range d.Specs {
						switch s := s.(type) {
						case *ast.TypeSpec:
							out.Decls = append(out.Decls, s.Name.Name)
						case *ast.ValueSpec:
							for _, n := range s.Names {
								out.Decls = append(out.Decls, n.Name)
							}
						}
					}
				}
			}
		}
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(out); err != nil {
		panic(err)
	}
}
`;

interface CheckerInput {
  ModulePaths?: string[];
  Files?: string[];
  Idents?: string[];
  Platforms?: string[];
  ServerDirs?: string[];
}
interface CheckerOutput {
  ModulePaths: string[] | null;
  Constrained: boolean[] | null;
  ExportedID: boolean[] | null;
  Decls: string[] | null;
}

let checkerDir: string;
let bin: string;
before(() => {
  checkerDir = mkdtempSync(path.join(os.tmpdir(), 'gm-gorules-'));
  writeFileSync(path.join(checkerDir, 'go.mod'), 'module example.com/gorules\n\ngo 1.26.0\n\nrequire golang.org/x/mod v0.43.0\n');
  writeFileSync(path.join(checkerDir, 'main.go'), checker);
  must('go', ['mod', 'tidy'], checkerDir);
  bin = path.join(checkerDir, 'checker');
  must('go', ['build', '-o', bin, '.'], checkerDir);
});

function runChecker(input: CheckerInput): CheckerOutput {
  const file = path.join(checkerDir, `in-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(input));
  return JSON.parse(must(bin, [file], checkerDir)) as CheckerOutput;
}

// ---- 1. module paths

/** Hand-picked edge cases: every branch of CheckPath, SplitPathVersion and splitGopkgIn. */
const trickyPaths = [
  '', 'a', 'a.b', 'example.com', 'example.com/hello', 'hello', 'hello/world', 'Example.com/x', 'EXAMPLE.COM', 'ex_ample.com/x',
  'ex~ample.com/x', '-example.com', 'example.com-', '-', '.', '..', '...', '.example.com', 'example.com.', 'example..com',
  'example.com/', '/example.com', '//example.com', 'example.com//x', 'example.com/./x', 'example.com/../x', 'example.com/.x',
  'example.com/x.', 'example.com/x..y', 'example.com/_x', 'example.com/x_', 'example.com/~x', 'example.com/x~', 'example.com/x~1',
  'example.com/x~1.go', 'example.com/x~a', 'example.com/~1', 'example.com/x~1a', 'example.com/x~01', 'example.com/con',
  'example.com/CON', 'example.com/Con.txt', 'example.com/con.', 'example.com/conx', 'example.com/aux', 'example.com/nul',
  'example.com/prn', 'example.com/com0', 'example.com/com1', 'example.com/COM9.x', 'example.com/lpt0', 'example.com/lpt1',
  'example.com/LPT9', 'example.com/lpt10', 'con.com/x', 'nul.example.com', 'example.com/v0', 'example.com/v1', 'example.com/v2',
  'example.com/v01', 'example.com/v02', 'example.com/v10', 'example.com/v1.2', 'example.com/v2.0', 'example.com/v', 'example.com/V2',
  'example.com/x/v2/v3', 'example.com/x/v1/y', 'example.com/xv2', 'example.com/x.v2', 'example.com/x/2', 'example.com/x/v2.',
  'v2', 'example.com/..v2', 'gopkg.in/yaml.v3', 'gopkg.in/yaml.v0', 'gopkg.in/yaml.v1', 'gopkg.in/yaml.v01', 'gopkg.in/yaml',
  'gopkg.in/yaml.v3-unstable', 'gopkg.in/yaml.v0-unstable', 'gopkg.in/yaml-unstable', 'gopkg.in/v3', 'gopkg.in/.v3', 'gopkg.in/x/y.v2',
  'gopkg.in/x.v2/y', 'gopkg.in', 'gopkg.in/', 'example.com/héllo', 'exämple.com/x', 'example.com/日本', 'example.com/😀',
  'example.com/x y', 'example.com/x+y', 'example.com/x@v1', 'example.com/x%20', 'example.com/x\\y', 'example.com/x:y',
  'example.com/x\ty', 'example.com/x\u00a0', 'example.com/\u0000', 'example.com/ｘ', '1.2.3.4/x', 'a-.b/x', 'a.b/-x', 'a.b/x-',
  'github.com/acme/hello-svc', 'golang.org/x/mod', 'k8s.io/api/core/v1', 'example.com/x/v2/', 'example.com/x/v2//y',
];

const pieces = [
  'example.com', 'gopkg.in', 'github.com', 'Example.com', 'a.b', 'x', 'X', 'v0', 'v1', 'v2', 'v01', 'v10', 'v1.2', 'v2.0', 'con',
  'CON.txt', 'lpt1', 'com0', 'nul.x', 'x~1', 'x~a', '~1', '~', '.', '..', '.x', 'x.', 'a..b', '-x', 'x-', '_', 'yaml.v3', 'yaml.v0',
  'yaml.v01', 'x.v2-unstable', '-unstable', 'é', 'Ünï', '日本', '😀', ' ', '+', '@', '%', '\\', ':', '\t', '',
];
const element = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...pieces) },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-zA-Z0-9._~-]{1,8}$/) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...pieces), fc.constantFrom(...pieces)).map(([a, b]) => a + b) },
);
/** Mostly valid paths, so both verdicts are well represented. */
const validishArb = fc
  .tuple(
    fc.constantFrom('example.com', 'gopkg.in', 'github.com', 'a.b', 'go.dev', 'x-y.z'),
    fc.array(fc.oneof(fc.stringMatching(/^[a-zA-Z0-9_-][a-zA-Z0-9._~-]{0,6}[a-zA-Z0-9_~-]$/), fc.constantFrom('v2', 'v10', 'v1', 'v0', 'yaml.v3', 'x.v0', 'con', 'x~1', 'x~y')), { maxLength: 4 }),
  )
  .map(([first, rest]) => [first, ...rest].join('/'));
const randomPathArb = fc
  .tuple(fc.array(element, { minLength: 1, maxLength: 5 }), fc.constantFrom('', '', '', '/'), fc.constantFrom('', '', '', '/'))
  .map(([elems, pre, post]) => pre + elems.join('/') + post);
const modulePathArb = fc.oneof(randomPathArb, validishArb);

/** Decode the escapes strconv.Quote/QuoteRune write (\xNN, \uXXXX, \UXXXXXXXX) back to runes. */
function decodeGoEscapes(s: string): string {
  return s.replace(/\\(?:x([0-9a-f]{2})|u([0-9a-f]{4})|U([0-9a-f]{8}))/g, (_m, x?: string, u?: string, U?: string) => String.fromCodePoint(parseInt((x ?? u ?? U)!, 16)));
}

describe('module paths: the TS port agrees with golang.org/x/mod/module.CheckPath v0.43.0', () => {
  it('decodeGoEscapes turns Go escapes back into runes, and leaves the rest', () => {
    assert.equal(decodeGoEscapes('a\\u2fffb \\U0001f600 \\x00 \\n'), 'a\u2fffb \u{1f600} \u0000 \\n');
  });


  it('on ~130 hand-picked paths and ~2000 generated ones: same verdict for every path, same message', () => {
    const seed = Number(process.env.GORULES_SEED ?? Date.now() % 2 ** 31);
    const generated = fc.sample(modulePathArb, { numRuns: 2300, seed });
    const corpus = [...new Set([...trickyPaths, ...generated])];
    const go = runChecker({ ModulePaths: corpus }).ModulePaths!;
    assert.equal(go.length, corpus.length);
    const verdictDiffs: string[] = [];
    const messageDiffs: string[] = [];
    const escapingOnly: string[] = [];
    let refused = 0;
    corpus.forEach((p, i) => {
      const ours = checkModulePathMessage(p);
      const theirs = go[i] === '' ? null : go[i]!;
      if (theirs !== null) refused++;
      if ((ours === null) !== (theirs === null)) verdictDiffs.push(`${JSON.stringify(p)}: Go ${theirs ?? 'accepts'}, TS ${ours ?? 'accepts'}`);
      else if (ours !== theirs) {
        // Go quotes a rune it thinks unprintable as \uXXXX (strconv.IsPrint, Go's Unicode 15.0
        // tables); Node's tables are newer (e.g. U+2FFF, assigned in Unicode 15.1). Such a
        // difference in escaping only is reported, not failed; any other difference fails.
        if (decodeGoEscapes(ours!) === decodeGoEscapes(theirs!)) escapingOnly.push(JSON.stringify(p));
        else messageDiffs.push(`${JSON.stringify(p)}: Go "${theirs}", TS "${ours}"`);
      }
      // the validator the generator uses says the same
      assert.equal(validateModulePath(p) === true, theirs === null, `validateModulePath(${JSON.stringify(p)})`);
    });
    console.log(`# module paths: ${corpus.length} checked (seed ${seed}), ${refused} refused by Go, ${corpus.length - refused} accepted`);
    if (escapingOnly.length > 0) console.log(`# messages equal but for \\u escapes of runes whose printability differs between Go's and Node's Unicode tables: ${escapingOnly.join(', ')}`);
    assert.deepEqual(verdictDiffs, [], `verdicts differ (GORULES_SEED=${seed})`);
    assert.deepEqual(messageDiffs, [], `messages differ (GORULES_SEED=${seed})`);
    // the corpus exercises both sides in earnest
    assert.ok(refused > 200 && corpus.length - refused > 200, `refused ${refused} of ${corpus.length}`);
  });

  it('the Windows names are those of the x/mod source in the module cache', () => {
    const modcache = must('go', ['env', 'GOMODCACHE'], checkerDir).trim();
    const src = readFileSync(path.join(modcache, 'golang.org/x/mod@v0.43.0/module/module.go'), 'utf8');
    const block = /var badWindowsNames = \[\]string\{([^}]*)\}/.exec(src)![1]!;
    assert.deepEqual([...block.matchAll(/"([A-Z0-9]+)"/g)].map((m) => m[1]), [...badWindowsNames]);
  });

  it('every accepted hand-picked path is also accepted by go mod init', () => {
    for (const mp of trickyPaths.filter((p) => checkModulePathMessage(p) === null)) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'gm-modinit-'));
      const r = sh('go', ['mod', 'init', mp], dir);
      assert.equal(r.status, 0, `go mod init ${mp}: ${r.stderr}`);
    }
  });
});

// ---- 2. endpoint names -> file names and identifiers

const platforms = (): string[] => must('go', ['tool', 'dist', 'list'], os.tmpdir()).trim().split('\n');

function syslistMap(src: string, name: string): string[] {
  const block = new RegExp(`var ${name} = map\\[string\\]bool\\{([^}]*)\\}`).exec(src)![1]!;
  return [...block.matchAll(/"([a-z0-9]+)":/g)].map((m) => m[1]!).sort();
}

const word = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...knownOS, ...knownArch, 'test', 'unix', 'go', 'v2', 'greet', 'user', 'x') },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/) },
);
const endpointNameArb = fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join('-')).filter((n) => /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(n) && n.length <= 40);

describe('endpoint names: file names per go/build, identifiers per go/token', () => {
  it('the knownOS/knownArch lists equal internal/syslist of the installed Go, and cover go tool dist list', () => {
    const goroot = must('go', ['env', 'GOROOT'], os.tmpdir()).trim();
    const src = readFileSync(path.join(goroot, 'src/internal/syslist/syslist.go'), 'utf8');
    assert.deepEqual([...knownOS].sort(), syslistMap(src, 'KnownOS'));
    assert.deepEqual([...knownArch].sort(), syslistMap(src, 'KnownArch'));
    for (const p of platforms()) {
      const [goos, goarch] = p.split('/');
      assert.ok((knownOS as readonly string[]).includes(goos!) && (knownArch as readonly string[]).includes(goarch!), p);
    }
  });

  it('TS and go/build (MatchFile on every platform) agree which endpoint files would drop out of the build', () => {
    const seed = Number(process.env.GORULES_SEED ?? Date.now() % 2 ** 31);
    const names = [...new Set([...fc.sample(endpointNameArb, { numRuns: 1500, seed }), 'linux', 'greet', 'x-linux-amd64', 'x-amd64-linux', 'load-test', 'x-test-linux', 'x-linux-test', 'unix', 'x-unix', 'nacl', 'x-amd64p32'])];
    const files = names.flatMap((n) => [`endpoint_${goFileStem(n)}.go`, `endpoint_${goFileStem(n)}_test.go`]);
    const go = runChecker({ Files: files, Platforms: platforms() }).Constrained!;
    const diffs: string[] = [];
    let constrained = 0;
    files.forEach((f, i) => {
      const c = fileNameConstraint(f);
      const oursConstrained = c !== null && c.kind !== 'test';
      if (go[i]) constrained++;
      if (oursConstrained !== go[i]) diffs.push(`${f}: go/build ${go[i] ? 'constrains' : 'builds everywhere'}, TS ${JSON.stringify(c)}`);
      // a _test.go suffix that is not a platform constraint is a test file for both
      if (!go[i]) assert.equal(c?.kind === 'test', f.endsWith('_test.go'), f);
    });
    names.forEach((n) => {
      // the generator refuses exactly the names whose handler file would not be built everywhere
      const handler = `endpoint_${goFileStem(n)}.go`;
      const dropped = go[files.indexOf(handler)]! || handler.endsWith('_test.go');
      const verdict = validateEndpointName(n);
      if (dropped) assert.match(String(verdict), /would make its Go file/, n);
      else assert.doesNotMatch(String(verdict), /would make its Go file/, n);
    });
    console.log(`# endpoint files: ${files.length} checked on ${platforms().length} platforms (seed ${seed}), ${constrained} constrained`);
    assert.deepEqual(diffs, [], `GORULES_SEED=${seed}`);
    assert.ok(constrained > 100, `constrained ${constrained}`);
  });

  it('identifiers are valid exported Go identifiers that clash with nothing in the generated pkg/server', () => {
    const dirs = frameworks.map((framework) => {
      const p = generate(`ids-${framework}`, ['--framework', framework, '--lua', 'gopher', '--no-git'], { install: false });
      return path.join(p.dir, 'pkg/server');
    });
    const seed = Number(process.env.GORULES_SEED ?? Date.now() % 2 ** 31);
    const names = [...new Set(fc.sample(endpointNameArb, { numRuns: 1000, seed }))].filter((n) => validateEndpointName(n) === true);
    const idents = names.map(goIdent);
    const out = runChecker({ Idents: idents, ServerDirs: dirs });
    const decls = new Set(out.Decls!);
    assert.ok(decls.has('New') && decls.has('Server'), 'parsed the generated package');
    names.forEach((n, i) => {
      assert.ok(out.ExportedID![i], `${n} -> ${idents[i]} is not an exported identifier`);
      const lower = idents[i]![0]!.toLowerCase() + idents[i]!.slice(1);
      for (const id of [`handle${idents[i]}`, `TestEndpoint${idents[i]}`, `${lower}Response`, `${lower}MaxBodyBytes`]) {
        assert.ok(!decls.has(id), `endpoint ${n}: ${id} already declared in pkg/server`);
      }
    });
    console.log(`# identifiers: ${names.length} accepted names checked against ${decls.size} declarations`);
  });
});

// ---- 3. binary name = go build's output name

describe('binary name: cmd/go DefaultExecName', () => {
  it('matches the file `go build` writes for module main packages', () => {
    for (const mp of ['example.com/svc', 'example.com/svc/v2', 'example.com/a/b/v10', 'example.com/v2', 'example.com/svc/v1x', 'gopkg.in/svc.v3', 'example.com/Svc~x']) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'gm-exe-'));
      writeFileSync(path.join(dir, 'go.mod'), `module ${mp}\n\ngo 1.${minGoMinor}.0\n`);
      writeFileSync(path.join(dir, 'main.go'), 'package main\n\nfunc main() {}\n');
      const out = path.join(dir, 'out');
      mkdirSync(out);
      // `go build -o DIR/` names the file after the package, as go install does
      must('go', ['build', '-o', out + '/', '.'], dir);
      const built = must('ls', [out], dir).trim();
      assert.equal(defaultExecName(mp), built, mp);
      assert.equal(buildContext({ ...baseCfg, module: mp }).binary, built, `context binary for ${mp}`);
    }
  });
});

const baseCfg: StoredConfig = { name: 'svc', module: 'example.com/svc', goVersion: '1.26', framework: 'nethttp', lua: 'none', port: 8080, target: 'scratch', upx: false, endpoints: [] };

// ---- 5. one Go version

describe(`Go version: the minimum (1.${minGoMinor}) is what the dependencies need, and one value everywhere`, () => {
  it('the released-versions list contains the local go', () => {
    const m = /go version go1\.(\d+)(?:\.(\d+))?/.exec(must('go', ['version'], os.tmpdir()))!;
    const latest = goReleases[`1.${m[1]}`];
    assert.notEqual(latest, undefined, `go 1.${m[1]} is not in goReleases`);
    assert.ok(Number(m[2] ?? 0) <= latest!, `local go 1.${m[1]}.${m[2]} is newer than goReleases says (1.${m[1]}.${latest})`);
  });

  for (const framework of frameworks) {
    for (const lua of engines) {
      it(`${framework} × lua ${lua}: generated with --go-version 1.${minGoMinor}, go mod tidy keeps go.mod, Dockerfile and CI on one version`, () => {
        const p = generate(`gover-${framework}-${lua}`, ['--framework', framework, '--lua', lua, '--go-version', `1.${minGoMinor}`, '--ci', '--no-git']);
        const ctx = buildContext(JSON.parse(readFileSync(path.join(p.dir, '.yo-rc.json'), 'utf8'))['generator-go-minimal'] as StoredConfig);
        const gomod = readFileSync(path.join(p.dir, 'go.mod'), 'utf8');
        assert.equal(/^go (\S+)$/m.exec(gomod)![1], ctx.goDirective, 'go line after tidy');
        assert.doesNotMatch(gomod, /^toolchain /m);
        assert.equal(ctx.goDirective, `1.${minGoMinor}.0`);
        assert.match(readFileSync(path.join(p.dir, 'Dockerfile'), 'utf8'), new RegExp(`^ARG GO_VERSION=${ctx.goMinor.replace('.', '\\.')}$`, 'm'));
        assert.match(readFileSync(path.join(p.dir, '.github/workflows/ci.yml'), 'utf8'), new RegExp(`go-version: "${ctx.goMinor.replace('.', '\\.')}\\.x"`));
        // the minimum is the highest go line among the dependencies (not lower: tidy would raise it)
        const goLines = must('go', ['list', '-m', '-f', '{{if not .Main}}{{.GoVersion}}{{end}}', 'all'], p.dir).split('\n').filter(Boolean);
        const minor = (v: string) => Number(v.split('.')[1]);
        const highest = Math.max(...goLines.map(minor));
        assert.ok(highest <= minGoMinor, `a dependency needs go 1.${highest}`);
        if (framework === 'nethttp' && lua === 'none') assert.equal(highest, minGoMinor, 'the minimum is not higher than needed');
      });
    }
  }
});
