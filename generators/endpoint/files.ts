// Pure decisions of the endpoint sub-generator.
import type { CustomEndpoint, ProjectContext } from '../lib/context.js';
import { endpointDecls, goFileStem, goIdent } from '../lib/context.js';
import type { FileSpec } from '../lib/render.js';

export interface Plan {
  /** one-line refusal, if any */
  error?: string;
  /** the exact endpoint is already there: running again changes nothing */
  unchanged: boolean;
}

/** Decide what adding `ep` to `existing` means. Names and fields are assumed individually valid. */
export function planEndpoint(existing: readonly CustomEndpoint[], ep: CustomEndpoint): Plan {
  const same = existing.find((e) => e.name === ep.name);
  if (same) {
    if (same.path === ep.path && same.method === ep.method) return { unchanged: true };
    return { unchanged: false, error: `endpoint "${ep.name}" already exists as ${same.method} ${same.path} (choose another name)` };
  }
  const clash = existing.find((e) => goFileStem(e.name) === goFileStem(ep.name) || goIdent(e.name) === goIdent(ep.name));
  if (clash) return { unchanged: false, error: `endpoint "${ep.name}" would share Go names with existing endpoint "${clash.name}"` };
  const mine = new Set(endpointDecls(ep));
  for (const e of existing) {
    const shared = endpointDecls(e).find((d) => mine.has(d));
    if (shared) return { unchanged: false, error: `endpoint "${ep.name}" would declare ${shared}, which endpoint "${e.name}" declares already (choose another name)` };
  }
  // one path may carry several methods (GET and POST /items), each its own endpoint
  const samePath = existing.find((e) => e.path === ep.path && e.method === ep.method);
  if (samePath) return { unchanged: false, error: `${ep.method} ${ep.path} is already served by endpoint "${samePath.name}"` };
  return { unchanged: false };
}

/** The handler and test files of an endpoint. */
export function handlerFiles(name: string): string[] {
  const stem = goFileStem(name);
  return [`pkg/server/endpoint_${stem}.go`, `pkg/server/endpoint_${stem}_test.go`];
}

/**
 * The files rendered from the endpoint list (the route table and the OpenAPI description, always
 * re-rendered) plus, when `name` is given, that endpoint's handler and test.
 */
export function endpointFiles(ctx: ProjectContext, name: string | undefined): FileSpec[] {
  const shared: FileSpec[] = [
    { template: 'app/pkg/server/routes_gen.go.ejs', dest: 'pkg/server/routes_gen.go' },
    { template: 'app/api/openapi.yaml.ejs', dest: 'api/openapi.yaml' },
  ];
  if (name === undefined) return shared;
  const ep = ctx.customEndpoints.find((e) => e.name === name);
  if (!ep) throw new Error(`internal: endpoint ${name} not in context`);
  const [handler, test] = handlerFiles(name);
  return [
    ...shared,
    { template: 'endpoint/handler.go.ejs', dest: handler! },
    { template: 'endpoint/handler_test.go.ejs', dest: test! },
  ];
}
