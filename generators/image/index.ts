// yo go-minimal:image TARGET  /  go-minimal image TARGET
// Re-renders the Dockerfile and .dockerignore for another image target and records it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { luaCompatibility, targetByName } from '../lib/targets.js';
import { buildContext, type StoredConfig } from '../lib/context.js';
import { GoMinimalGenerator } from '../lib/base.js';
import { recordBase } from '../lib/baseref.js';
import { storedAnswers, subCommands } from '../lib/commands.js';
import { buildPlan } from '../lib/plan.js';
import { readmeImageMarkers, replaceMarkedRegion } from '../lib/project.js';
import { renderFiles, renderTemplate } from '../lib/render.js';
import { serializeStored, type StoredFile } from '../lib/stored.js';
import { deploymentFiles } from '../app/files.js';
import { imageFiles } from './files.js';

export default class ImageGenerator extends GoMinimalGenerator {
  private cfg?: StoredConfig;
  private stored!: StoredFile;
  private switched = false;

  constructor(args: string[], options: Record<string, unknown>, features?: Record<string, unknown>) {
    super(args, options, features);
    this._registerSubCommand(subCommands.image);
  }

  initializing(): void {
    this._checkArgs('image');
    this.stored = this._enterProject();
    this.cfg = this.stored.config;
    this._checkGiven(subCommands.image);
    const target = this._option('target');
    if (target !== undefined) this._checkTarget(String(target));
  }

  async prompting(): Promise<void> {
    const a = await this._resolveAnswers(subCommands.image, { cfg: this.cfg! });
    this._checkTarget(a.target as string);
    this.cfg = { ...this.cfg!, ...storedAnswers(subCommands.image, a) };
  }

  /** The target must support the project's Lua engine. */
  private _checkTarget(target: string): void {
    const reason = luaCompatibility(this.cfg!.lua, targetByName(target));
    if (reason) this._fail(reason);
  }

  /**
   * The Dockerfile, .dockerignore, the deployment files (compose, k8s, CI), the README's image
   * section and .yo-rc.json are one change: all written, or (an edited file without --force)
   * none of them.
   */
  async writing(): Promise<void> {
    const cfg = this.cfg!;
    const ctx = buildContext(cfg);
    const root = this.destinationRoot();
    const files = this._format(renderFiles([...imageFiles(ctx), ...deploymentFiles(ctx)], ctx));
    const regions = new Map<string, string>();
    const readme = this._readme(root, renderTemplate('app/README.md.ejs', ctx));
    if (readme !== undefined) regions.set('README.md', readme);
    const plan = buildPlan({
      root,
      files,
      regions,
      previous: this.stored.config.generated ?? {},
      rcText: (generated) => serializeStored({ ...cfg, generated }, this.stored.others),
    });
    this.switched = await this._commitPlan(plan);
  }

  /** The README with its image section refreshed; the rest of the README is the user's and stays. */
  private _readme(root: string, fresh: string): string | undefined {
    const file = path.join(root, 'README.md');
    if (!existsSync(file)) return undefined;
    const disk = readFileSync(file, 'utf8');
    const updated = replaceMarkedRegion(disk, fresh, readmeImageMarkers.start, readmeImageMarkers.end);
    if (updated === null) {
      this.log.info('README.md has no go-minimal image section (its markers are gone): left unchanged');
      return undefined;
    }
    return updated;
  }

  end(): void {
    if (!this.switched) {
      if (!this._dryRun()) this.log.info(`image target stays ${this.stored.config.target}: nothing changed`);
      return;
    }
    recordBase(this as never);
    this.log.ok(`image target is now ${this.cfg!.target}; build it with: docker build -t ${buildContext(this.cfg!).imageName} .`);
  }
}
