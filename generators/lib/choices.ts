// The one choices table. Prompts, CLI options, --help, .yo-rc.json and the printed
// "equivalent command" are all derived from it; nothing else lists the choices.
import { parse as parseYaml } from 'yaml';
import type { StoredConfig } from './context.js';
import { frameworkNames, frameworks, luaEngineNames, luaEngines } from './catalogue.js';
import { luaCompatibility, targetByName, targetNames, targets } from './targets.js';
import { minGoMinor, pinnedGoVersion } from './versions.js';
import {
  validateBoolean,
  validateEnum,
  validateGoVersion,
  validateModulePath,
  validatePort,
  validateProjectName,
  type Verdict,
} from './validators.js';

export type ChoiceKey = Exclude<keyof StoredConfig, 'endpoints' | 'generated'>;
export type Answers = Partial<Omit<StoredConfig, 'endpoints' | 'generated'>>;

export interface DefaultsEnv {
  /** "1.N" of the local go toolchain, if any */
  localGo?: string;
  /** whether `git --version` works here */
  git?: boolean;
}

export interface Choice {
  /** key in answers and in .yo-rc.json */
  name: ChoiceKey;
  /** long CLI flag without dashes */
  flag: string;
  kind: 'string' | 'number' | 'enum' | 'boolean';
  choices?: readonly string[];
  /** labels shown next to enum values in prompts */
  choiceLabels?: Record<string, string>;
  prompt: string;
  help: string;
  default: (answers: Answers, env: DefaultsEnv) => string | number | boolean;
  /** the default depends on the machine (so a printed command always spells the value out) */
  machineDefault?: boolean;
  /** how --help shows the default when it is not a plain value */
  shownDefault?: string;
  validate: (value: unknown) => Verdict;
}

const labels = (catalogue: Record<string, { label: string }>) => Object.fromEntries(Object.entries(catalogue).map(([k, v]) => [k, v.label]));

export const choices: readonly Choice[] = [
  {
    name: 'name',
    flag: 'name',
    kind: 'string',
    prompt: 'Project name (the folder to create)',
    help: 'project name and folder to create (also the first positional argument)',
    default: () => 'hello',
    validate: validateProjectName,
  },
  {
    name: 'module',
    flag: 'module',
    kind: 'string',
    prompt: 'Go module path',
    help: 'Go module path',
    default: (a) => `example.com/${a.name ?? 'hello'}`,
    validate: validateModulePath,
  },
  {
    name: 'goVersion',
    flag: 'go-version',
    kind: 'string',
    prompt: 'Go version (go.mod and builder image)',
    help: 'Go version for go.mod and the builder image',
    shownDefault: `the local go if it is a release this generator knows (1.${minGoMinor} or later), else ${pinnedGoVersion}`,
    default: (_a, env) => (env.localGo && validateGoVersion(env.localGo) === true ? env.localGo : pinnedGoVersion),
    validate: validateGoVersion,
  },
  {
    name: 'framework',
    flag: 'framework',
    kind: 'enum',
    choices: frameworkNames,
    choiceLabels: labels(frameworks),
    prompt: 'HTTP framework',
    help: 'HTTP framework',
    default: () => 'nethttp',
    validate: validateEnum('framework', frameworkNames),
  },
  {
    name: 'lua',
    flag: 'lua',
    kind: 'enum',
    choices: luaEngineNames,
    choiceLabels: labels(luaEngines),
    prompt: 'Embedded Lua for a /lua endpoint',
    help: '/lua endpoint engine: none = no /lua endpoint',
    default: () => 'none',
    validate: validateEnum('lua engine', luaEngineNames),
  },
  {
    name: 'port',
    flag: 'port',
    kind: 'number',
    prompt: 'HTTP port',
    help: 'default HTTP port (the PORT env var overrides it at run time)',
    default: () => 8080,
    validate: validatePort,
  },
  {
    name: 'target',
    flag: 'target',
    kind: 'enum',
    choices: targetNames,
    choiceLabels: Object.fromEntries(targets.map((t) => [t.name, `${t.name}: ${t.summary}`])),
    prompt: 'Image target (final base of the Dockerfile)',
    help: 'image target',
    default: () => 'scratch',
    validate: validateEnum('target', targetNames),
  },
  {
    name: 'upx',
    flag: 'upx',
    kind: 'boolean',
    prompt: 'Compress the binary with UPX? (slower start-up, more memory, scanner false positives)',
    help: 'pack the binary with UPX in the image (costs start-up time and memory; see the generated README)',
    default: () => false,
    validate: validateBoolean('upx'),
  },
  {
    name: 'ci',
    flag: 'ci',
    kind: 'boolean',
    prompt: 'GitHub Actions workflow (vet, race tests, golangci-lint, amd64+arm64 image build)?',
    help: 'write .github/workflows/ci.yml: go vet, go test -race, golangci-lint, BuildKit image build for linux/amd64 and linux/arm64 (--no-ci: none)',
    default: () => true,
    validate: validateBoolean('ci'),
  },
  {
    name: 'k8s',
    flag: 'k8s',
    kind: 'boolean',
    prompt: 'Kubernetes manifests (Deployment + Service, restricted Pod Security profile)?',
    help: 'write deploy/k8s/deployment.yaml and service.yaml (restricted Pod Security profile, probes, resources; Kubernetes >= 1.30)',
    default: () => false,
    validate: validateBoolean('k8s'),
  },
  {
    name: 'compose',
    flag: 'compose',
    kind: 'boolean',
    prompt: 'compose.yaml to run the image locally with the same hardening?',
    help: 'write compose.yaml: the image read-only, all capabilities dropped, numeric user, healthcheck',
    default: () => false,
    validate: validateBoolean('compose'),
  },
  {
    name: 'git',
    flag: 'git',
    kind: 'boolean',
    prompt: 'Create a git repository with a first commit?',
    help: 'git init and a first commit after generating (--no-git: none; skipped inside an existing work tree)',
    default: (_a, env) => env.git === true,
    machineDefault: true,
    shownDefault: 'on when git is installed',
    validate: validateBoolean('git'),
  },
];

/** Flags that are not choices: they steer the run and are never stored. */
export const runFlags: readonly { flag: string; help: string; value?: string }[] = [
  { flag: 'preset', value: 'file', help: 'read choices from a JSON or YAML file (keys: the flag names in camelCase); flags override it, prompts or defaults fill the rest' },
  { flag: 'defaults', help: 'no prompts: every choice not given takes its default' },
  { flag: 'skip-install', help: 'do not run go mod tidy after writing' },
  { flag: 'force', help: 'generate into a non-empty folder; overwrite changed files without asking (--force=false: no force)' },
  { flag: 'dry-run', help: 'print what would be created, changed and deleted (with +added -removed lines), write nothing' },
  { flag: 'help', help: 'print this help' },
];

export function choiceByName(name: string): Choice | undefined {
  return choices.find((c) => c.name === name);
}

/** Convert a raw CLI/prompt value to the stored type. Call after validate() succeeded. */
export function coerce(choice: Choice, value: unknown): string | number | boolean {
  switch (choice.kind) {
    case 'number':
      return Number(String(value).trim());
    case 'boolean':
      return value === true || value === 'true';
    default:
      return String(value);
  }
}

/** Cross-field rules; null when the combination is fine. */
export function validateCombination(a: Answers): string | null {
  if (a.lua && a.target) {
    const reason = luaCompatibility(a.lua, targetByName(a.target));
    if (reason) return reason;
  }
  return null;
}

/**
 * Validate every answer that is present, then the combination.
 * Returns the first problem as one line, or null.
 */
export function validateAnswers(a: Answers): string | null {
  for (const c of choices) {
    const v = a[c.name];
    if (v === undefined) continue;
    const verdict = c.validate(c.kind === 'number' || c.kind === 'boolean' ? String(v) : v);
    if (verdict !== true) return verdict;
  }
  return validateCombination(a);
}

/** Fill every missing answer with its default, in table order (later defaults may use earlier answers). */
export function withDefaults(a: Answers, env: DefaultsEnv): Required<Answers> {
  // built in table order, so .yo-rc.json lists the choices the way --help does
  const out: Record<string, unknown> = {};
  for (const c of choices) {
    out[c.name] = a[c.name] !== undefined ? a[c.name] : coerce(c, c.default(out as Answers, env));
  }
  return out as Required<Answers>;
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:@=+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The non-interactive command that reproduces these answers. A boolean that is on is
 * printed as --flag; one that is off as --no-flag when its default is on (here) or depends
 * on the machine, and not at all when its default is off.
 */
export function equivalentCommand(a: Required<Answers>, bin = 'go-minimal', env: DefaultsEnv = {}): string {
  const parts = [bin, shellQuote(a.name)];
  for (const c of choices) {
    if (c.name === 'name') continue;
    const v = a[c.name];
    // every choice spelled out (yes/no flags too), plus --defaults: the command never prompts,
    // even for choices added in a later version
    if (c.kind === 'boolean') parts.push(v ? `--${c.flag}` : `--no-${c.flag}`);
    else parts.push(`--${c.flag}`, shellQuote(String(v)));
  }
  parts.push('--defaults');
  return parts.join(' ');
}

/** --help text, derived from the table. */
export function helpText(env: DefaultsEnv, bin = 'go-minimal'): string {
  const rows: [string, string][] = [];
  for (const c of choices) {
    const arg = c.kind === 'boolean' ? '' : c.choices ? ` <${c.choices.join('|')}>` : ` <${c.kind === 'number' ? 'n' : 'value'}>`;
    const def = c.default({}, env);
    const shownDefault = c.name === 'module' ? 'example.com/<name>' : c.shownDefault ? `${c.shownDefault}: ${String(def)} here` : String(def);
    rows.push([`--${c.flag}${arg}`, `${c.help} (default: ${shownDefault})`]);
  }
  for (const f of runFlags) rows.push([`--${f.flag}${f.value ? ` <${f.value}>` : ''}`, f.help]);
  const width = Math.max(...rows.map((r) => r[0].length)) + 2;
  const lines = rows.map(([l, r]) => `  ${l.padEnd(width)}${r}`);
  const targetLines = targets.map(
    (t) => `  ${t.name.padEnd(12)}${t.summary}${t.buildableOffline ? '' : ' [not buildable offline]'}`,
  );
  return [
    `Usage: ${bin} [name] [options]            generate a new Go service in ./<name>`,
    `       ${bin} endpoint <name> [options]   add an endpoint to the project around the current folder`,
    `       ${bin} image <target> [options]    switch the project's image target`,
    `       ${bin} update [--dry-run]          take this generator version's template changes (3-way merge)`,
    '',
    'Options:',
    ...lines,
    '',
    'Image targets:',
    ...targetLines,
    '',
    `Example: ${bin} hello --defaults`,
  ].join('\n');
}

// ---- Presets: a JSON or YAML file answering any subset of the choices.

/** "go-version" -> "goVersion": the key of a choice in a preset file. */
export function presetKey(c: Choice): string {
  return c.flag.replace(/-([a-z0-9])/g, (_m, ch: string) => ch.toUpperCase());
}

export type PresetResult = { answers: Answers } | { error: string };

/**
 * Pure: the text of a preset file -> validated, typed answers, or one error line naming the
 * file and the key. Scalars are read as strings (YAML failsafe schema) and go through the same
 * validators as flags, so `goVersion: 1.30` stays "1.30" instead of becoming the number 1.3.
 * Combinations (e.g. lua × target) are checked after flags are layered on top.
 */
export function parsePreset(text: string, fileName: string): PresetResult {
  const where = `preset ${fileName}`;
  const accepted = choices.map(presetKey);
  if (/\.json$/i.test(fileName)) {
    try {
      JSON.parse(text);
    } catch (error) {
      return { error: `${where}: not valid JSON: ${(error as Error).message.split('\n')[0]}` };
    }
  }
  let data: unknown;
  try {
    data = parseYaml(text, { schema: 'failsafe', uniqueKeys: true, logLevel: 'error', maxAliasCount: 10 });
  } catch (error) {
    return { error: `${where}: not valid ${/\.json$/i.test(fileName) ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}` };
  }
  if (data === null || data === undefined) return { error: `${where}: is empty (expected a mapping of choices, e.g. "framework: gin")` };
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { error: `${where}: must be a mapping of choice names to values, e.g. "framework: gin" (got ${Array.isArray(data) ? 'a list' : 'a single value'})` };
  }
  const answers: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(data as Record<string, unknown>)) {
    const c = choices.find((x) => presetKey(x) === key);
    if (!c) {
      const folded = key.toLowerCase().replace(/[-_]/g, '');
      const near = choices.find((x) => x.flag === key || presetKey(x).toLowerCase() === folded)
        ?? choices.find((x) => editDistance(presetKey(x).toLowerCase(), folded) <= 2);
      const hint = near ? `; did you mean "${presetKey(near)}"?` : '';
      return { error: `${where}: unknown key "${key}" (accepted: ${accepted.join(', ')})${hint}` };
    }
    if (raw !== null && typeof raw === 'object') {
      return { error: `${where}: key "${key}" must be a single value, not a ${Array.isArray(raw) ? 'list' : 'mapping'}` };
    }
    const value = raw === null || raw === undefined ? '' : String(raw);
    const verdict = c.validate(value);
    if (verdict !== true) return { error: `${where}: key "${key}": ${verdict}` };
    answers[c.name] = coerce(c, value);
  }
  return { answers: answers as Answers };
}

/** Levenshtein distance, for "did you mean" hints. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_v, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** Precedence, highest first: flags, then the preset; prompts or defaults fill the rest later. */
export function layerAnswers(preset: Answers, flags: Answers): Answers {
  const out: Answers = { ...preset };
  for (const [k, v] of Object.entries(flags)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
