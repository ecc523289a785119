// Small value types shared by context.ts and targets.ts. They live here (and not in
// context.ts, which imports targets.ts) so the modules of generators/ form no import cycle.
// Framework and LuaEngine are derived from the catalogues (catalogue.ts).
export type { Framework, LuaEngine } from './catalogue.js';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
