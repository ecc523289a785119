// CLI start-up: medians of the bin's cheap commands and of a generation without the install
// step (hyperfine, or the timed loop). No thresholds: the numbers go on the page.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { cliPath } from '../support/paths.js';
import { cfg } from './config.js';
import { hyperfine } from './generator.js';
import { R, state } from './state.js';

export function sectionCli(): void {
  const cwd = path.join(state.benchRoot, 'cli');
  mkdirSync(cwd, { recursive: true });
  const cli = `node ${cliPath}`;
  const cases: [label: string, args: string, prepare: string][] = [
    ['--help', '--help', 'true'],
    ['--version', '--version', 'true'],
    ['endpoint --help', 'endpoint --help', 'true'],
    ['cli-svc --defaults --skip-install --no-git', 'cli-svc --defaults --skip-install --no-git', 'rm -rf cli-svc'],
  ];
  for (const [label, args, prepare] of cases) R.cli.push(hyperfine(label, `${cli} ${args}`, cfg.cliRuns, cwd, prepare));
}
