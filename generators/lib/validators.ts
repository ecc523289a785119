// Pure validators: each returns true or a one-line message that says what is wrong
// and what is accepted. Used by prompts, CLI flags, .yo-rc.json re-reads and presets.
import path from 'node:path';
import { fileNameConstraint, checkModulePathMessage } from './gomod.js';
import { goReleases, minGoMinor, minGoReason } from './versions.js';

export type Verdict = true | string;

// ---- Go module paths: golang.org/x/mod/module.CheckPath, ported in gomod.ts.

export function validateModulePath(input: unknown): Verdict {
  const accepted = 'a domain with a dot, then elements of letters, digits and - . _ ~, e.g. github.com/acme/hello';
  if (typeof input !== 'string' || input === '') return `module path is empty (accepted: ${accepted})`;
  const err = checkModulePathMessage(input);
  return err === null ? true : `${err} (accepted: ${accepted})`;
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
  if ((m[1]!.length > 1 && m[1]!.startsWith('0')) || (m[2] !== undefined && m[2].length > 1 && m[2].startsWith('0'))) return `Go version "${s}" has a leading zero`;
  if (Number(m[1]) < minGoMinor) return `Go version ${s} is too old: the generated service needs Go 1.${minGoMinor} or later (${minGoReason})`;
  const minor = `1.${Number(m[1])}`;
  const latest = goReleases[minor];
  const known = Object.entries(goReleases).map(([k, v]) => `${k}.0-${k}.${v}`).join(', ');
  if (latest === undefined) return `Go version ${s}: Go ${minor} is not a release this generator knows (known: ${known})`;
  if (m[2] !== undefined && Number(m[2]) > latest) return `Go version ${s} has not been released (latest ${minor} release known: ${minor}.${latest})`;
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
export const httpMethods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

export function validateEndpointName(input: unknown): Verdict {
  const accepted = 'accepted: lower-case letters and digits in dash-separated words starting with a letter, e.g. greet or user-profile';
  if (typeof input !== 'string' || input === '') return `endpoint name is empty (${accepted})`;
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(input)) return `endpoint name "${input}" is not valid (${accepted})`;
  if (input.length > 40) return `endpoint name "${input}" is longer than 40 characters`;
  if (goKeywords.has(input)) return `endpoint name "${input}" is a Go keyword (choose another name)`;
  if ((builtinEndpoints as readonly string[]).includes(input)) return `endpoint name "${input}" is reserved: the service already has /${input}`;
  // go/build reads a trailing _test, _GOOS, _GOARCH or _GOOS_GOARCH of a file name as a constraint
  const file = `endpoint_${input.replace(/-/g, '_')}.go`;
  const c = fileNameConstraint(file);
  if (c) {
    const what = c.kind === 'test' ? 'a test file (left out of the build)' : `built only for ${c.suffix.replace('_', '/')} (go/build reads the suffix as a build constraint)`;
    return `endpoint name "${input}" would make its Go file ${file} ${what} (choose another name)`;
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
