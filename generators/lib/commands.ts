// The sub-commands' arguments and options: the endpoint and image generators register them,
// and `go-minimal endpoint|image --help` prints them without loading Yeoman.
import { choiceByName } from './choices.js';
import { targetNames } from './targets.js';
import { httpMethods } from './validators.js';

export interface SubOption {
  flag: string;
  kind: 'string' | 'boolean';
  help: string;
}

export interface SubCommand {
  name: 'endpoint' | 'image' | 'update';
  summary: string;
  argument: { name: string; help: string };
  /** options of this sub-generator (registered by it) */
  options: readonly SubOption[];
}

/** Flags every sub-generator takes besides its own (Yeoman registers them itself). */
export const subRunFlags: readonly SubOption[] = [
  { flag: 'skip-install', kind: 'boolean', help: 'do not run go mod tidy after writing' },
  { flag: 'force', kind: 'boolean', help: 'overwrite changed files without asking' },
];

const upx = choiceByName('upx')!;

export const subCommands: Record<SubCommand['name'], SubCommand> = {
  endpoint: {
    name: 'endpoint',
    summary: 'add an endpoint to the project around the current folder',
    argument: { name: 'name', help: 'endpoint name, e.g. greet or user-profile' },
    options: [
      { flag: 'path', kind: 'string', help: 'URL path (default: /NAME)' },
      { flag: 'method', kind: 'string', help: `HTTP method: ${httpMethods.join('|')} (default: GET)` },
      { flag: 'remove', kind: 'boolean', help: 'remove the endpoint: its handler, test, route and stored answer (an edited handler needs --force)' },
      { flag: 'defaults', kind: 'boolean', help: 'no prompts: path /NAME, method GET' },
      { flag: 'dry-run', kind: 'boolean', help: 'print the change (+added -removed lines per file), write nothing' },
    ],
  },
  image: {
    name: 'image',
    summary: "switch the project's image target",
    argument: { name: 'target', help: `image target (${targetNames.join('|')})` },
    options: [
      { flag: upx.flag, kind: 'boolean', help: upx.help },
      { flag: 'defaults', kind: 'boolean', help: 'no prompts' },
      { flag: 'dry-run', kind: 'boolean', help: 'print the change (+added -removed lines per file), write nothing' },
    ],
  },
  update: {
    name: 'update',
    summary: 'three-way merge what this generator version renders into the project (exit 3: conflicts left)',
    argument: { name: '', help: '' },
    options: [
      { flag: 'dry-run', kind: 'boolean', help: 'show the plan (merged, conflicting, added, removed); write nothing' },
      { flag: 'defaults', kind: 'boolean', help: 'accepted for symmetry: update never prompts' },
    ],
  },
};

/** Every flag a sub-generator accepts (for its unknown-flag check). */
export function subFlags(sub: SubCommand['name']): string[] {
  return [...subCommands[sub].options, ...subRunFlags].map((o) => o.flag);
}

/** `go-minimal endpoint|image --help`. */
export function subHelpText(sub: SubCommand['name'], bin = 'go-minimal'): string {
  const c = subCommands[sub];
  const rows: [string, string][] = [...c.options, ...subRunFlags, { flag: 'help', kind: 'boolean', help: 'print this help' }].map((o) => [
    `--${o.flag}${o.kind === 'string' ? ' <value>' : ''}`,
    o.help,
  ]);
  const width = Math.max(...rows.map((r) => r[0].length)) + 2;
  return [
    `Usage: ${bin} ${sub}${c.argument.name ? ` <${c.argument.name}>` : ''} [options]   ${c.summary}`,
    '',
    ...(c.argument.name ? ['Arguments:', `  <${c.argument.name}>  ${c.argument.help}`, ''] : []),
    'Options:',
    ...rows.map(([l, r]) => `  ${l.padEnd(width)}${r}`),
  ].join('\n');
}
