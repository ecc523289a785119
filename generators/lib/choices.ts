// The one choices table. Prompts, CLI options, --help, .yo-rc.json and the printed
// "equivalent command" are all derived from it; nothing else lists the choices.
import type { StoredConfig } from './context.js';
import { luaCompatibility, targetByName, targetNames, targets } from './targets.js';
import { pinnedGoVersion } from './versions.js';
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
  validate: (value: unknown) => Verdict;
}

const frameworks = ['gin', 'nethttp'] as const;
const luaEngines = ['none', 'gopher', 'golua'] as const;

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
    help: `Go version for go.mod and the builder image (default: the local go, else ${pinnedGoVersion})`,
    default: (_a, env) => (env.localGo && validateGoVersion(env.localGo) === true ? env.localGo : pinnedGoVersion),
    validate: validateGoVersion,
  },
  {
    name: 'framework',
    flag: 'framework',
    kind: 'enum',
    choices: frameworks,
    choiceLabels: { gin: 'gin (github.com/gin-gonic/gin)', nethttp: 'net/http (standard library, smallest binary)' },
    prompt: 'HTTP framework',
    help: 'HTTP framework',
    default: () => 'nethttp',
    validate: validateEnum('framework', frameworks),
  },
  {
    name: 'lua',
    flag: 'lua',
    kind: 'enum',
    choices: luaEngines,
    choiceLabels: {
      none: 'none (no /lua endpoint)',
      gopher: 'gopher (pure-Go gopher-lua, sandboxed and pooled)',
      golua: 'golua (C Lua 5.1 via cgo)',
    },
    prompt: 'Embedded Lua for a /lua endpoint',
    help: '/lua endpoint engine: none = no /lua endpoint',
    default: () => 'none',
    validate: validateEnum('lua engine', luaEngines),
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
];

/** Flags that are not choices: they steer the run and are never stored. */
export const runFlags = [
  { flag: 'defaults', help: 'no prompts: every choice not given takes its default' },
  { flag: 'skip-install', help: 'do not run go mod tidy / gofmt after writing' },
  { flag: 'force', help: 'generate into a non-empty folder; overwrite changed files without asking' },
  { flag: 'help', help: 'print this help' },
] as const;

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
  const out: Answers = { ...a };
  for (const c of choices) {
    if (out[c.name] === undefined) (out as Record<string, unknown>)[c.name] = coerce(c, c.default(out, env));
  }
  return out as Required<Answers>;
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:@=+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The non-interactive command that reproduces these answers. */
export function equivalentCommand(a: Required<Answers>, bin = 'go-minimal'): string {
  const parts = [bin, shellQuote(a.name)];
  for (const c of choices) {
    if (c.name === 'name') continue;
    const v = a[c.name];
    if (c.kind === 'boolean') {
      if (v) parts.push(`--${c.flag}`);
    } else {
      parts.push(`--${c.flag}`, shellQuote(String(v)));
    }
  }
  return parts.join(' ');
}

/** --help text, derived from the table. */
export function helpText(env: DefaultsEnv, bin = 'go-minimal'): string {
  const rows: [string, string][] = [];
  for (const c of choices) {
    const arg = c.kind === 'boolean' ? '' : c.choices ? ` <${c.choices.join('|')}>` : ` <${c.kind === 'number' ? 'n' : 'value'}>`;
    const def = c.default({}, env);
    const shownDefault = c.name === 'module' ? 'example.com/<name>' : String(def);
    rows.push([`--${c.flag}${arg}`, `${c.help} (default: ${shownDefault})`]);
  }
  for (const f of runFlags) rows.push([`--${f.flag}`, f.help]);
  const width = Math.max(...rows.map((r) => r[0].length)) + 2;
  const lines = rows.map(([l, r]) => `  ${l.padEnd(width)}${r}`);
  const targetLines = targets.map(
    (t) => `  ${t.name.padEnd(12)}${t.summary}${t.buildableOffline ? '' : ' [not buildable offline]'}`,
  );
  return [
    `Usage: ${bin} [name] [options]            generate a new Go service in ./<name>`,
    `       ${bin} endpoint <name> [options]   add an endpoint to the project around the current folder`,
    `       ${bin} image <target> [options]    switch the project's image target`,
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
