// The image-target catalogue. Dockerfiles (templates/image/final/<name>.ejs), the
// compatibility errors and the test matrix are all derived from this table:
// adding a target means adding one entry here and one final-stage template.
import { frameworks, luaEngines, type Framework, type LuaEngine } from './catalogue.js';

/** How a Lua engine is built and shipped on a target; absent = not supported. */
export type LuaSupport =
  | { link: 'pure-go' } // CGO_ENABLED=0, nothing needed at run time
  | { link: 'static' } // cgo, fully static (no dynamic section), runs with no libc
  | { link: 'dynamic'; runtimePackages: string[] }; // cgo, needs shared libs in the final image

export interface Target {
  name: string;
  /** one line for --help and prompts */
  summary: string;
  /** final base image reference, with ${GO_VERSION}-style ARGs left for Docker to expand */
  finalImage: string;
  /** what the final base provides by itself */
  provides: {
    caRoots: boolean;
    tzdata: boolean;
    passwd: boolean;
    shell: boolean;
    tmp: boolean;
  };
  /** numeric user the container runs as */
  user: { uid: number; gid: number };
  /** lua engine -> how it works here; engines missing from the map are refused */
  lua: Partial<Record<Exclude<LuaEngine, 'none'>, LuaSupport>>;
  /**
   * Whether our own test suite can build and boot it on an offline machine.
   * When false, `offlineReason` says why; the target is then checked statically only.
   */
  buildableOffline: boolean;
  offlineReason?: string;
  /** fit for production? false = the generated README warns */
  production: boolean;
  /** bytes the final base may add on top of the binary (asserted by the Docker tier) */
  baseBudget: number;
}

/** The builder stage is shared by every target (Debian trixie, matching distroless debian13). */
export const builderImage = 'golang:${GO_VERSION}-trixie';
export const builderDistro = 'trixie';

const MB = 1000 * 1000;

export const targets: readonly Target[] = [
  {
    name: 'scratch',
    summary: 'empty base: only the static binary, CA roots, tz data and a passwd entry (smallest)',
    finalImage: 'scratch',
    provides: { caRoots: false, tzdata: false, passwd: false, shell: false, tmp: false },
    user: { uid: 65532, gid: 65532 },
    lua: { gopher: { link: 'pure-go' }, golua: { link: 'static' } },
    buildableOffline: true,
    production: true,
    baseBudget: 0.05 * MB, // passwd + group + /tmp: a few bytes
  },
  {
    name: 'distroless',
    summary: 'gcr.io/distroless/static-debian13:nonroot: CA roots, tz data, passwd, /tmp, no shell',
    finalImage: 'gcr.io/distroless/static-debian13:nonroot',
    provides: { caRoots: true, tzdata: true, passwd: true, shell: false, tmp: true },
    user: { uid: 65532, gid: 65532 },
    lua: { gopher: { link: 'pure-go' }, golua: { link: 'static' } },
    buildableOffline: true,
    production: true,
    baseBudget: 1.8 * MB, // the stand-in measures 1.67 MB
  },
  {
    name: 'alpine',
    summary: 'alpine:3.22: small, with a busybox shell for debugging; CA roots included',
    finalImage: 'alpine:3.22',
    provides: { caRoots: true, tzdata: false, passwd: true, shell: true, tmp: true },
    user: { uid: 65532, gid: 65532 },
    lua: { gopher: { link: 'pure-go' }, golua: { link: 'static' } },
    buildableOffline: false,
    offlineReason:
      'neither the alpine image nor its package repository is reachable offline, and no faithful stand-in can be built from Debian packages',
    production: true,
    baseBudget: 9 * MB, // alpine 3.22 is about 8.3 MB (not measurable offline)
  },
  {
    name: 'golang',
    summary: 'the full golang toolchain image (about 1 GB): for development only, still non-root',
    finalImage: 'golang:${GO_VERSION}-trixie',
    provides: { caRoots: true, tzdata: true, passwd: true, shell: true, tmp: true },
    user: { uid: 65532, gid: 65532 },
    lua: { gopher: { link: 'pure-go' }, golua: { link: 'dynamic', runtimePackages: ['liblua5.1-0'] } },
    buildableOffline: true,
    production: false,
    baseBudget: 800 * MB, // the local stand-in measures 765 MB; the official image is larger
  },
];

export const targetNames = targets.map((t) => t.name);

/**
 * Image-size ceiling of a variant: the binary budgets of its framework and Lua engine
 * (catalogue.ts, measured with Go 1.26 and kept within ~6 %) plus what the target's base adds.
 * A dependency bump that grows the binary fails the Docker tier.
 */
export function binaryBudget(framework: Framework, lua: LuaEngine): number {
  return frameworks[framework].binaryBudget + luaEngines[lua].binaryBudget;
}
export function sizeBudget(target: Target, framework: Framework, lua: LuaEngine): number {
  return binaryBudget(framework, lua) + target.baseBudget;
}

export function targetByName(name: string): Target {
  const t = targets.find((x) => x.name === name);
  if (!t) throw new Error(`unknown target "${name}" (accepted: ${targetNames.join(', ')})`);
  return t;
}

/**
 * Pure compatibility check between a Lua engine and a target.
 * Returns null when compatible, else a one-line reason naming the alternatives.
 */
export function luaCompatibility(lua: LuaEngine, target: Target, catalogue: readonly Target[] = targets): string | null {
  if (lua === 'none' || target.lua[lua]) return null;
  const otherEngines = (Object.keys(target.lua) as LuaEngine[]).join(', ') || 'none';
  const otherTargets = catalogue.filter((t) => t.lua[lua]).map((t) => t.name).join(', ') || 'none';
  return `lua engine "${lua}" cannot run on target "${target.name}": engines for ${target.name}: ${otherEngines}; targets for ${lua}: ${otherTargets}`;
}
