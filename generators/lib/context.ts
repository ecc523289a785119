// The data every template sees. Built once from the stored answers (see choices.ts)
// by buildContext(); templates must not compute anything that belongs here.
import type { Target } from './targets.js';
import type { Framework, HttpMethod, LuaEngine } from './types.js';
import { versions } from './versions.js';
import { buildPlan, type BuildPlan } from './buildplan.js';
import { lit } from './lit.js';

export { dnsLabel } from './names.js';

export type { Framework, HttpMethod, LuaEngine } from './types.js';

/** A user endpoint added by the endpoint sub-generator. */
export interface CustomEndpoint {
  /** as typed by the user, e.g. "user-profile" */
  name: string;
  /** URL path, e.g. "/user-profile" */
  path: string;
  method: HttpMethod;
}

/** What .yo-rc.json stores under "generator-go-minimal". */
export interface StoredConfig {
  name: string;
  module: string;
  goVersion: string;
  framework: Framework;
  lua: LuaEngine;
  port: number;
  target: string;
  upx: boolean;
  // Added after the first release: absent (projects generated before) means off.
  /** .github/workflows/ci.yml */
  ci?: boolean;
  /** deploy/k8s/deployment.yaml + service.yaml */
  k8s?: boolean;
  /** compose.yaml */
  compose?: boolean;
  /** git init + first commit after generating */
  git?: boolean;
  endpoints: CustomEndpoint[];
  /** sha256 of each generated file as last written (see stored.ts) */
  generated?: Record<string, string>;
  /** sha256 of each file as this generator version rendered it: the update base (see baseref.ts) */
  baseHashes?: Record<string, string>;
}

export interface EndpointView extends CustomEndpoint {
  /** exported Go identifier, e.g. "UserProfile" */
  ident: string;
  /** file stem, e.g. "user_profile" */
  file: string;
  /** unexported method on *server.Server, e.g. "handleUserProfile" */
  handler: string;
  /** unexported prefix of its other declarations, e.g. "userProfile" (userProfileEndpoint, ...) */
  lower: string;
  /** POST, PUT and PATCH take a JSON body */
  withBody: boolean;
  /** OpenAPI operationId, e.g. "userProfile" */
  operationId: string;
  /** a GET route: HEAD answers on it too (RFC 9110 9.3.2) */
  answersHead: boolean;
}

/** The built-in GET routes as api/openapi.yaml describes them (Lua's /lua is described apart). */
export const builtinGetRoutes = [
  { path: '/healthz', id: 'healthz', summary: 'Liveness: 200 while the process serves', schema: 'Status', tz: false, also503: false },
  { path: '/readyz', id: 'readyz', summary: 'Readiness: 503 from the first SIGTERM on', schema: 'Status', tz: false, also503: true },
  { path: '/time', id: 'time', summary: 'The time in an IANA zone (default Asia/Tokyo)', schema: 'Time', tz: true, also503: false },
  { path: '/ip', id: 'ip', summary: "This host's public IP, from IP_UPSTREAM_URL", schema: 'IP', tz: false, also503: false },
] as const;

const opName = (s: string) => s.replace(/[^A-Za-z0-9]+(.)?/g, (_: string, c?: string) => (c ? c.toUpperCase() : ''));

/** The view of one endpoint that the handler templates render. */
export function endpointView(e: CustomEndpoint): EndpointView {
  const ident = goIdent(e.name);
  return {
    ...e,
    ident,
    file: goFileStem(e.name),
    handler: `handle${ident}`,
    lower: ident[0]!.toLowerCase() + ident.slice(1),
    withBody: ['POST', 'PUT', 'PATCH'].includes(e.method),
    operationId: opName(e.name[0]!.toLowerCase() + e.name.slice(1)),
    answersHead: e.method === 'GET',
  };
}

function groupByPath(views: EndpointView[]): ProjectContext['endpointPaths'] {
  const out: ProjectContext['endpointPaths'] = [];
  for (const v of views) {
    const group = out.find((g) => g.path === v.path);
    if (group) group.endpoints.push(v);
    else out.push({ path: v.path, endpoints: [v], hasGet: false });
  }
  for (const g of out) g.hasGet = g.endpoints.some((e) => e.method === 'GET');
  return out;
}

/**
 * Every package-level Go name an endpoint's files declare in package server (handler.go.ejs and
 * handler_test.go.ejs): two endpoints may not share one, or the package does not compile
 * (e.g. "handle" -> handleEndpoint, and "endpoint" -> handleEndpoint).
 */
export function endpointDecls(e: CustomEndpoint): string[] {
  const v = endpointView(e);
  return [v.handler, `${v.lower}Endpoint`, `${v.lower}Request`, `${v.lower}Response`, `${v.lower}MaxBodyBytes`, `TestEndpoint${v.ident}`];
}

export interface ProjectContext extends StoredConfig {
  ci: boolean;
  k8s: boolean;
  compose: boolean;
  git: boolean;
  /** every build fact (buildplan.ts): tags, link mode, packages, platforms, catalogue entries */
  build: BuildPlan;
  /**
   * binary name: what `go build`/`go install` call it (cmd/go DefaultExecName: the last element of
   * the module path that is not a major version suffix, so example.com/svc/v2 -> svc)
   */
  binary: string;
  /**
   * The one image name rendered wherever an image reference appears (Makefile, README,
   * Dockerfile comments, compose, Kubernetes, CI): lower case and a valid path component of the
   * distribution reference grammar (the DNS label of the project name).
   */
  imageName: string;
  /** go.mod "go" line, e.g. "1.26.0" */
  goDirective: string;
  /** major.minor used for image tags, e.g. "1.26" */
  goMinor: string;
  hasLua: boolean;
  /** the target's catalogue entry (= build.target) */
  targetInfo: Target;
  customEndpoints: EndpointView[];
  /** the added endpoints grouped by URL path (GET and POST may share one), in first-seen order */
  endpointPaths: { path: string; endpoints: EndpointView[]; hasGet: boolean }[];
  /** some added endpoint takes a JSON body (its adapter in routes_gen.go uses net/http) */
  endpointsWithBody: boolean;
  versions: typeof versions;
  /** graceful-shutdown budget of the service (SHUTDOWN_TIMEOUT default, pkg/config) */
  shutdownTimeoutSeconds: number;
  /** how long /readyz fails while still serving after SIGTERM (DRAIN_PERIOD default, pkg/config) */
  drainPeriodSeconds: number;
  /** Kubernetes preStop sleep: lets endpoints and load balancers drop the pod before SIGTERM */
  preStopSleepSeconds: number;
  /** Kubernetes terminationGracePeriodSeconds: must exceed preStop sleep + shutdown timeout */
  terminationGracePeriodSeconds: number;
  ciTools: typeof ciTools;
  /**
   * The project name as a DNS-1035 label (lower case, letters, digits and "-", starting with a
   * letter, at most 63 characters): valid as a Kubernetes object name and label value, a
   * compose service name and a Docker image name.
   */
  dnsName: string;
  builtinGetRoutes: typeof builtinGetRoutes;
  /** literal encoders for Go, YAML, Dockerfile and Makefile contexts (lit.ts) */
  lit: typeof lit;
  /** container memory limit (MiB) written into deploy/k8s and compose.yaml */
  containerMemoryMiB: number;
  /** GOMEMLIMIT (MiB) in the same files: the GC's soft limit, below the container limit */
  goMemLimitMiB: number;
  /** per-run Lua memory budget (MiB): LUA_MEMORY default */
  luaMemoryMiB: number;
  /** concurrent Lua runs: LUA_CONCURRENCY default, derived from the three values above */
  luaConcurrency: number;
  /** Lua runs waiting for a slot: LUA_QUEUE default */
  luaQueue: number;
}

/**
 * What the generated GitHub workflow uses. Actions are pinned by major tag (pin commit SHAs in
 * your repository if your policy requires it); golangci-lint matches the version this
 * generator's own tests lint the generated code with.
 */
export const ciTools = {
  checkout: 'actions/checkout@v6',
  setupGo: 'actions/setup-go@v6',
  cache: 'actions/cache@v5',
  golangciLintAction: 'golangci/golangci-lint-action@v9',
  golangciLint: 'v2.15.0',
  /** golang.org/x/vuln/cmd/govulncheck, the version this generator's Go tier scans with */
  govulncheck: 'v1.9.0',
  setupBuildx: 'docker/setup-buildx-action@v4',
  buildPush: 'docker/build-push-action@v7',
  cacheDance: 'reproducible-containers/buildkit-cache-dance@v3',
} as const;

/** Timing shared by the Go config, the Kubernetes manifests and compose.yaml. */
export const shutdownTiming = {
  /** DRAIN_PERIOD default: after SIGTERM /readyz answers 503 while the listener keeps serving */
  drainPeriodSeconds: 3,
  /** SHUTDOWN_TIMEOUT default: graceful shutdown after the drain; drain + shutdown < Docker's 10 s stop timeout */
  shutdownTimeoutSeconds: 5,
  preStopSleepSeconds: 5,
  // headroom over preStop + drain + shutdown for the process to exit
  terminationGracePeriodSeconds: 30,
} as const;

/**
 * Memory sizing shared by pkg/config, pkg/luarun and the manifests (one source). The service
 * itself (Go runtime, HTTP, idle Lua states) stays under baseMiB; every concurrent Lua run may
 * hold luaMemoryMiB (the per-run budget) and, because the accounting is an estimate and the GC
 * lets garbage reach about 1.5 times the live heap before collecting near GOMEMLIMIT, we reserve
 * 1.5 times that: concurrency = floor((containerMemoryMiB - baseMiB) / (1.5 * luaMemoryMiB)).
 */
export const memorySizing = (() => {
  const containerMemoryMiB = 128;
  const baseMiB = 32;
  const luaMemoryMiB = 16;
  const luaConcurrency = Math.max(1, Math.floor((containerMemoryMiB - baseMiB) / (1.5 * luaMemoryMiB)));
  return {
    containerMemoryMiB,
    // soft limit for the GC: about 86% of the container limit
    goMemLimitMiB: Math.floor(containerMemoryMiB * 0.86),
    luaMemoryMiB,
    luaConcurrency,
    luaQueue: 2 * luaConcurrency,
  } as const;
})();

/** "user-profile" -> "UserProfile"; "greet" -> "Greet". Input is assumed validated. */
export function goIdent(name: string): string {
  return name
    .split(/[-_]/)
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');
}

/** "user-profile" -> "user_profile". */
export function goFileStem(name: string): string {
  return name.replace(/-/g, '_').toLowerCase();
}

export function buildContext(cfg: StoredConfig): ProjectContext {
  const parts = cfg.goVersion.split('.');
  const goMinor = `${parts[0]}.${parts[1]}`;
  const goDirective = parts.length >= 3 ? cfg.goVersion : `${goMinor}.0`;
  const build = buildPlan(cfg);
  const views = cfg.endpoints.map(endpointView);
  return {
    ...cfg,
    // absent in .yo-rc.json (projects generated before these existed) means off
    ci: cfg.ci ?? false,
    k8s: cfg.k8s ?? false,
    compose: cfg.compose ?? false,
    git: cfg.git ?? false,
    build,
    binary: build.binary,
    goDirective,
    goMinor,
    hasLua: build.engine.runner.length > 0,
    targetInfo: build.target,
    customEndpoints: views,
    endpointPaths: groupByPath(views),
    endpointsWithBody: views.some((v) => v.withBody),
    versions,
    ...shutdownTiming,
    ciTools,
    // the image name is this label too (buildplan.ts derives it once)
    dnsName: build.imageName,
    imageName: build.imageName,
    lit,
    builtinGetRoutes,
    ...memorySizing,
  };
}
