// What the machine has (git, a local go): light on purpose, so `go-minimal --help` can show
// machine-dependent defaults without loading Yeoman.
import { execFileSync } from 'node:child_process';
import { parseGoVersionOutput } from './validators.js';

/** Whether `git --version` works. */
export function detectGit(gitBinary = 'git'): boolean {
  try {
    execFileSync(gitBinary, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function detectLocalGo(goBinary = 'go'): string | undefined {
  try {
    return parseGoVersionOutput(execFileSync(goBinary, ['version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    return undefined;
  }
}
