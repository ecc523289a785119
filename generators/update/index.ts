// yo go-minimal:update  /  go-minimal update [--dry-run] [--force] [--skip-install]
// Re-renders the project from its stored answers with the installed generator version and
// three-way merges the result into the working tree (see lib/update.ts for the rules and
// lib/baseref.ts for where the base comes from). Never prompts.
// Exit codes: 0 updated or already up to date, 1 refused/error (nothing written),
// 3 conflicts (everything else applied; conflicts listed).
import { mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GoMinimalGenerator, detectLocalGo } from '../lib/base.js';
import { baseRef, gitStatus, inGitWorkTree, isGitTop, loadBase, projectFiles, writeBaseRef, type BaseSource } from '../lib/baseref.js';
import { subCommands } from '../lib/commands.js';
import { CONFIG_KEY_NAME } from '../lib/constants.js';
import { sha256, findProjectRoot } from '../lib/project.js';
import { readStored, serializeStored } from '../lib/stored.js';
import { generatorVersion } from '../lib/release.js';
import { describePlan, planUpdate, type UpdatePlan } from '../lib/update.js';

/** Exit code when conflicts were left in the tree. */
export const conflictExitCode = 3;

export default class UpdateGenerator extends GoMinimalGenerator {
  private root = '';
  private plan?: UpdatePlan;
  private rcText = '';
  private newRc = '';
  private theirs = new Map<string, string>();
  private source: BaseSource = 'hashes';
  private fromVersion = '';
  private migrations: string[] = [];
  /** why the real run would be refused (a --dry-run in a dirty tree) */
  private refusal?: string;

  constructor(args: string[], options: Record<string, unknown>, features?: Record<string, unknown>) {
    super(args, options, features);
    this._registerSubCommand(subCommands.update);
    this.option('go-binary', { type: String, hide: true, description: 'go executable to use' });
  }

  initializing(): void {
    this._checkArgs('update');
    const root = findProjectRoot(this.destinationRoot());
    if (!root) this._fail(`not inside a go-minimal project: no .yo-rc.json with "${CONFIG_KEY_NAME}" in ${this.destinationRoot()} or its parents`);
    this.root = root;
    this.destinationRoot(root);
    // the one reader of .yo-rc.json: every stored value goes through the same validators as
    // flags and prompts, and an older schema is migrated in memory
    const checked = readStored(root);
    if (checked === undefined) this._fail(`${root}/.yo-rc.json is gone`);
    if ('error' in checked) this._fail(checked.error);
    this.rcText = checked.text!;
    this.fromVersion = checked.generatorVersion ?? '0.1.0';
    const dry = Boolean(this._option('dry-run'));
    if (!this._option('force') && inGitWorkTree(root)) {
      const status = gitStatus(root);
      const why = status ? `the git work tree has uncommitted changes (${status.split('\n').length} paths): commit or stash them first, or re-run with --force` : undefined;
      if (why && !dry) this._fail(why);
      // --dry-run still shows the plan, and exits with the code the real run would have
      this.refusal = why;
    }
    this.migrations = checked.migrations;
    const cfg = checked.config;
    try {
      this.theirs = projectFiles(cfg);
    } catch (error) {
      this._fail(`cannot render the project from .yo-rc.json: ${(error as Error).message.split('\n')[0]}`);
    }
    const base = loadBase(root, cfg);
    this.source = base.source;
    this.plan = planUpdate(base.files, (f) => this._readOurs(f), this.theirs);
    // the new answers: migrated, this version, the new base's hashes
    const version = generatorVersion();
    const hashes = Object.fromEntries([...this.theirs].map(([f, t]) => [f, sha256(t)]));
    // generated: the files that will be on disk exactly as this version renders them (the app,
    // endpoint and image generators may replace those silently); a merged or conflicting file
    // keeps its old hash, so a later run treats it as edited
    const oldGenerated = checked.config.generated ?? {};
    const generated: Record<string, string> = {};
    for (const [f, t] of this.theirs) {
      const entry = this.plan.files.find((p) => p.file === f);
      const final = entry?.write ?? this._readOurs(f);
      if (final === t) generated[f] = sha256(t);
      else if (oldGenerated[f] !== undefined && final !== undefined) generated[f] = oldGenerated[f]!;
    }
    const next = { ...checked.config, generatorVersion: version, generated, baseHashes: hashes };
    const text = serializeStored(next, checked.others);
    this.newRc = text;
  }

  private _readOurs(file: string): string | undefined {
    const abs = path.join(this.root, file);
    try {
      return readFileSync(abs, 'utf8');
    } catch {
      return undefined;
    }
  }

  writing(): void {
    const plan = this.plan!;
    const version = generatorVersion();
    const dry = Boolean(this._option('dry-run'));
    const rcChanges = this.newRc !== this.rcText;
    if (!plan.changes && !rcChanges) {
      this._say(`already up to date with generator-go-minimal ${version}: nothing changed`);
      this._recordRef(dry);
      if (dry) this._dryRefusal();
      return;
    }
    this._say(`go-minimal update: ${this.fromVersion} -> ${version} (base: ${this._sourceText()})${dry ? ' [dry run: nothing written]' : ''}`);
    for (const m of this.migrations) this._say(`  answers migrated ${m}`);
    for (const line of describePlan(plan)) this._say(line);
    if (rcChanges) this._say(`  .yo-rc.json: generatorVersion ${version}, base record${dry ? ' (would be updated)' : ' updated'}`);
    if (dry) {
      if (plan.counts.conflict > 0) process.exitCode = conflictExitCode;
      this._dryRefusal();
      return;
    }
    this._apply(plan);
    this._recordRef(false);
    if (plan.counts.conflict > 0) {
      this._say(`${plan.counts.conflict} file(s) with conflicts: resolve them (your version is kept in each), then commit. Exit code ${conflictExitCode}.`);
      process.exitCode = conflictExitCode;
    } else {
      this._say(`updated to generator-go-minimal ${version}`);
    }
  }

  /** --dry-run where the real run would be refused: say so, and exit as it would (1). */
  private _dryRefusal(): void {
    if (!this.refusal) return;
    this._say(`the real run would be refused: ${this.refusal}`);
    process.exitCode = 1;
  }

  /** The plan and the outcome are the command's output: stdout (Yeoman's log goes to stderr). */
  private _say(line: string): void {
    process.stdout.write(`${line}\n`);
  }

  private _sourceText(): string {
    return this.source === 'ref' ? baseRef : this.source === 'initial commit' ? 'the initial commit from generator-go-minimal' : 'file hashes in .yo-rc.json';
  }

  /**
   * All or nothing up to the renames: every new text goes to a temp file first; only when all of
   * them are written are they renamed into place (then deletions, then .yo-rc.json last).
   */
  private _apply(plan: UpdatePlan): void {
    const writes: [string, string][] = [];
    for (const p of plan.files) {
      if (p.write !== undefined) writes.push([p.file, p.write]);
      if (p.side) writes.push([p.side.file, p.side.text]);
    }
    if (this.newRc !== this.rcText) writes.push(['.yo-rc.json', this.newRc]);
    const temps: [string, string][] = [];
    try {
      for (const [file, text] of writes) {
        const abs = path.join(this.root, file);
        mkdirSync(path.dirname(abs), { recursive: true });
        const tmp = `${abs}.go-minimal-tmp-${process.pid}`;
        writeFileSync(tmp, text);
        temps.push([tmp, abs]);
      }
    } catch (error) {
      for (const [tmp] of temps) rmSync(tmp, { force: true });
      this._fail(`could not write the update (nothing changed): ${(error as Error).message.split('\n')[0]}`);
    }
    // .yo-rc.json is the last rename: an interrupted update can simply be run again
    for (const [tmp, abs] of temps.filter(([, a]) => !a.endsWith('.yo-rc.json'))) renameSync(tmp, abs);
    for (const p of plan.files) if (p.action === 'removed') this._remove(p.file);
    for (const [tmp, abs] of temps.filter(([, a]) => a.endsWith('.yo-rc.json'))) renameSync(tmp, abs);
  }

  /** Delete a file no longer generated, and the folders it leaves empty (never the project root). */
  private _remove(file: string): void {
    rmSync(path.join(this.root, file), { force: true });
    for (let dir = path.dirname(file); dir !== '.' && dir !== ''; dir = path.dirname(dir)) {
      const abs = path.join(this.root, dir);
      if (readdirSync(abs).length > 0) break;
      rmdirSync(abs);
    }
  }

  /** The new base = what this version renders (the ref only; hashes went into .yo-rc.json). */
  private _recordRef(dry: boolean): void {
    if (dry || !isGitTop(this.root)) return;
    try {
      writeBaseRef(this.root, this.theirs, `go-minimal base: generator-go-minimal ${generatorVersion()}`);
    } catch (error) {
      this.log.info(`could not record ${baseRef} (${(error as Error).message.split('\n')[0]}): the next update uses the hashes in .yo-rc.json`);
    }
  }

  async install(): Promise<void> {
    const plan = this.plan!;
    if (this._option('dry-run') || !plan.changes) return;
    const goChanged = plan.files.some((p) => p.write !== undefined && (p.file === 'go.mod' || p.file.endsWith('.go')));
    if (!goChanged) return;
    if (this._option('skip-install')) {
      this.log.info('skip-install: run "go mod tidy" yourself (go.mod or Go files changed)');
      return;
    }
    const go = this._goBinary();
    if (!detectLocalGo(go)) {
      this.log.info(`go was not found (looked for "${go}"): run "go mod tidy" in ${this.root}`);
      return;
    }
    if (plan.counts.conflict > 0 && plan.files.some((p) => p.action === 'conflict' && p.write !== undefined && (p.file === 'go.mod' || p.file.endsWith('.go')))) {
      this.log.info('Go files have conflict markers: run "go mod tidy" after resolving them');
      return;
    }
    try {
      await this.spawn(go, ['mod', 'tidy'], { stdio: 'inherit', cwd: this.root });
    } catch (error) {
      this.log.info(`go mod tidy failed (${(error as Error).message.split('\n')[0]}): run it yourself`);
    }
  }
}
