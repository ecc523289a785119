// yo go-minimal:endpoint NAME [--path /x] [--method GET] [--remove]  /  go-minimal endpoint NAME ...
// Adds (or, with --remove, removes) a handler + its test for the project's framework and
// re-renders the generator-owned route table (pkg/server/routes_gen.go) from the endpoint list
// kept in .yo-rc.json. The handler, its test, the route table and .yo-rc.json are one change:
// planned in memory, written together or not at all.
import path from 'node:path';
import { buildContext, goFileStem, type CustomEndpoint, type StoredConfig } from '../lib/context.js';
import { GoMinimalGenerator } from '../lib/base.js';
import { recordBase } from '../lib/baseref.js';
import { storedAnswers, subCommands } from '../lib/commands.js';
import { buildPlan, existsIn, isEmpty } from '../lib/plan.js';
import { renderFiles } from '../lib/render.js';
import { serializeStored, type StoredFile } from '../lib/stored.js';
import { endpointFiles, handlerFiles, planEndpoint } from './files.js';

export default class EndpointGenerator extends GoMinimalGenerator {
  private stored!: StoredFile;
  private endpoint?: CustomEndpoint;
  /** the endpoint is recorded already (a re-run: restore missing files, nothing else) */
  private existing = false;
  private wrote = false;
  private restored: string[] = [];

  constructor(args: string[], options: Record<string, unknown>, features?: Record<string, unknown>) {
    super(args, options, features);
    this._registerSubCommand(subCommands.endpoint);
  }

  private get cfg(): StoredConfig {
    return this.stored.config;
  }

  private _remove(): boolean {
    const v = this._option('remove');
    return v === true || v === 'true';
  }

  initializing(): void {
    this._checkArgs('endpoint');
    this.stored = this._enterProject();
    this._checkGiven(subCommands.endpoint);
    if (this._remove() && (this._option('path') !== undefined || this._option('method') !== undefined)) {
      this._fail('--remove takes only the endpoint name (no --path or --method)');
    }
  }

  async prompting(): Promise<void> {
    const a = await this._resolveAnswers(subCommands.endpoint, { endpoints: this.cfg.endpoints, remove: this._remove() });
    const known = this.cfg.endpoints.find((e) => e.name === a.name);
    if (this._remove()) {
      if (!known) this._fail(`there is no endpoint "${String(a.name)}" to remove (recorded: ${this.cfg.endpoints.map((e) => e.name).join(', ') || 'none'})`);
      this.endpoint = known;
      return;
    }
    this.endpoint = storedAnswers(subCommands.endpoint, a) as unknown as CustomEndpoint;
  }

  configuring(): void {
    if (this._remove()) return;
    const plan = planEndpoint(this.cfg.endpoints, this.endpoint!);
    if (plan.error) this._fail(plan.error);
    this.existing = plan.unchanged;
  }

  async writing(): Promise<void> {
    const e = this.endpoint!;
    const root = this.destinationRoot();
    const endpoints = this._remove()
      ? this.cfg.endpoints.filter((x) => x.name !== e.name)
      : this.existing
        ? this.cfg.endpoints
        : [...this.cfg.endpoints, e];
    const cfg: StoredConfig = { ...this.cfg, endpoints };
    const ctx = buildContext(cfg);
    let files: Map<string, string>;
    let deletions: string[] = [];
    if (this._remove()) {
      files = this._format(renderFiles(endpointFiles(ctx, undefined), ctx));
      deletions = handlerFiles(e.name);
    } else {
      const view = ctx.customEndpoints.find((x) => x.name === e.name);
      files = this._format(renderFiles(endpointFiles(ctx, e.name), { ...ctx, endpoint: view }));
      if (this.existing) {
        // a recorded endpoint: restore its files if they were deleted; an existing handler is the user's
        for (const f of handlerFiles(e.name)) {
          if (existsIn(root, f)) files.delete(f);
          else this.restored.push(f);
        }
      }
    }
    const plan = buildPlan({
      root,
      files,
      deletions,
      previous: this.cfg.generated ?? {},
      rcText: (generated) => serializeStored({ ...cfg, generated }, this.stored.others),
    });
    if (isEmpty(plan) && !this._dryRun()) return;
    this.wrote = await this._commitPlan(plan);
  }

  end(): void {
    const e = this.endpoint!;
    if (this._dryRun()) return;
    if (this.wrote) recordBase(this as never);
    if (this._remove()) {
      if (this.wrote) this.log.ok(`removed ${e.method} ${e.path} (endpoint ${e.name}): its handler, test and route; run go test ./...`);
      return;
    }
    if (this.existing) {
      if (this.wrote && this.restored.length > 0) this.log.ok(`endpoint ${e.name} (${e.method} ${e.path}): restored ${this.restored.join(', ')}`);
      else if (!this.wrote) this.log.info(`endpoint ${e.name} (${e.method} ${e.path}) already exists: nothing changed`);
      return;
    }
    if (!this.wrote) return;
    this.log.ok(`added ${e.method} ${e.path}: edit ${path.posix.join('pkg/server', `endpoint_${goFileStem(e.name)}.go`)}; run go test ./...`);
  }
}
