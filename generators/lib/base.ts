// Shared plumbing for the generators: option registration from the choices table,
// unknown-flag detection, local Go detection and writing rendered files into mem-fs.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Generator from 'yeoman-generator';
import { choices, runFlags, type Answers } from './choices.js';
import { generatorFlags, positionalCount, yeomanOwnFlags, type GeneratorName, type Resolved, type SubAnswer, type SubCommand } from './commands.js';
import { detectLocalGo } from './detect.js';
import { minGoMinor } from './versions.js';
import { gofmt } from './gofmt.js';
import { findProjectRoot, sha256 } from './project.js';
import { applyPlan, conflictMessage, conflicts, formatPlan, isEmpty, type Plan } from './plan.js';
import { RC_FILE, readStored, serializeStored, type StoredFile } from './stored.js';

/** Flags Yeoman itself (generator or environment, under yo or our bin) may pass through. */
// Only flags that really take effect (Yeoman's own, or yo's that it consumes itself).
const yeomanFlags = new Set(['help', 'h', 'skip-cache', 'skip-install', 'force', 'dry-run', 'insight', 'color', 'ask-answered']);

/** One-line user error: the CLI prints only its message and exits 1. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Raw flags given on the command line, without dashes, "=value" or a "no-" prefix. */
export function givenFlags(rawArgs: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of rawArgs) {
    if (a === '--') break;
    if (!a.startsWith('-') || a === '-') continue;
    const name = a.replace(/^-+/, '').split('=')[0]!;
    out.push(name);
  }
  return out;
}

/** Pure: which given flags are unknown, against the known ones. */
export function unknownFlags(rawArgs: readonly string[], known: readonly string[]): string[] {
  const knownSet = new Set([...known, ...yeomanFlags]);
  return givenFlags(rawArgs).filter((f) => !knownSet.has(f) && !knownSet.has(f.replace(/^no-/, '')));
}

// detectGit / detectLocalGo live in detect.ts (no Yeoman import, so the CLI's --help stays fast)
export { detectGit, detectLocalGo } from './detect.js';

export abstract class GoMinimalGenerator extends Generator {
  private usageFailure = false;

  constructor(args: string[], options: Record<string, unknown>, features?: Record<string, unknown>) {
    // customInstallTask: we never manage a package.json, so Yeoman's package-manager step
    // (and its "No change to package.json was detected" line) is switched off.
    super(args, options as never, { ...features, tasksMatchingPriority: true, customInstallTask: true } as never);
    // A refused input is reported as one line by the caller; drop Yeoman's extra
    // "An error occured while running ..." line for those (and only those).
    const original = this.log;
    if (original === undefined || original === null) return; // --help: Yeoman creates no logger
    (this as { log: typeof original }).log = new Proxy(original, {
      get: (target, prop, receiver) => {
        if (prop === 'error') {
          return (message: unknown, ...rest: unknown[]) => {
            if (this.usageFailure && String(message).startsWith('An error occured while running')) return target;
            return (target.error as (...a: unknown[]) => unknown)(message, ...rest);
          };
        }
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  /** Refuse the run with a one-line message (nothing has been written at this point). */
  protected _fail(message: string): never {
    this.usageFailure = true;
    throw new UsageError(message);
  }

  /** Register every choice of the table as an option (string-typed: we validate and coerce ourselves). */
  protected _registerChoiceOptions(only?: readonly string[]): void {
    for (const c of choices) {
      if (only && !only.includes(c.name)) continue;
      this.option(c.flag, {
        type: c.kind === 'boolean' ? Boolean : String,
        description: c.help,
      });
    }
  }

  /** A sub-generator's argument, answers and flags, from its table in commands.ts. */
  protected _registerSubCommand<C>(c: SubCommand<C>): void {
    for (const a of c.answers) {
      if (a.argument) this.argument(a.flag, { type: String, required: false, description: a.help });
      else this.option(a.flag, { type: a.kind === 'boolean' ? Boolean : String, description: a.help });
    }
    for (const o of c.flags) this.option(o.flag, { type: o.kind === 'boolean' ? Boolean : String, description: o.help });
  }

  protected _registerRunOptions(): void {
    for (const f of runFlags) {
      if (yeomanOwnFlags.has(f.flag)) continue;
      this.option(f.flag, { type: f.value ? String : Boolean, description: f.help });
    }
    // hidden: lets tests point at a fake or missing go (or git) binary
    this.option('go-binary', { type: String, hide: true, description: 'go executable to use' });
    this.option('git-binary', { type: String, hide: true, description: 'git executable to use' });
  }

  protected _option(flag: string): unknown {
    const camel = flag.replace(/-([a-z])/g, (_m, ch: string) => ch.toUpperCase());
    const opts = this.options as Record<string, unknown>;
    return opts[flag] ?? opts[camel];
  }

  protected _rawArgs(): string[] {
    return ((this as unknown as { _args?: string[] })._args ?? []).map(String);
  }

  /**
   * Refuse flags this generator does not take, `--yes-no-flag=value` with a value other than
   * true/false (the parser would read any value as "on"), and extra positional arguments.
   */
  protected _checkArgs(gen: GeneratorName): void {
    const raw = this._rawArgs();
    const flags = generatorFlags(gen);
    const bad = unknownFlags(raw, [...flags.map((f) => f.flag), 'go-binary', 'git-binary']);
    if (bad.length > 0) {
      // name the flag as it was typed (-V, not --V)
      const typed = raw.find((a) => a.startsWith('-') && a.replace(/^-+/, '').split('=')[0] === bad[0])?.split('=')[0] ?? `--${bad[0]}`;
      this._fail(`unknown option ${typed} (run with --help for the accepted options)`);
    }
    // a flag given twice is ambiguous (--port 80 --port 90, --ci --no-ci): refused, not merged
    const seen = new Set<string>();
    for (const f of givenFlags(raw)) {
      const base = f.replace(/^no-/, '');
      if (base.length <= 1) continue;
      if (seen.has(base)) this._fail(`--${base} is given more than once (give each option once)`);
      seen.add(base);
    }
    const booleans = new Set(flags.filter((f) => f.boolean).map((f) => f.flag));
    for (const a of raw) {
      const m = /^--(?:no-)?([a-z0-9-]+)=(.*)$/.exec(a);
      if (m && booleans.has(m[1]!) && !['true', 'false'].includes(m[2]!)) {
        this._fail(`--${m[1]} is a yes/no flag: use --${m[1]} or --no-${m[1]} (got "${m[2]}")`);
      }
    }
    const positional = ((this as unknown as { args?: unknown[] }).args ?? []).map(String);
    const maxPositional = positionalCount(gen);
    if (positional.length > maxPositional) this._fail(`unexpected argument "${positional[maxPositional]}" (run with --help for the usage)`);
  }

  /** Answers given as flags (raw strings/booleans, not yet validated). */
  protected _givenAnswers(): Answers {
    const given: Record<string, unknown> = {};
    for (const c of choices) {
      const v = this._option(c.flag);
      if (v !== undefined && v !== null) given[c.name] = v;
    }
    return given as Answers;
  }

  protected _gitBinary(): string {
    return (this._option('git-binary') as string | undefined) ?? 'git';
  }

  protected _goBinary(): string {
    return (this._option('go-binary') as string | undefined) ?? 'go';
  }

  /**
   * Sub-generators: find the project around the current folder (by its .yo-rc.json), make it
   * the destination root and return its stored answers, validated; refuse when there is none
   * or when a stored value is invalid.
   */
  protected _enterProject(): StoredFile {
    const root = findProjectRoot(this.destinationRoot());
    if (!root) {
      this._fail(`not inside a go-minimal project: no .yo-rc.json with "generator-go-minimal" in ${this.destinationRoot()} or its parents`);
    }
    this.destinationRoot(root);
    const stored = readStored(root);
    if (!stored) this._fail(`${root}/.yo-rc.json has no generator-go-minimal settings`);
    if ('error' in stored) this._fail(stored.error);
    return stored;
  }

  /** --force / --force=true: overwrite; --force=false / --no-force: no force (the last one given wins). */
  protected _force(): boolean {
    let force: boolean | undefined;
    for (const a of this._rawArgs()) {
      if (a === '--force' || a === '--force=true') force = true;
      else if (a === '--force=false' || a === '--no-force') force = false;
    }
    if (force !== undefined) return force;
    const v = this._option('force');
    return v === true || v === 'true';
  }

  protected _dryRun(): boolean {
    const v = this._option('dry-run');
    return v === true || v === 'true';
  }

  /** set by a generator whose every answer came from the command line (a scripted run: never ask) */
  protected allAnswersGiven = false;

  /**
   * May we ask? Not with --defaults, not when every answer was given on the command line, not without a terminal (GO_MINIMAL_INTERACTIVE=1 lets tests
   * exercise the question through yeoman-test's prompt mocks).
   */
  /**
   * Before a question: the go-minimal bin sets GO_MINIMAL_NO_TTY when its standard input is not a
   * terminal, so a piped or scripted run is refused in one line instead of a prompt nobody answers.
   */
  protected _mayAsk(what: string): void {
    if (process.env.GO_MINIMAL_NO_TTY === '1') {
      this._fail(`no terminal to ask for ${what}: give it as a flag or pass --defaults (run with --help for the options)`);
    }
  }

  /** One question for a table entry (a choice of the app, or a sub-command's answer), with the entry's validator. */
  protected _question(
    e: { name: string; kind: string; choices?: readonly string[]; choiceLabels?: Record<string, string>; validate: (v: unknown) => unknown },
    message: string,
    def: unknown,
  ): Record<string, unknown> {
    const base = { name: e.name, message, default: def, validate: (v: unknown) => e.validate(v) };
    if (e.kind === 'enum') return { ...base, type: 'select', choices: e.choices!.map((v) => ({ name: e.choiceLabels?.[v] ?? v, value: v })) };
    if (e.kind === 'boolean') return { ...base, type: 'confirm' };
    return { ...base, type: 'input', default: def === undefined ? undefined : String(def) };
  }

  /** A sub-command answer's value as given on the command line (its argument or its flag), undefined when absent. */
  private _givenAnswer<C>(a: SubAnswer<C>): unknown {
    const v = a.argument ? (this.options as Record<string, unknown>)[a.flag] : this._option(a.flag);
    if (v === undefined || v === null) return undefined;
    if (a.kind === 'boolean') return v === true || v === 'true';
    return a.normalize ? a.normalize(String(v)) : String(v);
  }

  /** Validate every answer given on the command line (before anything is asked); refuse the first bad one. */
  protected _checkGiven<C>(c: SubCommand<C>): void {
    for (const a of c.answers) {
      const v = this._givenAnswer(a);
      if (v === undefined) continue;
      const verdict = a.validate(a.kind === 'boolean' ? String(v) : v);
      if (verdict !== true) this._fail(verdict);
    }
  }

  /**
   * The one resolver of a sub-command's answers, in table order: given -> validated; missing and
   * askable (a terminal, no --defaults) -> asked with the same validator; otherwise its default,
   * or a one-line refusal naming what is missing. Sets allAnswersGiven (nothing askable was left
   * to ask). An answer that does not apply stays undefined.
   */
  protected async _resolveAnswers<C>(c: SubCommand<C>, ctx: C): Promise<Resolved> {
    const out: Resolved = {};
    this._checkGiven(c);
    let allGiven = true;
    for (const a of c.answers) {
      if (a.applies && !a.applies(out, ctx)) continue;
      const given = this._givenAnswer(a);
      if (given !== undefined) {
        out[a.name] = given;
        continue;
      }
      if (a.prompt !== undefined) allGiven = false;
      const ask = a.prompt !== undefined && !this._option('defaults') && (a.askWhen?.(out, ctx) ?? true);
      if (!ask) {
        if (a.default) out[a.name] = a.default(out, ctx);
        else this._fail(a.missing?.(out, ctx) ?? `${a.what ?? a.name} missing (${a.argument ? `go-minimal ${c.name} ${a.flag.toUpperCase()}` : `--${a.flag}`})`);
        continue;
      }
      this._mayAsk(`${a.what} (${a.argument ? `go-minimal ${c.name} ${a.flag.toUpperCase()}` : `--${a.flag}, or --defaults for ${a.shownDefault}`})`);
      const message = typeof a.prompt === 'function' ? a.prompt(out, ctx) : a.prompt!;
      const answer = await this.prompt<Resolved>([this._question(a, message, a.default?.(out, ctx)) as never]);
      const v = answer[a.name];
      out[a.name] = a.kind === 'boolean' ? v === true || v === 'true' : a.normalize ? a.normalize(String(v)) : String(v);
    }
    this.allAnswersGiven = allGiven;
    return out;
  }

  protected _interactive(): boolean {
    if (this._option('defaults') || this.allAnswersGiven) return false;
    if (process.env.GO_MINIMAL_INTERACTIVE === '1') return true;
    return Boolean(process.stdin.isTTY && process.stdout.isTTY);
  }

  /** Rendered files, Go ones gofmt-ed (so re-runs compare formatted code). */
  protected _format(files: Map<string, string>): Map<string, string> {
    return new Map([...files].map(([dest, src]) => [dest, dest.endsWith('.go') ? gofmt(src, dest) : src]));
  }

  /**
   * Resolve the plan's conflicts, then write it (or print it for --dry-run).
   * Returns true when the plan was written. Edited files: --force overwrites; a non-interactive
   * run is refused (nothing written); an interactive one asks once for the whole change.
   */
  protected async _commitPlan(plan: Plan): Promise<boolean> {
    if (this._dryRun()) {
      // on stdout (not the logger's stderr), so the plan can be piped or saved
      console.log(`dry run: nothing written. This run would change ${plan.root}:\n${formatPlan(plan)}`);
      // the exit code the real run would have: a scripted run with unresolved conflicts is refused
      if (conflicts(plan).length > 0 && !this._force() && !this._interactive()) {
        console.log(`the real run would be refused: ${conflictMessage(plan)}`);
        process.exitCode = 1;
      }
      return false;
    }
    if (isEmpty(plan)) return false;
    const edited = conflicts(plan);
    if (edited.length > 0 && !this._force()) {
      if (!this._interactive()) this._fail(conflictMessage(plan));
      this.log(formatPlan(plan));
      const { overwrite } = await this.prompt<{ overwrite: boolean }>([
        {
          type: 'confirm',
          name: 'overwrite',
          default: false,
          message: `${edited.map((c) => c.path).join(', ')} changed since go-minimal wrote ${edited.length === 1 ? 'it' : 'them'}. These files belong together: overwrite (or delete) ${edited.length === 1 ? 'it' : 'them'} and apply the whole change above?`,
        } as never,
      ]);
      if (!overwrite) {
        this.log.info('nothing written: the change is applied as a whole or not at all (re-run with --force to overwrite, --dry-run to review)');
        return false;
      }
    }
    applyPlan(plan);
    return true;
  }

  /**
   * After go mod tidy / gofmt changed files this run wrote (go.mod gains its requirements):
   * record their new hashes, so the next run still knows them as ours and unedited.
   */
  protected _rehash(files: readonly string[]): void {
    const root = this.destinationRoot();
    const stored = readStored(root);
    if (!stored || 'error' in stored) return;
    const generated = { ...(stored.config.generated ?? {}) };
    for (const f of files) {
      const abs = path.join(root, f);
      if (generated[f] !== undefined && existsSync(abs)) generated[f] = sha256(readFileSync(abs, 'utf8'));
    }
    const text = serializeStored({ ...stored.config, generated }, stored.others);
    if (text === stored.text) return;
    const rc = path.join(root, RC_FILE);
    writeFileSync(`${rc}.go-minimal.tmp`, text);
    renameSync(`${rc}.go-minimal.tmp`, rc);
  }

  /** go mod tidy, or a clear explanation of why not. Returns whether it ran. */
  protected async _goInstall(): Promise<boolean> {
    if (this._option('skip-install')) {
      this.log.info('skip-install: not running go mod tidy; run it yourself before building (go.sum is created by it)');
      return false;
    }
    const go = this._goBinary();
    if (!detectLocalGo(go)) {
      this.log.info(
        `go was not found (looked for "${go}"): skipping go mod tidy. Install Go 1.${minGoMinor}+ and run "go mod tidy" in ${this.destinationRoot()} before building.`,
      );
      return false;
    }
    const root = this.destinationRoot();
    // go mod tidy only: every Go file this run wrote was gofmt-ed before the plan, and the
    // user's own files are never reformatted behind their back
    try {
      await this.spawn(go, ['mod', 'tidy'], { stdio: 'inherit', cwd: root });
    } catch (error) {
      // the files are written and .yo-rc.json agrees with them: say what is left to do
      this._fail(`${go} mod tidy failed (${(error as Error).message.split('\n')[0]}); the files are written and .yo-rc.json agrees with them: finish by hand with: cd ${root} && ${go} mod tidy`);
    }
    return true;
  }
}
