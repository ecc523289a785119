// The data every template sees. Built once from the stored answers (see choices.ts)
// by buildContext(); templates must not compute anything that belongs here.
import { targetByName, type Target } from './targets.js';
import { versions } from './versions.js';

export type Framework = 'gin' | 'nethttp';
export type LuaEngine = 'none' | 'gopher' | 'golua';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

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
  endpoints: CustomEndpoint[];
  /** sha256 of each generator-owned file as last written (see project.ts) */
  generated?: Record<string, string>;
}

export interface EndpointView extends CustomEndpoint {
  /** exported Go identifier, e.g. "UserProfile" */
  ident: string;
  /** file stem, e.g. "user_profile" */
  file: string;
  /** unexported method on *server.Server, e.g. "handleUserProfile" */
  handler: string;
}

export interface ProjectContext extends StoredConfig {
  /** binary name (last element of the module path, sanitised) */
  binary: string;
  /** go.mod "go" line, e.g. "1.26.0" */
  goDirective: string;
  /** major.minor used for image tags, e.g. "1.26" */
  goMinor: string;
  hasLua: boolean;
  targetInfo: Target;
  /** how the Lua engine is linked on this target ('pure-go' also when there is no Lua) */
  luaLink: 'pure-go' | 'static' | 'dynamic';
  /** go build -tags for release builds */
  buildTags: string[];
  customEndpoints: EndpointView[];
  versions: typeof versions;
}

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
  const binary = cfg.module.split('/').pop()!.replace(/[^A-Za-z0-9_.-]/g, '-');
  const targetInfo = targetByName(cfg.target);
  const luaLink = cfg.lua === 'none' ? 'pure-go' : (targetInfo.lua[cfg.lua]?.link ?? 'pure-go');
  const buildTags = [
    // gin's msgpack codec is unused here: about 6 MB off the binary
    ...(cfg.framework === 'gin' ? ['nomsgpack'] : []),
    // a static cgo binary must not need glibc's NSS or dlopen at run time
    ...(luaLink === 'static' ? ['netgo', 'osusergo'] : []),
  ];
  return {
    ...cfg,
    binary,
    luaLink,
    buildTags,
    goDirective,
    goMinor,
    hasLua: cfg.lua !== 'none',
    targetInfo,
    customEndpoints: cfg.endpoints.map((e) => ({ ...e, ident: goIdent(e.name), file: goFileStem(e.name), handler: `handle${goIdent(e.name)}` })),
    versions,
  };
}
