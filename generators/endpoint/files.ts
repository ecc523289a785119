// Pure decisions of the endpoint sub-generator.
import type { CustomEndpoint, ProjectContext } from '../lib/context.js';
import { goFileStem, goIdent } from '../lib/context.js';
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
  const samePath = existing.find((e) => e.path === ep.path);
  if (samePath) return { unchanged: false, error: `path ${ep.path} is already served by endpoint "${samePath.name}" (${samePath.method})` };
  return { unchanged: false };
}

/** The route table (always re-rendered) plus the new endpoint's handler and test. */
export function endpointFiles(ctx: ProjectContext, name: string): FileSpec[] {
  const ep = ctx.customEndpoints.find((e) => e.name === name);
  if (!ep) throw new Error(`internal: endpoint ${name} not in context`);
  return [
    { template: 'app/pkg/server/routes_gen.go.ejs', dest: 'pkg/server/routes_gen.go' },
    { template: 'app/api/openapi.yaml.ejs', dest: 'api/openapi.yaml' },
    { template: 'endpoint/handler.go.ejs', dest: `pkg/server/endpoint_${ep.file}.go` },
    { template: 'endpoint/handler_test.go.ejs', dest: `pkg/server/endpoint_${ep.file}_test.go` },
  ];
}
