// yo go-minimal:endpoint NAME [--path /x] [--method GET]  /  go-minimal endpoint NAME ...
// Adds a handler + its test for the project's framework and re-renders the generator-owned
// route table (pkg/server/routes_gen.go) from the endpoint list kept in .yo-rc.json.
import { rmSync } from 'node:fs';
import { buildContext, goFileStem, type CustomEndpoint, type HttpMethod, type StoredConfig } from '../lib/context.js';
import { GoMinimalGenerator } from '../lib/base.js';
import { subCommands, subFlags } from '../lib/commands.js';
import { recordBase } from '../lib/baseref.js';
import { renderFiles } from '../lib/render.js';
import { httpMethods, validateEndpointName, validateEndpointPath, validateHttpMethod } from '../lib/validators.js';
import { endpointFiles, planEndpoint } from './files.js';

export default class EndpointGenerator extends GoMinimalGenerator {
  private cfg?: StoredConfig;
  private endpoint?: CustomEndpoint;
  private unchanged = false;
  private added = false;
  private generated: Record<string, string> = {};

  constructor(args: string[], options: Record<string, unknown>, features?: Record<string, unknown>) {
    super(args, options, features);
    this._registerSubCommand(subCommands.endpoint);
  }

  initializing(): void {
    this._checkArgs(subFlags('endpoint'), 1);
    this.cfg = this._enterProject();
    for (const [value, check] of [
      [(this.options as Record<string, unknown>).name, validateEndpointName],
      [this._option('path'), validateEndpointPath],
      [this._option('method') === undefined ? undefined : String(this._option('method')).toUpperCase(), validateHttpMethod],
    ] as const) {
      if (value === undefined) continue;
      const verdict = check(value);
      if (verdict !== true) this._fail(verdict);
    }
  }

  async prompting(): Promise<void> {
    const opts = this.options as Record<string, unknown>;
    let name = opts.name as string | undefined;
    let p = this._option('path') as string | undefined;
    let method = (this._option('method') as string | undefined)?.toUpperCase();
    const ask = !this._option('defaults');
    if (name === undefined) {
      if (!ask) this._fail('endpoint name missing: go-minimal endpoint NAME (e.g. greet)');
      ({ name } = await this.prompt<{ name: string }>([{ type: 'input', name: 'name', message: 'Endpoint name', validate: validateEndpointName } as never]));
    }
    if (p === undefined && ask) {
      ({ p } = await this.prompt<{ p: string }>([{ type: 'input', name: 'p', message: 'URL path', default: `/${name}`, validate: validateEndpointPath } as never]));
    }
    if (method === undefined && ask) {
      ({ method } = await this.prompt<{ method: string }>([
        { type: 'select', name: 'method', message: 'HTTP method', default: 'GET', choices: [...httpMethods] } as never,
      ]));
    }
    this.endpoint = { name: name!, path: p ?? `/${name}`, method: (method ?? 'GET') as HttpMethod };
  }

  configuring(): void {
    const plan = planEndpoint(this.cfg!.endpoints, this.endpoint!);
    if (plan.error) this._fail(plan.error);
    this.unchanged = plan.unchanged;
  }

  writing(): void {
    if (this.unchanged) return;
    const cfg: StoredConfig = { ...this.cfg!, endpoints: [...this.cfg!.endpoints, this.endpoint!] };
    const ctx = buildContext(cfg);
    const endpoint = ctx.customEndpoints.find((e) => e.name === this.endpoint!.name);
    this.generated = this._writeAll(renderFiles(endpointFiles(ctx, this.endpoint!.name), { ...ctx, endpoint }), cfg.generated);
  }

  /**
   * Record the endpoint only once its route reached the disk. If the user declined to overwrite
   * an edited routes_gen.go, the endpoint is not added: the handler files this run created are
   * removed again and .yo-rc.json is left as it was.
   */
  install(): void {
    if (this.unchanged) return;
    this.added = this._landed('pkg/server/routes_gen.go');
    if (this.added) {
      this.config.set({ endpoints: [...this.cfg!.endpoints, this.endpoint!], generated: this.generated });
      return;
    }
    for (const f of this._created()) rmSync(this.destinationPath(f));
    this.log.info('pkg/server/routes_gen.go kept as you edited it: the endpoint was not added (re-run with --force to replace the file)');
  }

  end(): void {
    const e = this.endpoint!;
    if (this.unchanged) {
      this.log.info(`endpoint ${e.name} (${e.method} ${e.path}) already exists: nothing changed`);
      return;
    }
    if (!this.added) return;
    recordBase(this as never);
    this.log.ok(`added ${e.method} ${e.path}: edit pkg/server/endpoint_${goFileStem(e.name)}.go; run go test ./...`);
  }
}
