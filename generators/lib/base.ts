// Shared plumbing for the generators: option registration from the choices table,
// unknown-flag detection, local Go detection and writing rendered files into mem-fs.
import { existsSync, readFileSync } from 'node:fs';
import Generator from 'yeoman-generator';
import { choices, runFlags, type Answers } from './choices.js';
import type { SubCommand } from './commands.js';
import type { StoredConfig } from './context.js';
import { detectLocalGo } from './detect.js';
import { minGoMinor } from './versions.js';
import { gofmt } from './gofmt.js';
import { findProjectRoot, isUnedited, ownedFiles, sha256 } from './project.js';

/** Flags Yeoman itself (generator or environment, under yo or our bin) may pass through. */
// Only flags that really take effect (Yeoman's own, or yo's that it consumes itself).
const yeomanFlags = new Set(['help', 'h', 'skip-cache', 'skip-install', 'force', 'insight', 'color', 'ask-answered']);

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

  /** A sub-generator's argument and options, from the table in commands.ts. */
  protected _registerSubCommand(c: SubCommand): void {
    if (c.argument.name) this.argument(c.argument.name, { type: String, required: false, description: c.argument.help });
    for (const o of c.options) this.option(o.flag, { type: o.kind === 'boolean' ? Boolean : String, description: o.help });
  }

  protected _registerRunOptions(): void {
    for (const f of runFlags) {
      if (f.flag === 'help' || f.flag === 'skip-install' || f.flag === 'force') continue; // Yeoman's own
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
  protected _checkArgs(known: readonly string[], maxPositional: number): void {
    const raw = this._rawArgs();
    const bad = unknownFlags(raw, [...known, 'go-binary', 'git-binary']);
    if (bad.length > 0) this._fail(`unknown option --${bad[0]} (run with --help for the accepted options)`);
    const booleans = new Set([...choices.filter((c) => c.kind === 'boolean').map((c) => c.flag), 'defaults', 'force', 'skip-install']);
    for (const a of raw) {
      const m = /^--(?:no-)?([a-z-]+)=(.*)$/.exec(a);
      if (m && booleans.has(m[1]!) && !['true', 'false'].includes(m[2]!)) {
        this._fail(`--${m[1]} is a yes/no flag: use --${m[1]} or --no-${m[1]} (got "${m[2]}")`);
      }
    }
    const positional = ((this as unknown as { args?: unknown[] }).args ?? []).map(String);
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
   * the destination root and return its stored answers; refuse when there is none.
   */
  protected _enterProject(): StoredConfig {
    const root = findProjectRoot(this.destinationRoot());
    if (!root) {
      this._fail(`not inside a go-minimal project: no .yo-rc.json with "generator-go-minimal" in ${this.destinationRoot()} or its parents`);
    }
    this.destinationRoot(root);
    return this._readStored() ?? this._fail(`${root}/.yo-rc.json has no generator-go-minimal settings`);
  }

  protected _readStored(): StoredConfig | undefined {
    const all = this.config.getAll() as Partial<StoredConfig>;
    // choices added later default to off for projects generated before they existed
    return all && all.module ? ({ endpoints: [], upx: false, ci: false, k8s: false, compose: false, git: false, ...all } as StoredConfig) : undefined;
  }

  /**
   * Write a rendered file map into mem-fs under the destination root.
   * Generator-owned files that nobody edited since we wrote them are replaced without a
   * question; anything else that differs goes through Yeoman's conflict handling
   * (diff + ask; --force overwrites). Returns the new hashes of the owned files.
   */
  protected _writeAll(files: Map<string, string>, previous: Record<string, string> = {}): Record<string, string> {
    const hashes: Record<string, string> = { ...previous };
    for (const [dest, rendered] of files) {
      const contents = dest.endsWith('.go') ? gofmt(rendered, dest) : rendered;
      const abs = this.destinationPath(dest);
      this.written.set(dest, { contents, existed: existsSync(abs) });
      const owned = (ownedFiles as readonly string[]).includes(dest);
      // what the user has on disk now (mem-fs may still hold what an earlier run wrote)
      const disk = existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
      this.fs.write(abs, contents);
      if (owned) {
        hashes[dest] = sha256(contents);
        if (disk !== undefined && disk !== contents && isUnedited(disk, previous[dest])) {
          const file = this.fs.store.get(abs) as unknown as { conflicter?: string };
          file.conflicter = 'force';
        }
      }
    }
    return hashes;
  }

  /** What this run asked to write, by destination (read back by _landed after the commit). */
  private readonly written = new Map<string, { contents: string; existed: boolean }>();

  /**
   * After the commit (install/end priorities): did `dest` reach the disk as we rendered it?
   * False when the user declined Yeoman's overwrite question for it.
   */
  protected _landed(dest: string): boolean {
    const w = this.written.get(dest);
    const abs = this.destinationPath(dest);
    return w !== undefined && existsSync(abs) && readFileSync(abs, 'utf8') === w.contents;
  }

  /** Files this run created (they did not exist before) and that are on disk as rendered. */
  protected _created(): string[] {
    return [...this.written].filter(([dest, w]) => !w.existed && this._landed(dest)).map(([dest]) => dest);
  }

  /**
   * Write a file of which we changed only a generator-owned region (the user's text around it
   * is kept as it was on disk), so no conflict question is needed.
   */
  protected _writeOurs(dest: string, contents: string): void {
    const abs = this.destinationPath(dest);
    this.fs.write(abs, contents);
    (this.fs.store.get(abs) as unknown as { conflicter?: string }).conflicter = 'force';
  }

  /** go mod tidy + gofmt, or a clear explanation of why not. */
  protected async _goInstall(): Promise<void> {
    if (this._option('skip-install')) {
      this.log.info('skip-install: not running go mod tidy; run it yourself before building (go.sum is created by it)');
      return;
    }
    const go = this._goBinary();
    if (!detectLocalGo(go)) {
      this.log.info(
        `go was not found (looked for "${go}"): skipping go mod tidy and gofmt. Install Go 1.${minGoMinor}+ and run "go mod tidy" in ${this.destinationRoot()} before building.`,
      );
      return;
    }
    await this.spawn(go, ['mod', 'tidy'], { stdio: 'inherit', cwd: this.destinationRoot() });
    const gofmt = go === 'go' ? 'gofmt' : go.replace(/go$/, 'gofmt');
    await this.spawn(gofmt, ['-l', '-w', '.'], { stdio: 'inherit', cwd: this.destinationRoot() });
  }
}
