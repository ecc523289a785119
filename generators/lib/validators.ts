// Pure validators: each returns true or a one-line message that says what is wrong
// and what is accepted. Used by prompts, CLI flags, .yo-rc.json re-reads and presets.
import path from 'node:path';
import { minGoMinor } from './versions.js';

export type Verdict = true | string;

// ---- Go module paths, following golang.org/x/mod/module (CheckImportPath + SplitPathVersion),
// which is what `go mod init` applies to a main module's path.

const windowsReserved = new Set([
  'CON', 'PRN', 'AUX', 'NUL',
  'COM0', 'COM1', 'COM2', 'COM3', 'COM4', 'COM5', 'COM6', 'COM7', 'COM8', 'COM9',
  'LPT0', 'LPT1', 'LPT2', 'LPT3', 'LPT4', 'LPT5', 'LPT6', 'LPT7', 'LPT8', 'LPT9',
]);

function checkModuleElem(elem: string): string | null {
  if (elem === '') return 'empty path element (a "//" or a leading/trailing "/")';
  if (elem === '.' || elem === '..') return `invalid path element "${elem}"`;
  if (elem.endsWith('.')) return `trailing dot in path element "${elem}"`;
  const bad = [...elem].find((c) => !/[A-Za-z0-9._~-]/.test(c));
  if (bad !== undefined) return `invalid character ${JSON.stringify(bad)} in path element "${elem}"`;
  const short = elem.split('.')[0]!;
  if (windowsReserved.has(short.toUpperCase())) return `"${elem}" is a reserved file name on Windows`;
  const tilde = elem.lastIndexOf('~');
  if (tilde > 0 && /^\d+$/.test(elem.slice(tilde + 1))) return `"${elem}" looks like a Windows short name (ends in ~N)`;
  return null;
}

export function validateModulePath(input: unknown): Verdict {
  const accepted = 'accepted: slash-separated elements of letters, digits and - . _ ~, e.g. github.com/acme/hello';
  if (typeof input !== 'string' || input.trim() === '') return `module path is empty (${accepted})`;
  const p = input;
  if (p !== p.trim()) return `module path "${p}" has surrounding spaces (${accepted})`;
  if (p.startsWith('-')) return `module path "${p}" starts with "-" (${accepted})`;
  if (p.endsWith('/') || p.startsWith('/')) return `module path "${p}" has a leading or trailing slash (${accepted})`;
  if (p.includes('\\')) return `module path "${p}" contains a backslash (${accepted})`;
  if (p.length > 500) return 'module path is longer than 500 characters';
  for (const elem of p.split('/')) {
    const err = checkModuleElem(elem);
    if (err) return `invalid module path "${p}": ${err} (${accepted})`;
  }
  // SplitPathVersion: a trailing /vN must be v2 or later, without a leading zero or a dot.
  const m = /\/v([0-9.]+)$/.exec(p);
  if (m && (m[1] === '1' || m[1]!.startsWith('0') || m[1]!.includes('.'))) {
    return `invalid module path "${p}": major version suffix /v${m[1]} is not allowed (only /v2 and later, e.g. /v2, without leading zeros or dots)`;
  }
  return true;
}

// ---- Project directory name (relative to the current directory)

export function validateProjectName(input: unknown): Verdict {
  const accepted = 'accepted: a new folder name of letters, digits, "-", "_" and ".", e.g. hello-svc';
  if (typeof input !== 'string' || input.trim() === '') return `project name is empty (${accepted})`;
  const name = input;
  if (path.isAbsolute(name) || /^[A-Za-z]:[\\/]/.test(name)) return `project name "${name}" is an absolute path (${accepted})`;
  if (name.split(/[\\/]/).includes('..')) return `project name "${name}" contains ".." (${accepted})`;
  if (/[\\/]/.test(name)) return `project name "${name}" contains a path separator (${accepted})`;
  if (name === '.' || name.startsWith('.')) return `project name "${name}" starts with "." (${accepted})`;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) return `project name "${name}" has characters other than letters, digits, "-", "_" and "." (${accepted})`;
  if (name.length > 100) return 'project name is longer than 100 characters';
  return true;
}

/** Directory state check, kept pure: the caller passes what it found on disk. */
export function validateDestination(dir: string, state: { exists: boolean; isDirectory: boolean; entries: number }, force: boolean): Verdict {
  if (!state.exists) return true;
  if (!state.isDirectory) return `"${dir}" exists and is not a directory`;
  if (state.entries === 0 || force) return true;
  return `directory "${dir}" already exists and is not empty (use --force to generate into it anyway)`;
}

// ---- Numbers and enums

export function validatePort(input: unknown): Verdict {
  const s = String(input ?? '').trim();
  if (!/^[0-9]+$/.test(s)) return `port "${String(input ?? '')}" is not a whole number (accepted: 1-65535)`;
  const n = Number(s);
  if (n < 1 || n > 65535) return `port ${n} is out of range (accepted: 1-65535)`;
  return true;
}

export function validateGoVersion(input: unknown): Verdict {
  const s = String(input ?? '').trim();
  const m = /^1\.([0-9]+)(?:\.([0-9]+))?$/.exec(s);
  if (!m) return `Go version "${s}" is not in the form 1.N or 1.N.P (e.g. 1.26 or 1.26.1)`;
  if (m[1]!.length > 1 && m[1]!.startsWith('0')) return `Go version "${s}" has a leading zero`;
  if (Number(m[1]) < minGoMinor) return `Go version ${s} is too old: the generated service needs Go 1.${minGoMinor} or later (gin 1.12, container-aware GOMAXPROCS)`;
  return true;
}

export function validateEnum(label: string, accepted: readonly string[]) {
  return (input: unknown): Verdict =>
    typeof input === 'string' && accepted.includes(input)
      ? true
      : `${label} "${String(input ?? '')}" is not known (accepted: ${accepted.join(', ')})`;
}

export function validateBoolean(label: string) {
  return (input: unknown): Verdict =>
    typeof input === 'boolean' || input === 'true' || input === 'false'
      ? true
      : `${label} must be true or false, got "${String(input)}"`;
}

/** Go's "go version" output -> "1.N" (or undefined). */
export function parseGoVersionOutput(out: string): string | undefined {
  const m = /go version go(1\.[0-9]+)(?:\.[0-9]+)?/.exec(out);
  return m?.[1];
}

// ---- Endpoints added by the endpoint sub-generator

const goKeywords = new Set([
  'break', 'case', 'chan', 'const', 'continue', 'default', 'defer', 'else', 'fallthrough', 'for', 'func',
  'go', 'goto', 'if', 'import', 'interface', 'map', 'package', 'range', 'return', 'select', 'struct',
  'switch', 'type', 'var',
]);
/** Endpoints every generated project has (or may get with --lua). */
export const builtinEndpoints = ['healthz', 'readyz', 'time', 'ip', 'lua'] as const;
/** Last name segments that would turn endpoint_<name>.go into a build-constrained or test file. */
const fileSuffixes = new Set([
  'test', 'aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl',
  'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos', '386', 'amd64', 'arm', 'arm64',
  'loong64', 'mips', 'mipsle', 'mips64', 'mips64le', 'ppc64', 'ppc64le', 'riscv64', 's390x', 'wasm', 'sparc64',
]);
export const httpMethods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

export function validateEndpointName(input: unknown): Verdict {
  const accepted = 'accepted: lower-case letters and digits in dash-separated words starting with a letter, e.g. greet or user-profile';
  if (typeof input !== 'string' || input === '') return `endpoint name is empty (${accepted})`;
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(input)) return `endpoint name "${input}" is not valid (${accepted})`;
  if (input.length > 40) return `endpoint name "${input}" is longer than 40 characters`;
  if (goKeywords.has(input)) return `endpoint name "${input}" is a Go keyword (choose another name)`;
  if ((builtinEndpoints as readonly string[]).includes(input)) return `endpoint name "${input}" is reserved: the service already has /${input}`;
  const last = input.split('-').pop()!;
  if (fileSuffixes.has(last)) {
    return `endpoint name "${input}" ends in "${last}", which would make its Go file endpoint_…_${last}.go a ${last === 'test' ? 'test' : 'build-constrained'} file (choose another name)`;
  }
  return true;
}

export function validateEndpointPath(input: unknown): Verdict {
  const accepted = 'accepted: "/" followed by segments of letters, digits and - . _ ~, e.g. /greet or /v1/user-profile';
  if (typeof input !== 'string' || input === '') return `endpoint path is empty (${accepted})`;
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(input)) return `endpoint path "${input}" is not valid (${accepted})`;
  if (input.split('/').some((s) => s === '.' || s === '..')) return `endpoint path "${input}" contains "." or ".." segments`;
  const first = input.split('/')[1]!;
  if ((builtinEndpoints as readonly string[]).includes(first)) return `endpoint path "${input}" clashes with the built-in /${first} endpoint`;
  return true;
}

export function validateHttpMethod(input: unknown): Verdict {
  return typeof input === 'string' && (httpMethods as readonly string[]).includes(input)
    ? true
    : `HTTP method "${String(input ?? '')}" is not supported (accepted: ${httpMethods.join(', ')})`;
}
