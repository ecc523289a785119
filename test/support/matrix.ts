// The frameworks and Lua engines the Go and Docker tiers exercise: every entry of the catalogues
// (generators/lib/catalogue.ts), so adding an entry adds its cells.
// golua needs cgo and Debian's liblua5.1-0-dev on the host for the Go tier (the Docker
// builder installs its own); luaProblem() says when the host lacks them.
import { spawnSync } from 'node:child_process';
import { frameworkNames, luaEngineNames } from '../../generators/lib/catalogue.js';

export const frameworks = frameworkNames;
export const engines = luaEngineNames;

/** null when the host can build the cgo Lua engine, else why not. */
export function hostGoluaProblem(): string | null {
  const pc = spawnSync('pkg-config', ['--exists', 'lua5.1'], { stdio: 'ignore' });
  if (pc.error || pc.status !== 0) return 'liblua5.1-0-dev (and pkg-config) not installed: apt-get install liblua5.1-0-dev pkg-config';
  const cc = spawnSync('gcc', ['--version'], { stdio: 'ignore' });
  if (cc.error || cc.status !== 0) return 'no C compiler (gcc) for cgo';
  return null;
}
