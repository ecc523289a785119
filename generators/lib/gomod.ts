// Rules that Go defines, ported from the Go sources rather than written from memory.
// Each port names its origin; test/go/gorules.test.ts checks them against the real
// implementation (golang.org/x/mod v0.43.0, go/build and go/token of the installed Go).

// ---- golang.org/x/mod@v0.43.0 module/module.go: CheckPath (modulePath kind)

/** badWindowsNames (module.go): reserved path element prefixes on Windows, compared case-insensitively. */
export const badWindowsNames = [
  'CON', 'PRN', 'AUX', 'NUL',
  'COM1', 'COM2', 'COM3', 'COM4', 'COM5', 'COM6', 'COM7', 'COM8', 'COM9',
  'LPT1', 'LPT2', 'LPT3', 'LPT4', 'LPT5', 'LPT6', 'LPT7', 'LPT8', 'LPT9',
] as const;

/** strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
function isPrint(c: string): boolean {
  return c === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(c);
}

/** strconv.Quote / QuoteRune: the text between quotes, escaped the way Go escapes it. */
function goEscape(c: string, quote: string): string {
  const cp = c.codePointAt(0)!;
  if (c === quote || c === '\\') return `\\${c}`;
  if (isPrint(c)) return c;
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v' };
  if (named[cp]) return named[cp]!;
  if (cp < 0x20 || cp === 0x7f) return `\\x${cp.toString(16).padStart(2, '0')}`;
  return cp > 0xffff ? `\\U${cp.toString(16).padStart(8, '0')}` : `\\u${cp.toString(16).padStart(4, '0')}`;
}

/** Go's %q of a rune. */
function quoteRune(c: string): string {
  return `'${goEscape(c, "'")}'`;
}

/** Go's %q of a (valid UTF-8) string. */
function quoteString(s: string): string {
  return `"${[...s].map((c) => goEscape(c, '"')).join('')}"`;
}

/** A JS string is valid UTF-8 once encoded unless it holds a lone surrogate. */
function validUTF8(s: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

/** modPathOK: ASCII letters, digits and - . _ ~ */
function modPathOK(c: string): boolean {
  return /^[-._~0-9A-Za-z]$/.test(c);
}

/** firstPathOK: lower-case ASCII letters, digits, "-" and "." */
function firstPathOK(c: string): boolean {
  return /^[-.0-9a-z]$/.test(c);
}

/** checkElem(elem, modulePath): null when valid, else Go's message. */
function checkElem(elem: string): string | null {
  if (elem === '') return 'empty path element';
  if (/^\.+$/.test(elem)) return `invalid path element ${quoteString(elem)}`;
  if (elem[0] === '.') return 'leading dot in path element';
  if (elem.endsWith('.')) return 'trailing dot in path element';
  for (const c of elem) {
    if (!modPathOK(c)) return `invalid char ${quoteRune(c)}`;
  }
  const dot = elem.indexOf('.');
  const short = dot >= 0 ? elem.slice(0, dot) : elem;
  // strings.EqualFold: simple Unicode case folding; short is ASCII here (checked above)
  for (const bad of badWindowsNames) {
    if (bad.toLowerCase() === short.toLowerCase()) return `${quoteString(short)} disallowed as path element component on Windows`;
  }
  const tilde = short.lastIndexOf('~');
  if (tilde >= 0 && tilde < short.length - 1 && /^[0-9]+$/.test(short.slice(tilde + 1))) {
    return 'trailing tilde and digits in path element';
  }
  return null;
}

/** checkPath(path, modulePath). */
function checkPathGeneral(p: string): string | null {
  if (!validUTF8(p)) return 'invalid UTF-8';
  if (p === '') return 'empty string';
  if (p[0] === '-') return 'leading dash';
  if (p.includes('//')) return 'double slash';
  if (p.endsWith('/')) return 'trailing slash';
  for (const elem of p.split('/')) {
    const err = checkElem(elem);
    if (err) return err;
  }
  return null;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** splitGopkgIn: gopkg.in/NAME.vN (also -unstable), any N without a leading zero, .v0 allowed. */
function splitGopkgIn(p: string): { prefix: string; pathMajor: string; ok: boolean } {
  if (!p.startsWith('gopkg.in/')) return { prefix: p, pathMajor: '', ok: false };
  let i = p.length;
  if (p.endsWith('-unstable')) i -= '-unstable'.length;
  while (i > 0 && isDigit(p[i - 1])) i--;
  if (i <= 1 || p[i - 1] !== 'v' || p[i - 2] !== '.') return { prefix: p, pathMajor: '', ok: false };
  const prefix = p.slice(0, i - 2);
  const pathMajor = p.slice(i - 2);
  if (pathMajor.length <= 2 || (pathMajor[2] === '0' && pathMajor !== '.v0')) return { prefix: p, pathMajor: '', ok: false };
  return { prefix, pathMajor, ok: true };
}

/**
 * SplitPathVersion: prefix + "/vN" (N >= 2, no leading zero, no dot); ok=false for a final
 * element like /v0, /v1, /v01 or /v1.2. gopkg.in paths use ".vN" instead.
 */
export function splitPathVersion(p: string): { prefix: string; pathMajor: string; ok: boolean } {
  if (p.startsWith('gopkg.in/')) return splitGopkgIn(p);
  let i = p.length;
  let dot = false;
  while (i > 0 && (isDigit(p[i - 1]) || p[i - 1] === '.')) {
    if (p[i - 1] === '.') dot = true;
    i--;
  }
  if (i <= 1 || i === p.length || p[i - 1] !== 'v' || p[i - 2] !== '/') return { prefix: p, pathMajor: '', ok: true };
  const prefix = p.slice(0, i - 2);
  const pathMajor = p.slice(i - 2);
  if (dot || pathMajor.length <= 2 || pathMajor[2] === '0' || pathMajor === '/v1') return { prefix: p, pathMajor: '', ok: false };
  return { prefix, pathMajor, ok: true };
}

/**
 * module.CheckPath: null when `p` is a valid module path, else the reason as Go words it
 * (without the `malformed module path "…": ` wrapper; see checkModulePathMessage).
 */
export function checkModulePath(p: string): string | null {
  const err = checkPathGeneral(p);
  if (err) return err;
  let i = p.indexOf('/');
  if (i < 0) i = p.length;
  if (i === 0) return 'leading slash';
  const first = p.slice(0, i);
  if (!first.includes('.')) return 'missing dot in first path element';
  if (p[0] === '-') return 'leading dash in first path element';
  for (const c of first) {
    if (!firstPathOK(c)) return `invalid char ${quoteRune(c)} in first path element`;
  }
  if (!splitPathVersion(p).ok) return 'invalid version';
  return null;
}

/** Go's full error text: malformed module path "p": reason. */
export function checkModulePathMessage(p: string): string | null {
  const err = checkModulePath(p);
  return err === null ? null : `malformed module path ${quoteString(p)}: ${err}`;
}

// ---- cmd/go/internal/load/pkg.go: (*Package).DefaultExecName for a main package in module mode

/** isVersionElement: v2, v3, v10, ... but not v0, v05, v1. */
export function isVersionElement(s: string): boolean {
  if (s.length < 2 || s[0] !== 'v' || s[1] === '0' || (s[1] === '1' && s.length === 2)) return false;
  for (let i = 1; i < s.length; i++) if (!isDigit(s[i])) return false;
  return true;
}

/**
 * exeFromImportPath (module mode): the last element of the import path, or the one before it
 * when the last is a major version element (example.com/svc/v2 -> svc).
 */
export function defaultExecName(importPath: string): string {
  const split = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
  let elem = split(importPath);
  if (elem !== importPath && isVersionElement(elem)) {
    const dir = importPath.slice(0, importPath.lastIndexOf('/'));
    elem = split(dir);
  }
  return elem;
}

// ---- go/build: goodOSArchFile, with the lists of $(go env GOROOT)/src/internal/syslist/syslist.go (Go 1.26)

export const knownOS = [
  'aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd',
  'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos',
] as const;

export const knownArch = [
  '386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le',
  'mips64p32', 'mips64p32le', 'ppc', 'ppc64', 'ppc64le', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm',
] as const;

const osSet = new Set<string>(knownOS);
const archSet = new Set<string>(knownArch);

/**
 * What go/build reads into a Go file name (goodOSArchFile + the _test.go rule of go build):
 * null when the file is built everywhere, else which suffix constrains it. Mirrors the
 * function: text after the first "." is ignored, everything before the first "_" is ignored,
 * a final "_test" is dropped, then a final _GOOS_GOARCH, _GOOS or _GOARCH constrains the file.
 */
export function fileNameConstraint(fileName: string): { kind: 'test' | 'os' | 'arch' | 'os_arch'; suffix: string } | null {
  let name = fileName.split('.')[0]!;
  const isTest = fileName.endsWith('_test.go');
  const i = name.indexOf('_');
  if (i < 0) return isTest ? { kind: 'test', suffix: 'test' } : null;
  name = name.slice(i);
  let l = name.split('_');
  if (l.length > 0 && l[l.length - 1] === 'test') l = l.slice(0, -1);
  const n = l.length;
  if (n >= 2 && osSet.has(l[n - 2]!) && archSet.has(l[n - 1]!)) return { kind: 'os_arch', suffix: `${l[n - 2]}_${l[n - 1]}` };
  if (n >= 1 && osSet.has(l[n - 1]!)) return { kind: 'os', suffix: l[n - 1]! };
  if (n >= 1 && archSet.has(l[n - 1]!)) return { kind: 'arch', suffix: l[n - 1]! };
  return isTest ? { kind: 'test', suffix: 'test' } : null;
}
