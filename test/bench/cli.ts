// CLI start-up, this tree vs the previous release, side by side in one run: the installed bins
// (release.ts: npm pack, npm install -g from the tarball) run the same commands round-robin — per
// round, every command once per version, the versions' order alternating — so both see the same
// machine state. Each bin is spawned directly (no shell); one untimed warm-up round. No thresholds:
// the medians and their ratio go on the page.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { firstLine, run } from './lib.js';
import { cfg } from './config.js';
import { installBoth } from './release.js';
import { R, skip, state } from './state.js';

const cases: [label: string, args: string[], makes?: string][] = [
  ['--help', ['--help']],
  ['--version', ['--version']],
  ['endpoint --help', ['endpoint', '--help']],
  ['cli-svc --defaults --skip-install --no-git', ['cli-svc', '--defaults', '--skip-install', '--no-git'], 'cli-svc'],
];

export function sectionCli(): void {
  const { current, previous } = installBoth(cfg.previous);
  if (typeof previous === 'string') skip('CLI start-up and install footprint of the previous release', previous);
  const versions = typeof previous === 'string' ? [current] : [current, previous];
  R.cliVersions = versions;
  const cwds = versions.map((_, i) => path.join(state.benchRoot, 'cli', String(i)));
  for (const d of cwds) mkdirSync(d, { recursive: true });
  R.cli = cases.map(([label]) => ({ label, times: versions.map(() => []), notes: versions.map(() => '') }));
  for (let round = 0; round <= cfg.cliRuns; round++) {
    for (const [c, [, args, makes]] of cases.entries()) {
      const order = versions.map((_, i) => i);
      if (round % 2 === 1) order.reverse();
      for (const v of order) {
        if (makes) rmSync(path.join(cwds[v]!, makes), { recursive: true, force: true });
        const r = run(versions[v]!.bin, args, { cwd: cwds[v]!, timeout: 300_000 });
        if (r.error) throw new Error(`${versions[v]!.label}: go-minimal ${args.join(' ')}: ${r.error.message}`);
        // a version without the command still answers (0.1.0 refuses --version): time it, say so
        if (r.status !== 0) R.cli[c]!.notes[v] = `exit ${r.status}: ${firstLine(r.stderr || r.stdout).slice(0, 100)}`;
        if (round > 0) R.cli[c]!.times[v]!.push(r.ms);
      }
    }
  }
}
