// The framework and Lua-engine catalogues: data, not code. The choices table (prompts, flags,
// --help), the build plan (buildplan.ts), the list of files a project is made of (app/files.ts),
// the templates, the tests' matrices and the bench all read these entries; nothing else names a
// framework or an engine. Adding a framework = one entry here + its two adapter templates
// (templates/app/pkg/server/adapters/<name>/); adding an engine = one entry + its runner template.
// (Image targets have their own catalogue in targets.ts.)
import { versions } from './versions.js';

const MB = 1000 * 1000;

/** One `require` line of go.mod. */
export interface GoRequire {
  path: string;
  version: string;
}

/** A Go build tag, with the reason it is set (written next to it in the Makefile and Dockerfile). */
export interface BuildTag {
  tag: string;
  why: string;
}

export interface FrameworkEntry {
  /** label next to the value in prompts */
  label: string;
  /** short name in reports and tables ("net/http") */
  title: string;
  /** how the README's first paragraph names the router ("It uses ... for routing") */
  prose: string;
  /** what pkg/server/routes.go binds to, in comments and the README's layout ("net/http ServeMux") */
  router: string;
  /** direct requirements of go.mod */
  requires: readonly GoRequire[];
  /** indirect requirements raised above versions with known vulnerabilities (govulncheck) */
  floors: readonly GoRequire[];
  /** build tags of every build of a project with this framework (release, test, vet, CI) */
  tags: readonly BuildTag[];
  /**
   * The per-framework Go, and the only place it lives: `routes` renders pkg/server/routes.go (the
   * built-in routes), `generated` is included by routes_gen.go.ejs (imports, customRoutes and one
   * adapter per added endpoint).
   */
  adapters: { routes: string; generated: string };
  /** ceiling of the stripped release binary without Lua (the engine adds its own share) */
  binaryBudget: number;
}

export interface LuaEngineEntry {
  label: string;
  /** appended to the README's "It uses ... for routing" sentence; '' without Lua */
  prose: string;
  /** files that make up pkg/luarun for this engine: template -> destination (none = no /lua endpoint) */
  runner: readonly { template: string; dest: string }[];
  requires: readonly GoRequire[];
  /** needs cgo (a C toolchain and the C library's headers in the builder) */
  cgo: boolean;
  /** the C library it links, in the Dockerfile's words ('' for pure Go) */
  cLibrary: string;
  /** Debian packages the builder stage (and a developer machine) needs to build it */
  buildPackages: readonly string[];
  /** extra -extldflags of a fully static cgo link (libraries that must follow the engine's) */
  staticLibs: readonly string[];
  /** README lines on the limits of one run: how time and memory are enforced */
  limits: { time: string; memory: string };
  /** what the engine adds to the stripped binary */
  binaryBudget: number;
}

export const frameworks = {
  nethttp: {
    title: 'net/http',
    label: 'net/http (standard library, smallest binary)',
    prose: 'only the standard library (`net/http`)',
    router: 'net/http ServeMux',
    requires: [],
    floors: [],
    tags: [],
    adapters: { routes: 'app/pkg/server/adapters/nethttp/routes.go.ejs', generated: 'app/pkg/server/adapters/nethttp/generated.ejs' },
    binaryBudget: 8.0 * MB, // measured 7.58 MB with Go 1.26
  },
  gin: {
    title: 'gin',
    label: 'gin (github.com/gin-gonic/gin)',
    prose: '[gin](https://gin-gonic.com)',
    router: 'gin',
    requires: [{ path: 'github.com/gin-gonic/gin', version: versions.gin }],
    // gin's transitive dependencies below these versions have reachable advisories
    // (x/net < v0.60.0, quic-go < v0.59.1)
    floors: [
      { path: 'github.com/quic-go/quic-go', version: versions.quicGo },
      { path: 'golang.org/x/net', version: versions.xNet },
    ],
    tags: [{ tag: 'nomsgpack', why: "drops gin's msgpack codec (unused here): about 6 MB off the binary" }],
    adapters: { routes: 'app/pkg/server/adapters/gin/routes.go.ejs', generated: 'app/pkg/server/adapters/gin/generated.ejs' },
    binaryBudget: 9.5 * MB, // measured 9.00 MB with -tags nomsgpack
  },
  chi: {
    title: 'chi',
    label: 'chi (github.com/go-chi/chi/v5: net/http handlers, a radix-tree router)',
    prose: '[chi](https://go-chi.io) (plain `net/http` handlers)',
    router: 'chi',
    requires: [{ path: 'github.com/go-chi/chi/v5', version: versions.chi }],
    floors: [],
    tags: [],
    adapters: { routes: 'app/pkg/server/adapters/chi/routes.go.ejs', generated: 'app/pkg/server/adapters/chi/generated.ejs' },
    binaryBudget: 8.0 * MB, // measured 7.62 MB: chi adds 12 kB to net/http
  },
} as const satisfies Record<string, FrameworkEntry>;

export const luaEngines = {
  none: {
    label: 'none (no /lua endpoint)',
    prose: '',
    runner: [],
    requires: [],
    cgo: false,
    cLibrary: '',
    buildPackages: [],
    staticLibs: [],
    limits: { time: '', memory: '' },
    binaryBudget: 0,
  },
  gopher: {
    label: 'gopher (pure-Go gopher-lua, sandboxed and pooled)',
    prose: ' and [gopher-lua](https://github.com/yuin/gopher-lua) (pure Go) for Lua',
    runner: [
      { template: 'app/pkg/luarun/gopher.go.ejs', dest: 'pkg/luarun/luarun.go' },
      { template: 'app/pkg/luarun/gopher_pattern.go', dest: 'pkg/luarun/pattern.go' },
    ],
    requires: [{ path: 'github.com/yuin/gopher-lua', version: versions.gopherLua }],
    cgo: false,
    cLibrary: '',
    buildPackages: [],
    staticLibs: [],
    limits: {
      time: '',
      memory:
        ' held by the run, counted deterministically: every builtin that can\n  build a large string (`..`, `string.rep`, `format`, `gsub`, `upper`, `lower`, `reverse`,\n  `table.concat`, `json`) checks its result size first, and the data the run holds is measured\n  every few thousand instructions',
    },
    binaryBudget: 1.0 * MB, // measured +0.92 MB
  },
  golua: {
    label: 'golua (C Lua 5.1 via cgo)',
    prose:
      ' and C Lua 5.1 through a small cgo binding in `pkg/luarun` (building needs gcc, pkg-config and liblua5.1-0-dev; `CGO_ENABLED=0` cannot build it)',
    runner: [{ template: 'app/pkg/luarun/golua.go.ejs', dest: 'pkg/luarun/luarun.go' }],
    requires: [],
    cgo: true,
    cLibrary: 'C Lua 5.1 (pkg/luarun binds liblua5.1 through cgo)',
    buildPackages: ['liblua5.1-0-dev'],
    // liblua5.1.a needs libm after it
    staticLibs: ['-lm'],
    limits: {
      time:
        "; C Lua's pattern matcher cannot be interrupted, so a\n  `string.find/match/gmatch/gsub` call whose worst case (subject length to the power of the number\n  of quantifiers plus one) exceeds 2·10⁸ steps is refused with \"pattern too complex\"",
      memory: ' allocated by the run (counted by the\n  Lua allocator)',
    },
    binaryBudget: 1.5 * MB, // measured +1.43 MB, static
  },
} as const satisfies Record<string, LuaEngineEntry>;

export type Framework = keyof typeof frameworks;
export type LuaEngine = keyof typeof luaEngines;

export const frameworkNames = Object.keys(frameworks) as Framework[];
export const luaEngineNames = Object.keys(luaEngines) as LuaEngine[];

export function frameworkOf(name: Framework): FrameworkEntry {
  return frameworks[name];
}
export function luaEngineOf(name: LuaEngine): LuaEngineEntry {
  return luaEngines[name];
}
