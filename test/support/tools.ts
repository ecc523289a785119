// What this machine can run. Each *Problem() returns null when the tool is usable,
// else one line saying what is missing (printed loudly by the tier runner).
import { spawnSync } from 'node:child_process';
import { parseGoVersionOutput } from '../../generators/lib/validators.js';
import { minGoMinor } from '../../generators/lib/versions.js';

/** Under CI (or GO_MINIMAL_REQUIRE_ALL=1) a check whose tool is missing fails instead of skipping. */
export const strict = process.env.CI === 'true' || process.env.GO_MINIMAL_REQUIRE_ALL === '1';

/** The Debian docker client talks to dockerd's built-in BuildKit without the buildx plugin. */
export const dockerBin = process.env.DOCKER ?? '/usr/bin/docker';

export function goProblem(): string | null {
  const r = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return `the go toolchain is not on PATH (install Go 1.${minGoMinor} or later)`;
  const v = parseGoVersionOutput(r.stdout);
  if (!v || Number(v.split('.')[1]) < minGoMinor) return `go is too old (${r.stdout.trim()}); need Go 1.${minGoMinor} or later`;
  return null;
}

export function dockerProblem(): string | null {
  const r = spawnSync(dockerBin, ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 20_000 });
  if (r.error) return `no docker client at ${dockerBin} (set DOCKER=...; apt-get install docker.io)`;
  if (r.status !== 0) return `no Docker engine reachable through ${dockerBin} (start dockerd; see scripts/docker-engine.sh): ${(r.stderr || '').trim().split('\n')[0]}`;
  return null;
}

export function hasTool(cmd: string, args = ['--version']): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

/**
 * For a check that needs an external tool: true when it is there. Otherwise the test fails
 * under CI (`strict`) or is skipped with the reason and the install command.
 */
export function haveTool(t: { skip: (message: string) => void }, present: boolean, tool: string, install: string): boolean {
  if (present) return true;
  if (strict) throw new Error(`${tool} is required under CI: ${install}`);
  t.skip(`${tool} not installed: ${install}`);
  return false;
}
