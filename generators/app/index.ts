// yo go-minimal [name] [flags]  /  go-minimal [name] [flags]
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  choices,
  coerce,
  equivalentCommand,
  layerAnswers,
  parsePreset,
  validateAnswers,
  withDefaults,
  type Answers,
  type DefaultsEnv,
} from '../lib/choices.js';
import { buildContext, type StoredConfig } from '../lib/context.js';
import { findProjectRoot } from '../lib/project.js';
import { GoMinimalGenerator, detectGit, detectLocalGo } from '../lib/base.js';
import { buildPlan } from '../lib/plan.js';
import { sha256 } from '../lib/project.js';
import { baseRecordKeys, projectFiles, recordBase } from '../lib/baseref.js';
import { readStored, serializeStored, type StoredFile } from '../lib/stored.js';
import { handlerFiles } from '../endpoint/files.js';
import { validateDestination } from '../lib/validators.js';

export default class AppGenerator extends GoMinimalGenerator {
  private answers: Answers = {};
  private final?: StoredConfig & Required<Answers>;
  private asked = false;
  private defaultsEnv: DefaultsEnv = {};
  /** the project being regenerated (a rerun), validated */
  private stored?: StoredFile;
  private storedChecked = false;
  private wrote = false;
  /** the files this run rendered (their hashes are refreshed after go mod tidy / gofmt) */
  private planned: string[] = [];
  /** every file rendered for the answers (writing), reused as the update base (end) */
  private rendered?: Map<string, string>;

  constructor(args: string[], options: Record<string, unknown>, features?: Record<string, unknown>) {
    super(args, options, features);
    this.argument('name', { type: String, required: false, description: 'project name and folder to create' });
    this._registerChoiceOptions();
    this._registerRunOptions();
  }

  initializing(): void {
    this._checkArgs('app');
    const given = this._givenAnswers();
    // Yeoman stores the positional argument over --name in options.name: compare the raw values
    const positional = ((this as unknown as { args?: unknown[] }).args ?? [])[0];
    const nameFlag = this._nameFlag();
    if (typeof positional === 'string') {
      if (nameFlag !== undefined && String(nameFlag) !== positional) {
        this._fail(`project name given twice with different values: "${positional}" (argument) and --name "${String(nameFlag)}" (give one)`);
      }
      given.name = positional;
    }
    this._refuseInsideProject();
    // Validate what was given on the command line before asking anything else.
    const problem = validateAnswers(given);
    if (problem) this._fail(problem);
    const flags = Object.fromEntries(
      Object.entries(given).map(([k, v]) => [k, coerce(choices.find((c) => c.name === k)!, v)]),
    ) as Answers;
    // flags > preset > the project's stored answers (a rerun) > prompts/defaults
    this.answers = layerAnswers(this._readPreset(), flags);
    if (typeof this.answers.name === 'string') {
      const stored = this._loadStored(this.answers.name);
      if (stored) {
        const { endpoints: _e, generated: _g, ...storedAnswers } = stored.config;
        this.answers = layerAnswers({ ...storedAnswers, name: this.answers.name } as Answers, this.answers);
      }
    }
    const combined = validateAnswers(this.answers);
    if (combined) this._fail(combined);
    // the destination is checked before the first question, when the name is known already
    if (typeof this.answers.name === 'string') this._checkDestination(this.answers.name);
    this.defaultsEnv = { localGo: detectLocalGo(this._goBinary()), git: detectGit(this._gitBinary()) };
  }

  /** The value of --name as given (command line, or options passed by a runner), if any. */
  private _nameFlag(): unknown {
    const raw = this._rawArgs();
    for (let i = 0; i < raw.length; i++) {
      const a = raw[i]!;
      if (a === '--') break;
      if (a === '--name') return raw[i + 1];
      if (a.startsWith('--name=')) return a.slice('--name='.length);
    }
    return (this as unknown as { _initOptions?: Record<string, unknown> })._initOptions?.name;
  }

  /**
   * Inside a generated project (the current folder or a parent has our .yo-rc.json) a new
   * project would be nested in it: refused. The sub-generators change a project; regenerating
   * one in place is `go-minimal NAME` run from the folder that contains it.
   */
  private _refuseInsideProject(): void {
    const root = findProjectRoot(this.destinationRoot());
    if (!root) return;
    this._fail(
      `${root} is already a go-minimal project: change it with "go-minimal endpoint" or "go-minimal image", or regenerate it in place from its parent folder with "go-minimal ${path.basename(root)}"`,
    );
  }

  /**
   * ./NAME may be created, or is a go-minimal project (regenerated through the plan: edited
   * files are conflicts); any other non-empty folder needs --force. Returns its stored answers.
   */
  private _checkDestination(name: string): StoredFile | undefined {
    const dest = path.resolve(this.destinationRoot(), name);
    let state = { exists: false, isDirectory: false, entries: 0 };
    try {
      const st = statSync(dest);
      state = { exists: true, isDirectory: st.isDirectory(), entries: st.isDirectory() ? readdirSync(dest).length : 0 };
    } catch {
      // does not exist: fine
    }
    const stored = this._loadStored(name);
    const verdict = stored ? true : validateDestination(name, state, this._force());
    if (verdict !== true) this._fail(verdict);
    return stored;
  }

  /** The stored answers of an existing project in ./NAME (validated; refused when invalid). */
  private _loadStored(name: string): StoredFile | undefined {
    if (this.storedChecked) return this.stored;
    this.storedChecked = true;
    const dir = path.resolve(this.destinationRoot(), name);
    const r = existsSync(dir) && statSync(dir).isDirectory() ? readStored(dir) : undefined;
    if (r && 'error' in r) this._fail(r.error.startsWith('.yo-rc.json') ? `${name}/${r.error}` : r.error);
    this.stored = r;
    return r;
  }

  /** --preset FILE: answers from a JSON or YAML file (nothing when the flag is absent). */
  private _readPreset(): Answers {
    const file = this._option('preset');
    if (file === undefined || file === null || file === false) return {};
    if (typeof file !== 'string' || file === '') this._fail('--preset needs a file name (a .json, .yaml or .yml file)');
    const abs = path.resolve(this.destinationRoot(), file);
    let text: string;
    try {
      text = readFileSync(abs, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      this._fail(`preset ${file}: cannot be read (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? (error as Error).message)})`);
    }
    const parsed = parsePreset(text, file);
    if ('error' in parsed) this._fail(parsed.error);
    return parsed.answers;
  }

  async prompting(): Promise<void> {
    if (this._option('defaults')) return;
    for (const c of choices) {
      if (this.answers[c.name] !== undefined) continue;
      this._mayAsk(`--${c.flag}`);
      this.asked = true;
      const answer = await this.prompt<Record<string, unknown>>([this._question(c, c.prompt, c.default(this.answers, this.defaultsEnv)) as never]);
      (this.answers as Record<string, unknown>)[c.name] = coerce(c, answer[c.name]);
    }
  }

  configuring(): void {
    this.allAnswersGiven = !this.asked;
    const all = withDefaults(this.answers, this.defaultsEnv);
    const problem = validateAnswers(all);
    if (problem) this._fail(problem);
    const stored = this._checkDestination(all.name);
    // Regenerating over an existing project keeps the endpoints it has grown, so their
    // handler files stay routed.
    this.final = { ...all, endpoints: stored?.config.endpoints ?? [] };
  }

  async writing(): Promise<void> {
    const cfg = this.final!;
    // not this.destinationRoot(root) yet: Yeoman would create the folder, even for --dry-run
    const root = path.resolve(this.destinationRoot(), cfg.name);
    const ctx = buildContext(cfg);
    const previous = this.stored?.config;
    // every file this version renders for the answers, Go gofmt-ed: rendered once, it is both
    // what this run writes and the update base recorded for it
    const rendered = projectFiles(cfg);
    const handlers = new Set(cfg.endpoints.flatMap((e) => handlerFiles(e.name)));
    const files = new Map([...rendered].filter(([dest]) => !handlers.has(dest)));
    // Endpoint handlers are the user's to edit. They hold only framework-agnostic code (the router
    // adapters are generated into routes_gen.go), so a framework switch keeps them as they are.
    // Re-rendered when missing, when unedited, when the module changed (the test imports it), or
    // when the file still declares its router adapter (the layout before adapters moved): an
    // edited one is then a conflict.
    const kept: string[] = [];
    const redo = !previous || previous.module !== cfg.module;
    for (const ep of cfg.endpoints) {
      const view = ctx.customEndpoints.find((e) => e.name === ep.name)!;
      for (const dest of handlerFiles(ep.name)) {
        const abs = path.join(root, dest);
        const disk = existsSync(abs) ? readFileSync(abs, 'utf8') : undefined;
        const unedited = disk !== undefined && previous?.generated?.[dest] === sha256(disk);
        const oldLayout = disk !== undefined && disk.includes(`func (s *Server) ${view.handler}(`);
        if (disk === undefined || unedited || redo || oldLayout) files.set(dest, rendered.get(dest)!);
        else kept.push(dest);
      }
    }
    // what the previous choices generated and these do not (e.g. pkg/luarun after --lua none)
    const { baseHashes } = baseRecordKeys(rendered);
    this.rendered = rendered;
    const deletions = Object.keys(previous?.generated ?? {}).filter((f) => !files.has(f) && !kept.includes(f));
    const plan = buildPlan({
      root,
      files,
      deletions,
      previous: previous?.generated ?? {},
      rcText: (generated) => serializeStored({ ...cfg, generated, baseHashes }, this.stored?.others ?? {}),
    });
    this.planned = [...files.keys()];
    this.wrote = await this._commitPlan(plan);
    if (this.wrote) this.destinationRoot(root);
  }

  async install(): Promise<void> {
    if (!this.wrote) return;
    if (await this._goInstall()) this._rehash(this.planned.filter((f) => f === 'go.mod' || f.endsWith('.go')));
  }

  async end(): Promise<void> {
    const cfg = this.final!;
    if (!this.wrote) {
      if (!this._dryRun()) this.log.info(`${cfg.name}/: nothing changed`);
      return;
    }
    this.log.ok(`${this.stored?.config ? 'updated' : 'created'} ${cfg.name}/ (${cfg.framework}, lua: ${cfg.lua}, target: ${cfg.target}, port ${cfg.port})`);
    await this._gitInit(cfg);
    recordBase(this as never, { all: true, rendered: this.rendered });
    if (this.asked) {
      this.log(`\nTo repeat this without prompts:\n  ${equivalentCommand(cfg, 'go-minimal', this.defaultsEnv)}\n`);
    }
    this.log(`Next:\n  cd ${cfg.name}\n  go test ./...\n  go run .            # then: curl localhost:${cfg.port}/time\n  docker build -t ${buildContext(cfg).imageName} .`);
  }

  /**
   * git init + a first commit. Queries (is git there, are we inside a work tree, is an
   * identity configured) run directly; the commands that change anything go through
   * this.spawn, so tests can mock them.
   */
  private async _gitInit(cfg: StoredConfig & Required<Answers>): Promise<void> {
    if (!cfg.git) return;
    const git = this._gitBinary();
    const root = this.destinationRoot();
    const later = `cd ${cfg.name} && git init && git add -A && git commit -m "Initial commit"`;
    if (!detectGit(git)) {
      this.log.info(`git was not found (looked for "${git}"): no repository created. Later: ${later}`);
      return;
    }
    const query = (args: string[]): string | undefined => {
      try {
        return execFileSync(git, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      } catch {
        return undefined;
      }
    };
    const top = query(['rev-parse', '--show-toplevel']);
    if (top) {
      this.log.info(`git: ${cfg.name}/ is already inside the git work tree ${top}: not running git init; commit the new files there yourself`);
      return;
    }
    const hasIdentity = Boolean(query(['config', 'user.name'])) && Boolean(query(['config', 'user.email']));
    // only when nothing is configured (fresh CI machines): never override the user's identity
    const identity = hasIdentity ? [] : ['-c', 'user.name=go-minimal', '-c', 'user.email=go-minimal@localhost'];
    const subject = `Initial commit from generator-go-minimal (${cfg.framework}, ${cfg.target})`;
    const body = `Generated with:\n  ${equivalentCommand(cfg, 'go-minimal', this.defaultsEnv)}`;
    const steps: string[][] = [['init', '-q'], ['add', '-A'], [...identity, 'commit', '-q', '-m', subject, '-m', body]];
    for (const args of steps) {
      try {
        await this.spawn(git, args, { cwd: root, stdio: 'inherit' });
      } catch (error) {
        // the project is written; a failing git step (a hook, a signing setup) must not hide that
        this.log.info(`git ${args.filter((a) => !a.startsWith('user.')).join(' ').slice(0, 60)} failed (${(error as Error).message.split('\n')[0]}): finish by hand: ${later}`);
        return;
      }
    }
    this.log.ok(`git: repository initialised with a first commit: "${subject}"`);
    if (!hasIdentity) {
      this.log.info('git: no user.name/user.email is configured, so the commit author is "go-minimal <go-minimal@localhost>". Set yours (git config --global user.name ...; user.email ...) and run: git commit --amend --reset-author --no-edit');
    }
  }
}
