// The build plan: every build fact of a project, worked out once from its answers and the
// catalogues (catalogue.ts, targets.ts). The Dockerfile, the Makefile, the CI workflow, the README,
// the tests and the bench all read it; none of them works a build fact out for itself.
import { frameworks, luaEngines, type Framework, type FrameworkEntry, type GoRequire, type LuaEngine, type LuaEngineEntry } from './catalogue.js';
import { builderImage, targetByName, type Target } from './targets.js';
import { defaultExecName } from './gomod.js';
import { dnsLabel } from './names.js';

/** How the binary is linked: pure Go; cgo linked fully static; cgo against shared libraries. */
export type LinkMode = 'pure-go' | 'static' | 'dynamic';

/** One `go build` (or `go test`/`go vet`) configuration. */
export interface GoBuild {
  /** CGO_ENABLED */
  cgo: 0 | 1;
  link: LinkMode;
  /** -tags, in order; empty = no -tags flag */
  tags: string[];
  /** " -tags a,b" (with its leading space, to append to a go command) or '' (comma-separated: no shell quoting needed anywhere) */
  tagsArg: string;
  /** link flags of this link mode, e.g. ["-linkmode external", "-extldflags '-static -lm'"] */
  linkFlags: string[];
  /** why each tag and link flag is there, one line each (rendered as comments) */
  why: string[];
  /** how this link mode works, for the Dockerfile's builder stage (comment lines) */
  linkComment: string[];
  /** what the final image needs for it, one phrase (README) */
  linkSummary: string;
  /** the -ldflags value: strip, link mode, version stamps (values as given, e.g. "${VERSION}") */
  ldflags(version: string, commit: string): string;
  /** argv of `go build` (after "go"), for the tests and the bench */
  argv(output: string, version?: string, commit?: string): string[];
}

export interface BuildPlanInput {
  /** project name (the image name is derived from it) */
  name: string;
  module: string;
  framework: Framework;
  lua: LuaEngine;
  target: string;
  upx: boolean;
}

export interface BuildPlan {
  framework: FrameworkEntry & { name: Framework };
  engine: LuaEngineEntry & { name: LuaEngine };
  target: Target;
  /** what `go build` names the binary (cmd/go DefaultExecName of the module path) */
  binary: string;
  /** the image name used wherever an image reference appears (the DNS label of the project name) */
  imageName: string;
  /** go.mod: direct requirements, then the floors of indirect ones */
  requires: GoRequire[];
  floors: GoRequire[];
  /** the image build (Dockerfile build and test stages, the image tests) */
  image: GoBuild;
  /** a developer's build on the host (Makefile, README, CI's go job): fully static when cgo is involved */
  local: GoBuild;
  /** how the host build relates to the image build, for the Makefile's comment */
  hostVsImage: string;
  /** builder image reference, with ${GO_VERSION} left to the Dockerfile's ARG */
  builderImage: string;
  /** Debian packages the builder installs (engine headers, upx) */
  builderPackages: string[];
  /** Debian packages the final image installs (shared libraries of a dynamic link) */
  runtimePackages: string[];
  /** UPX packing of the binary in the image */
  upx: boolean;
  /** linux platforms the image can be built for from one machine (cgo builds are native only) */
  platforms: string[];
  /** the builder cross-compiles (pure Go); false = native architecture only */
  crossCompiles: boolean;
  /** the Dockerfile header: the target named once, its base image only when it differs */
  targetHeading: string;
  /** the Dockerfile header's usage lines: [command padded to one width, what it does] */
  dockerUsage: [string, string][];
  /** commands that prepare under /rootfs what the final base lacks (passwd entry, /tmp) */
  rootfs: string[];
}

const strip = '-s -w';

function linkText(link: LinkMode, engine: LuaEngineEntry & { name: LuaEngine }, runtimePackages: readonly string[]): { comment: string[]; summary: string } {
  const nativeOnly = [
    `${engine.name} builds are native-arch only: cross-compiling cgo needs a cross C toolchain and a`,
    'target-arch C library, so build on (or emulate) the target architecture.',
  ];
  switch (link) {
    case 'pure-go':
      return { comment: ['Pure Go: no C toolchain involved, a static binary for any base image and any architecture.'], summary: 'pure Go, nothing extra' };
    case 'static':
      return {
        comment: [`cgo: ${engine.cLibrary} is linked statically, so the binary`, 'needs no libc at run time.', ...nativeOnly],
        summary: 'C library linked statically: the binary needs no libc',
      };
    case 'dynamic':
      return {
        comment: [`cgo: ${engine.cLibrary} is linked dynamically;`, 'the final stage installs it.', ...nativeOnly],
        summary: `C library linked dynamically: the image installs ${runtimePackages.join(', ')}`,
      };
  }
}

function goBuild(link: LinkMode, fw: FrameworkEntry, engine: LuaEngineEntry & { name: LuaEngine }, runtimePackages: readonly string[] = []): GoBuild {
  const tags = fw.tags.map((t) => t.tag);
  const why = fw.tags.map((t) => `${t.tag}: ${t.why}`);
  const linkFlags: string[] = [];
  if (link === 'static') {
    // a static cgo binary must not need glibc's NSS or dlopen at run time
    tags.push('netgo', 'osusergo');
    why.push("netgo, osusergo: Go's DNS and user lookups instead of glibc NSS (which cannot work in a static binary)");
    linkFlags.push('-linkmode external', `-extldflags '${['-static', ...engine.staticLibs].join(' ')}'`);
    why.push(`-extldflags '-static${engine.staticLibs.map((l) => ` ${l}`).join('')}': a fully static binary${engine.staticLibs.length ? ` (${engine.staticLibs.join(' ')} after the C library that needs it)` : ''}`);
  }
  const tagsArg = tags.length ? ` -tags ${tags.join(',')}` : '';
  const ldflags = (version: string, commit: string) => [strip, ...linkFlags, `-X main.version=${version} -X main.commit=${commit}`].join(' ');
  const text = linkText(link, engine, runtimePackages);
  return {
    linkComment: text.comment,
    linkSummary: text.summary,
    cgo: link === 'pure-go' ? 0 : 1,
    link,
    tags,
    tagsArg,
    linkFlags,
    why,
    ldflags,
    argv: (output, version = 'dev', commit = 'unknown') => [
      'build',
      '-trimpath',
      ...(tags.length ? ['-tags', tags.join(',')] : []),
      '-ldflags',
      ldflags(version, commit),
      '-o',
      output,
      '.',
    ],
  };
}

/** What the final base lacks, prepared in the builder under /rootfs. CA roots and tz data never
 * need copying: the binary embeds both (x509roots/fallback and time/tzdata, used only when the
 * system has none). */
function rootfs(target: Target): string[] {
  const has = target.provides;
  const { uid, gid } = target.user;
  if (has.passwd && has.tmp) return [];
  const dirs = [has.passwd ? '' : '/rootfs/etc', has.tmp ? '' : '/rootfs/tmp'].filter(Boolean);
  const cmds = [`mkdir -p ${dirs.join(' ')}`];
  if (!has.passwd) {
    cmds.push(`echo 'nonroot:x:${uid}:${gid}:nonroot:/nonexistent:/sbin/nologin' > /rootfs/etc/passwd`);
    cmds.push(`echo 'nonroot:x:${gid}:' > /rootfs/etc/group`);
  }
  if (!has.tmp) cmds.push('chmod 1777 /rootfs/tmp');
  return cmds;
}

export function buildPlan(a: BuildPlanInput): BuildPlan {
  const framework = { name: a.framework, ...frameworks[a.framework] };
  const engine = { name: a.lua, ...luaEngines[a.lua] } as LuaEngineEntry & { name: LuaEngine };
  const target = targetByName(a.target);
  const support = a.lua === 'none' ? undefined : target.lua[a.lua];
  if (a.lua !== 'none' && !support) throw new Error(`internal: lua engine ${a.lua} is not supported on target ${a.target}`);
  const imageLink: LinkMode = support?.link ?? 'pure-go';
  const localLink: LinkMode = engine.cgo ? 'static' : 'pure-go';
  const runtimePackages = support?.link === 'dynamic' ? [...support.runtimePackages] : [];
  const image = goBuild(imageLink, framework, engine, runtimePackages);
  const local = goBuild(localLink, framework, engine);
  const crossCompiles = image.cgo === 0;
  const imageName = dnsLabel(a.name);
  const usage: [string, string][] = [
    [`docker build -t ${imageName} .`, 'release image'],
    ['docker build --target test .', 'go vet + go test (not in the release image)'],
    ...(crossCompiles ? [[`docker build --platform linux/arm64 -t ${imageName}:arm64 .`, 'cross-compiled, no emulation'] as [string, string]] : []),
  ];
  const width = Math.max(...usage.map(([c]) => c.length)) + 2;
  return {
    framework,
    engine,
    target,
    binary: defaultExecName(a.module),
    imageName,
    requires: [...framework.requires, ...engine.requires],
    floors: [...framework.floors],
    image,
    local,
    hostVsImage:
      local.link === image.link
        ? 'the Dockerfile builds the image with the same tags and link flags'
        : `a static host binary; the image for the "${target.name}" target links ${image.link === 'dynamic' ? `dynamically (${runtimePackages.join(', ')} installed in it)` : image.link}${image.tagsArg ? ` with${image.tagsArg}` : ' without tags'}, see the Dockerfile`,
    builderImage,
    builderPackages: [...(image.cgo ? engine.buildPackages : []), ...(a.upx ? ['upx-ucl'] : [])],
    runtimePackages,
    upx: a.upx,
    platforms: crossCompiles ? ['linux/amd64', 'linux/arm64'] : ['linux/amd64'],
    crossCompiles,
    targetHeading: target.finalImage === target.name ? `"${target.name}"` : `"${target.name}" (FROM ${target.finalImage})`,
    dockerUsage: usage.map(([c, w]) => [c.padEnd(width), w]),
    rootfs: rootfs(target),
  };
}
