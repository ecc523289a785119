// The one module that reads and writes .yo-rc.json. Everything read from it goes through the
// same validators as flags, prompts and presets (choices.ts); a value that fails is refused
// naming its key and the file, before anything is written.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { choices, validateCombination } from './choices.js';
import { CONFIG_KEY_NAME } from './constants.js';
import type { CustomEndpoint, StoredConfig } from './context.js';
import { currentSchemaVersion, migrate } from './migrations.js';
import { generatorVersion } from './release.js';
import { validateEndpointName, validateEndpointPath, validateHttpMethod } from './validators.js';
import { planEndpoint } from '../endpoint/files.js';

/**
 * Layout of our key in .yo-rc.json. 1 = the 0.1.0 layout (no schemaVersion; ci/k8s/compose/git
 * may be missing); 2 = schemaVersion + generatorVersion, every generated file hashed, and the
 * update base (baseHashes). The migrations between them live in migrations.ts.
 */
export const SCHEMA_VERSION = currentSchemaVersion;

export const RC_FILE = '.yo-rc.json';

export { generatorVersion };

export interface StoredFile {
  config: StoredConfig;
  /** other generators' keys in the same .yo-rc.json, kept as they are */
  others: Record<string, unknown>;
  /** the exact text on disk (undefined: no file) */
  text?: string;
  /** the generator version that last wrote it (absent: 0.1.0, which did not record it) */
  generatorVersion?: string;
  /** the schema migrations applied in memory to read it (empty: current schema) */
  migrations: string[];
}

export type ParseResult = StoredFile | { error: string };

const metaKeys = new Set(['schemaVersion', 'generatorVersion', 'endpoints', 'generated', 'baseHashes']);
const hexHash = /^[0-9a-f]{64}$/;
const semver = /^(\d{1,9})\.(\d{1,9})\.(\d{1,9})(?:[-+][0-9A-Za-z.+-]{1,50})?$/;

/** Pure: compare the release numbers of two versions (pre-release tags are not ordered here). */
export function compareVersions(a: string, b: string): number {
  const pa = semver.exec(a)?.slice(1, 4).map(Number) ?? [0, 0, 0];
  const pb = semver.exec(b)?.slice(1, 4).map(Number) ?? [0, 0, 0];
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

/** A path recorded in "generated": relative, inside the project, forward slashes. */
export function isSafeProjectPath(p: string): boolean {
  if (p === '' || p.includes('\\') || p.includes('\0') || path.posix.isAbsolute(p) || /^[A-Za-z]:/.test(p)) return false;
  const norm = path.posix.normalize(p);
  return norm === p && !norm.startsWith('../') && norm !== '..' && norm !== '.' && p !== RC_FILE;
}

/** Pure: the text of .yo-rc.json -> validated, migrated config, or one error line naming the key. */
export function parseStored(text: string, file = RC_FILE): ParseResult {
  const bad = (key: string, why: string) => ({ error: `${file}: "${CONFIG_KEY_NAME}${key ? `.${key}` : ''}" is invalid: ${why}` });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { error: `${file}: not valid JSON: ${(error as Error).message.split('\n')[0]}` };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { error: `${file}: must be a JSON object` };
  const { [CONFIG_KEY_NAME]: raw, ...others } = json as Record<string, unknown>;
  if (raw === undefined) return { error: `${file} has no "${CONFIG_KEY_NAME}" settings` };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return bad('', 'must be an object');
  const r = { ...(raw as Record<string, unknown>) };

  // schemaVersion: missing = the 0.1.0 layout, migrated in memory
  const sv = r.schemaVersion;
  if (sv !== undefined && (typeof sv !== 'number' || !Number.isInteger(sv) || sv < 1)) {
    return bad('schemaVersion', `must be a whole number (got ${JSON.stringify(sv)})`);
  } else if (typeof sv === 'number' && sv > SCHEMA_VERSION) {
    return bad('schemaVersion', `${sv} was written by a newer generator-go-minimal (this one, ${generatorVersion()}, reads up to ${SCHEMA_VERSION}): update the generator`);
  }
  let migrations: string[] = [];
  if (typeof sv !== 'number' || sv < SCHEMA_VERSION) {
    const m = migrate(r);
    if (m.error) return bad('schemaVersion', m.error);
    Object.assign(r, m.cfg);
    migrations = m.applied;
  }
  if (r.generatorVersion !== undefined) {
    if (typeof r.generatorVersion !== 'string' || !semver.test(r.generatorVersion)) return bad('generatorVersion', `must be a version such as 0.2.0 (got ${JSON.stringify(r.generatorVersion)})`);
    if (compareVersions(r.generatorVersion, generatorVersion()) > 0) {
      return bad('generatorVersion', `${r.generatorVersion} is newer than this generator-go-minimal (${generatorVersion()}): its files would be replaced by older templates; install ${r.generatorVersion} or later`);
    }
  }

  const known = new Set([...choices.map((c) => c.name as string), ...metaKeys]);
  const unknown = Object.keys(r).find((k) => !known.has(k));
  if (unknown !== undefined) return bad(unknown, `unknown key (accepted: ${[...known].join(', ')})`);

  const cfg: Record<string, unknown> = {};
  for (const c of choices) {
    const v = r[c.name];
    if (v === undefined) return bad(c.name, 'missing');
    const typeOk = c.kind === 'number' ? typeof v === 'number' : c.kind === 'boolean' ? typeof v === 'boolean' : typeof v === 'string';
    if (!typeOk) return bad(c.name, `must be a ${c.kind === 'enum' ? 'string' : c.kind} (got ${JSON.stringify(v)})`);
    const verdict = c.validate(c.kind === 'number' || c.kind === 'boolean' ? String(v) : v);
    if (verdict !== true) return bad(c.name, verdict);
    cfg[c.name] = v;
  }
  const combo = validateCombination(cfg);
  if (combo) return bad('', combo);

  const eps = r.endpoints ?? [];
  if (!Array.isArray(eps)) return bad('endpoints', 'must be a list');
  const endpoints: CustomEndpoint[] = [];
  for (const [i, e] of eps.entries()) {
    const key = `endpoints[${i}]`;
    if (e === null || typeof e !== 'object' || Array.isArray(e)) return bad(key, 'must be an object with name, path and method');
    const extra = Object.keys(e as object).find((k) => !['name', 'path', 'method'].includes(k));
    if (extra) return bad(`${key}.${extra}`, 'unknown key (accepted: name, path, method)');
    const { name, path: p, method } = e as Record<string, unknown>;
    for (const [k, v, check] of [['name', name, validateEndpointName], ['path', p, validateEndpointPath], ['method', method, validateHttpMethod]] as const) {
      const verdict = check(v);
      if (verdict !== true) return bad(`${key}.${k}`, verdict);
    }
    const ep = { name, path: p, method } as CustomEndpoint;
    const clash = planEndpoint(endpoints, ep);
    if (clash.error || clash.unchanged) return bad(key, clash.error ?? `endpoint "${ep.name}" is listed twice`);
    endpoints.push(ep);
  }

  const hashMaps: Record<string, Record<string, string>> = {};
  for (const key of ['generated', 'baseHashes'] as const) {
    const gen = r[key] ?? {};
    if (gen === null || typeof gen !== 'object' || Array.isArray(gen)) return bad(key, 'must be an object of file -> sha256');
    const out: Record<string, string> = {};
    for (const [f, h] of Object.entries(gen as Record<string, unknown>)) {
      if (!isSafeProjectPath(f)) return bad(`${key}.${f}`, 'not a relative path inside the project');
      if (typeof h !== 'string' || !hexHash.test(h)) return bad(`${key}.${f}`, 'must be a sha256 hex digest');
      out[f] = h;
    }
    hashMaps[key] = out;
  }
  const { generated, baseHashes } = hashMaps;
  const recorded = r.baseHashes === undefined ? {} : { baseHashes };
  const version = r.generatorVersion === undefined ? {} : { generatorVersion: r.generatorVersion as string };
  return { config: { ...(cfg as unknown as StoredConfig), endpoints, generated, ...recorded }, others, text, migrations, ...version };
}

/** Walk up from `start` to the folder whose .yo-rc.json has our key. */
export function findProjectRoot(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    const rc = path.join(dir, RC_FILE);
    if (existsSync(rc)) {
      try {
        const json = JSON.parse(readFileSync(rc, 'utf8')) as Record<string, unknown>;
        if (json[CONFIG_KEY_NAME]) return dir;
      } catch {
        // unreadable .yo-rc.json: keep walking, the error below names the start folder
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Read and validate ROOT/.yo-rc.json; undefined when there is no such file. */
export function readStored(root: string): ParseResult | undefined {
  const file = path.join(root, RC_FILE);
  if (!existsSync(file)) return undefined;
  return parseStored(readFileSync(file, 'utf8'), RC_FILE);
}

/** The text of .yo-rc.json for `cfg` (other generators' keys kept; choices in table order). */
export function serializeStored(cfg: StoredConfig, others: Record<string, unknown> = {}): string {
  const ours: Record<string, unknown> = { schemaVersion: SCHEMA_VERSION, generatorVersion: generatorVersion() };
  for (const c of choices) ours[c.name] = cfg[c.name];
  ours.endpoints = cfg.endpoints;
  const generated = cfg.generated ?? {};
  ours.generated = Object.fromEntries(Object.keys(generated).sort().map((k) => [k, generated[k]]));
  if (cfg.baseHashes) ours.baseHashes = Object.fromEntries(Object.keys(cfg.baseHashes).sort().map((k) => [k, cfg.baseHashes![k]]));
  return `${JSON.stringify({ ...others, [CONFIG_KEY_NAME]: ours }, null, 2)}\n`;
}
