// yo go-minimal:image TARGET  /  go-minimal image TARGET
// Re-renders the Dockerfile and .dockerignore for another image target and records it.
import { existsSync, readFileSync } from 'node:fs';
import { luaCompatibility, targetByName, targetNames } from '../lib/targets.js';
import { buildContext, type StoredConfig } from '../lib/context.js';
import { GoMinimalGenerator } from '../lib/base.js';
import { subCommands, subFlags } from '../lib/commands.js';
import { recordBase } from '../lib/baseref.js';
import { readmeImageMarkers, replaceMarkedRegion } from '../lib/project.js';
import { renderFiles, renderTemplate } from '../lib/render.js';
import { validateEnum } from '../lib/validators.js';
import { choiceByName, coerce } from '../lib/choices.js';
import { deploymentFiles } from '../app/files.js';
import { imageFiles } from './files.js';

export default class ImageGenerator extends GoMinimalGenerator {
  private cfg?: StoredConfig;
  /** the project's answers before this run */
  private previous!: StoredConfig;
  private generated: Record<string, string> = {};
  private switched = false;

  constructor(args: string[], options: Record<string, unknown>, features?: Record<string, unknown>) {
    super(args, options, features);
    this._registerSubCommand(subCommands.image);
  }

  initializing(): void {
    this._checkArgs(subFlags('image'), 1);
    this.cfg = this._enterProject();
    this.previous = this.cfg;
    const target = (this.options as Record<string, unknown>).target;
    if (target !== undefined) this._setTarget(String(target));
  }

  async prompting(): Promise<void> {
    if ((this.options as Record<string, unknown>).target !== undefined || this._option('defaults')) return;
    const { target } = await this.prompt<{ target: string }>([
      {
        type: 'select',
        name: 'target',
        message: `Image target (now: ${this.cfg!.target})`,
        default: this.cfg!.target,
        choices: targetNames.map((n) => ({ name: `${n}: ${targetByName(n).summary}`, value: n })),
      } as never,
    ]);
    this._setTarget(target);
  }

  private _setTarget(target: string): void {
    const verdict = validateEnum('target', targetNames)(target);
    if (verdict !== true) this._fail(verdict);
    const reason = luaCompatibility(this.cfg!.lua, targetByName(target));
    if (reason) this._fail(reason);
    this.cfg = { ...this.cfg!, target };
  }

  configuring(): void {
    const upx = this._option('upx');
    if (upx !== undefined) this.cfg = { ...this.cfg!, upx: coerce(choiceByName('upx')!, upx) as boolean };
  }

  writing(): void {
    const ctx = buildContext(this.cfg!);
    this.generated = this._writeAll(renderFiles([...imageFiles(ctx), ...deploymentFiles(ctx)], ctx), this.previous.generated);
  }

  /**
   * Record the switch only once the Dockerfile really reached the disk: if the user declined
   * to overwrite an edited Dockerfile, .yo-rc.json and the README keep the old target.
   */
  install(): void {
    const cfg = this.cfg!;
    this.switched = this._landed('Dockerfile');
    if (!this.switched) {
      this.log.info(`Dockerfile kept as you edited it: the image target stays ${this.previous.target} (re-run with --force to replace it)`);
      return;
    }
    // files the user declined keep the hash of what we wrote before
    const generated = Object.fromEntries(
      Object.entries(this.generated).map(([f, h]) => [f, this._landed(f) ? h : this.previous.generated?.[f] ?? h]),
    );
    this.config.set({ target: cfg.target, upx: cfg.upx, generated });
    this._updateReadme(renderTemplate('app/README.md.ejs', buildContext(cfg)));
  }

  /** Refresh the README's image section; the rest of the README is the user's and stays. */
  private _updateReadme(fresh: string): void {
    const file = this.destinationPath('README.md');
    if (!existsSync(file)) return;
    const disk = readFileSync(file, 'utf8');
    const updated = replaceMarkedRegion(disk, fresh, readmeImageMarkers.start, readmeImageMarkers.end);
    if (updated === null) {
      this.log.info('README.md has no go-minimal image section (its markers are gone): left unchanged');
      return;
    }
    if (updated !== disk) this._writeOurs('README.md', updated);
  }

  end(): void {
    if (!this.switched) return;
    recordBase(this as never);
    this.log.ok(`image target is now ${this.cfg!.target}; build it with: docker build -t ${this.cfg!.name} .`);
  }
}
