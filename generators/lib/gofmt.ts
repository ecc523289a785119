// Format generated Go source before it reaches the conflicter, so re-runs compare formatted
// code and the user never gets unformatted files (also from the sub-generators, which do not
// run an install step).
import { spawnSync } from 'node:child_process';

let missingWarned = false;

/**
 * gofmt `src`. Without a gofmt binary the source is returned unchanged (the templates are
 * gofmt-clean; our Go tier checks that). A syntax error is a bug in a template: fail loudly
 * rather than write broken code.
 */
export function gofmt(src: string, file: string, bin = 'gofmt'): string {
  const r = spawnSync(bin, [], { input: src, encoding: 'utf8' });
  if (r.error) {
    if (!missingWarned) process.emitWarning(`${bin} not found: generated Go files are written as rendered`);
    missingWarned = true;
    return src;
  }
  if (r.status !== 0) throw new Error(`internal error: generated ${file} is not valid Go: ${r.stderr.trim().split('\n')[0]}`);
  return r.stdout;
}
