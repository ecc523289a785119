// The option table of every generator. The app's answers are the choices table (choices.ts);
// the sub-commands' arguments, answers and flags are here. Each generator registers its
// options, checks the given flags, validates, defaults and prompts from these entries (base.ts
// _checkArgs / _resolveAnswers), and `go-minimal <sub> --help` prints them without loading Yeoman.
import { choiceByName, choices, runFlags } from './choices.js';
import type { CustomEndpoint, StoredConfig } from './context.js';
import { targetNames } from './targets.js';
import { httpMethods, validateEndpointName, validateEndpointPath, validateHttpMethod, type Verdict } from './validators.js';

/** A flag that steers the run: never asked, never stored. */
export interface SubOption {
  flag: string;
  kind: 'string' | 'boolean';
  help: string;
}

/** The answers resolved so far, by name (in table order). */
export type Resolved = Record<string, unknown>;

/**
 * One answer of a sub-generator: its positional argument or a flag. Given on the command line it
 * is validated; missing, it is asked (a terminal, no --defaults) or takes its default; with
 * neither, the run is refused in one line. `C` is what the generator knows about the project.
 */
export interface SubAnswer<C = never> {
  /** key among the answers (and in .yo-rc.json or the endpoint record, when stored) */
  name: string;
  /** long flag without dashes; for the positional argument, its name in the usage */
  flag: string;
  /** the positional argument (there is no --flag for it) */
  argument?: boolean;
  kind: 'string' | 'enum' | 'boolean';
  choices?: readonly string[];
  /** labels shown next to enum values in the question */
  choiceLabels?: Record<string, string>;
  help: string;
  /** the default as --help and the no-terminal refusal show it */
  shownDefault?: string;
  /** what is asked for, e.g. "the URL path"; absent: never asked */
  what?: string;
  /** the question; absent: never asked */
  prompt?: string | ((a: Resolved, c: C) => string);
  /** ask only when this holds (else the default is taken) */
  askWhen?: (a: Resolved, c: C) => boolean;
  /** resolved only when this holds (else it stays undefined) */
  applies?: (a: Resolved, c: C) => boolean;
  default?: (a: Resolved, c: C) => string | boolean;
  /** the refusal when it is missing, not asked and has no default */
  missing?: (a: Resolved, c: C) => string;
  /** applied to a given or answered value before it is validated (e.g. upper case) */
  normalize?: (v: string) => string;
  validate: (value: unknown) => Verdict;
  /** recorded in .yo-rc.json (the project's answers, or the endpoint record) */
  stored: boolean;
}

export interface SubCommand<C = never> {
  name: 'endpoint' | 'image' | 'update';
  summary: string;
  /** resolved in this order; a later default may use an earlier answer */
  answers: readonly SubAnswer<C>[];
  /** flags that steer the run */
  flags: readonly SubOption[];
}

/** Flags every sub-generator takes besides its own; Yeoman (or the environment) handles them. */
export const subRunFlags: readonly SubOption[] = [
  { flag: 'skip-install', kind: 'boolean', help: 'do not run go mod tidy after writing' },
  { flag: 'force', kind: 'boolean', help: 'overwrite changed files without asking' },
  { flag: 'help', kind: 'boolean', help: 'print this help' },
];

/** Yeoman's own flags: the generators do not register them. */
export const yeomanOwnFlags: ReadonlySet<string> = new Set(subRunFlags.map((f) => f.flag));

const dryRun: SubOption = { flag: 'dry-run', kind: 'boolean', help: 'print the change (+added -removed lines per file), write nothing' };

/** --defaults, its help naming the defaults of the answers that show one. */
function defaultsFlag(answers: readonly SubAnswer<never>[]): SubOption {
  const shown = answers.filter((a) => a.shownDefault !== undefined).map((a) => `${a.name} ${a.shownDefault}`);
  return { flag: 'defaults', kind: 'boolean', help: `no prompts${shown.length > 0 ? `: ${shown.join(', ')}` : ''}` };
}

export interface EndpointContext {
  /** the endpoints recorded in .yo-rc.json */
  endpoints: readonly CustomEndpoint[];
  /** --remove */
  remove: boolean;
}

const recorded = (a: Resolved, c: EndpointContext) => c.endpoints.find((e) => e.name === a.name);

const endpointAnswers: readonly SubAnswer<EndpointContext>[] = [
  {
    name: 'name',
    flag: 'name',
    argument: true,
    kind: 'string',
    help: 'endpoint name, e.g. greet or user-profile',
    what: 'the endpoint name',
    prompt: 'Endpoint name',
    missing: (_a, c) => `endpoint name missing: go-minimal endpoint NAME${c.remove ? ' --remove' : ''} (e.g. greet)`,
    validate: validateEndpointName,
    stored: true,
  },
  {
    name: 'path',
    flag: 'path',
    kind: 'string',
    help: 'URL path',
    shownDefault: '/NAME',
    what: 'the URL path',
    prompt: 'URL path',
    applies: (_a, c) => !c.remove,
    // re-running for a recorded endpoint: what is not given is what is recorded
    askWhen: (a, c) => !recorded(a, c),
    default: (a, c) => recorded(a, c)?.path ?? `/${String(a.name)}`,
    validate: validateEndpointPath,
    stored: true,
  },
  {
    name: 'method',
    flag: 'method',
    kind: 'enum',
    choices: httpMethods,
    help: `HTTP method: ${httpMethods.join('|')}`,
    shownDefault: 'GET',
    what: 'the HTTP method',
    prompt: 'HTTP method',
    applies: (_a, c) => !c.remove,
    askWhen: (a, c) => !recorded(a, c),
    default: (a, c) => recorded(a, c)?.method ?? 'GET',
    normalize: (v) => v.toUpperCase(),
    validate: validateHttpMethod,
    stored: true,
  },
];

export interface ImageContext {
  /** the project's stored answers */
  cfg: StoredConfig;
}

const target = choiceByName('target')!;
const upx = choiceByName('upx')!;

const imageAnswers: readonly SubAnswer<ImageContext>[] = [
  {
    name: 'target',
    flag: 'target',
    argument: true,
    kind: 'enum',
    choices: targetNames,
    choiceLabels: target.choiceLabels,
    help: `image target (${targetNames.join('|')})`,
    what: 'the image target',
    prompt: (_a, c) => `Image target (now: ${c.cfg.target})`,
    default: (_a, c) => c.cfg.target,
    validate: target.validate,
    stored: true,
  },
  { name: 'upx', flag: upx.flag, kind: 'boolean', help: upx.help, default: (_a, c) => c.cfg.upx, validate: upx.validate, stored: true },
];

export const subCommands = {
  endpoint: {
    name: 'endpoint',
    summary: 'add an endpoint to the project around the current folder',
    answers: endpointAnswers,
    flags: [
      { flag: 'remove', kind: 'boolean', help: 'remove the endpoint: its handler, test, route and stored answer (an edited handler needs --force)' },
      defaultsFlag(endpointAnswers),
      dryRun,
    ],
  } satisfies SubCommand<EndpointContext>,
  image: {
    name: 'image',
    summary: "switch the project's image target",
    answers: imageAnswers,
    flags: [defaultsFlag(imageAnswers), dryRun],
  } satisfies SubCommand<ImageContext>,
  update: {
    name: 'update',
    summary: 'three-way merge what this generator version renders into the project (exit 3: conflicts left)',
    answers: [],
    flags: [
      { flag: 'dry-run', kind: 'boolean', help: 'show the plan (merged, conflicting, added, removed); write nothing' },
      { flag: 'defaults', kind: 'boolean', help: 'accepted for symmetry: update never prompts' },
    ],
  } satisfies SubCommand,
} as const;

export type SubName = keyof typeof subCommands;
export type GeneratorName = 'app' | SubName;

export const isSubName = (s: string | undefined): s is SubName => s !== undefined && Object.hasOwn(subCommands, s);

/** A sub-command's positional argument, if it takes one. */
export function subArgument(sub: SubName): SubAnswer<never> | undefined {
  return (subCommands[sub].answers as readonly SubAnswer<never>[]).find((a) => a.argument);
}

/** A sub-command's flags in --help order: its answers', its own, then Yeoman's. */
export function subOptions(sub: SubName): SubOption[] {
  const answers = (subCommands[sub].answers as readonly SubAnswer<never>[]).filter((a) => !a.argument);
  return [
    ...answers.map((a) => ({ flag: a.flag, kind: a.kind === 'boolean' ? ('boolean' as const) : ('string' as const), help: a.shownDefault ? `${a.help} (default: ${a.shownDefault})` : a.help })),
    ...subCommands[sub].flags,
    ...subRunFlags,
  ];
}

/** Every flag a generator accepts (its unknown-flag check and its --help list the same ones). */
export function generatorFlags(gen: GeneratorName): { flag: string; boolean: boolean }[] {
  if (gen === 'app') {
    return [...choices.map((c) => ({ flag: c.flag, boolean: c.kind === 'boolean' })), ...runFlags.map((f) => ({ flag: f.flag, boolean: !f.value }))];
  }
  return subOptions(gen).map((o) => ({ flag: o.flag, boolean: o.kind === 'boolean' }));
}

/** How many positional arguments a generator takes. */
export function positionalCount(gen: GeneratorName): number {
  return gen === 'app' || subArgument(gen) ? 1 : 0;
}

/** `go-minimal endpoint|image|update --help`. */
export function subHelpText(sub: SubName, bin = 'go-minimal'): string {
  const arg = subArgument(sub);
  const rows: [string, string][] = subOptions(sub).map((o) => [`--${o.flag}${o.kind === 'string' ? ' <value>' : ''}`, o.help]);
  const width = Math.max(...rows.map((r) => r[0].length)) + 2;
  return [
    `Usage: ${bin} ${sub}${arg ? ` <${arg.flag}>` : ''} [options]   ${subCommands[sub].summary}`,
    '',
    ...(arg ? ['Arguments:', `  <${arg.flag}>  ${arg.help}`, ''] : []),
    'Options:',
    ...rows.map(([l, r]) => `  ${l.padEnd(width)}${r}`),
  ].join('\n');
}

/** The resolved answers a sub-command records (in table order), e.g. the endpoint record. */
export function storedAnswers<C>(c: SubCommand<C>, resolved: Resolved): Resolved {
  return Object.fromEntries(c.answers.filter((a) => a.stored && resolved[a.name] !== undefined).map((a) => [a.name, resolved[a.name]]));
}
