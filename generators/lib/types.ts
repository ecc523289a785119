// Small value types shared by context.ts and targets.ts. They live here (and not in
// context.ts, which imports targets.ts) so the modules of generators/ form no import cycle.

export type Framework = 'gin' | 'nethttp';
export type LuaEngine = 'none' | 'gopher' | 'golua';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
