// The Lua engines the Go and Docker tiers exercise, taken from the choices table.
import { choiceByName } from '../../generators/lib/choices.js';
import type { LuaEngine } from '../../generators/lib/context.js';

export const engines = choiceByName('lua')!.choices!.filter((e) => e !== 'golua') as LuaEngine[];
