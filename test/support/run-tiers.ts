// npm test / test:unit / test:go / test:docker
// Runs each tier with node's test runner, says loudly which tier was skipped and why,
// and under CI (CI=true) or GO_MINIMAL_REQUIRE_ALL=1 turns a skipped tier into a failure.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.js';
import { dockerProblem, goProblem, strict } from './tools.js';

type Tier = 'unit' | 'go' | 'docker';
const order: Tier[] = ['unit', 'go', 'docker'];

interface Outcome {
  tier: Tier;
  status: 'passed' | 'failed' | 'skipped';
  pass: number;
  fail: number;
  skip: number;
  why?: string;
}

function testFiles(tier: Tier): string[] {
  const dir = path.join(repoRoot, 'dist/test', tier);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .map((f) => path.join(dir, f));
}

async function runTier(tier: Tier): Promise<Outcome> {
  const problem = tier === 'go' ? goProblem() : tier === 'docker' ? dockerProblem() : null;
  if (problem) return { tier, status: 'skipped', pass: 0, fail: 0, skip: 0, why: problem };
  const files = testFiles(tier);
  console.log(`\n=== ${tier} tier: ${files.length} files ===`);
  const args = ['--test', '--test-reporter=spec', `--test-concurrency=${tier === 'unit' ? 2 : 1}`, ...files];
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    process.stdout.write(d);
  });
  const code: number = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  const n = (re: RegExp) => Number(re.exec(out)?.[1] ?? 0);
  const pass = n(/^ℹ pass (\d+)$/m);
  const fail = n(/^ℹ fail (\d+)$/m) + n(/^ℹ cancelled (\d+)$/m);
  const skip = n(/^ℹ skipped (\d+)$/m);
  const status = code === 0 && fail === 0 && pass > 0 ? 'passed' : 'failed';
  return { tier, status, pass, fail, skip, why: status === 'failed' && pass === 0 && fail === 0 ? 'no test ran' : undefined };
}

async function main(): Promise<number> {
  const which = process.argv[2] ?? 'all';
  const tiers = which === 'all' ? order : [which as Tier];
  if (!tiers.every((t) => order.includes(t))) {
    console.error(`unknown tier "${which}" (accepted: all, ${order.join(', ')})`);
    return 2;
  }
  const outcomes: Outcome[] = [];
  for (const t of tiers) outcomes.push(await runTier(t));

  console.log('\n=== summary ===');
  let failed = false;
  for (const o of outcomes) {
    if (o.status === 'skipped') {
      const verdict = strict ? 'FAILED (a tier may not be skipped under CI)' : 'SKIPPED';
      console.log(`!!! ${o.tier} tier ${verdict}: ${o.why}`);
      if (strict) failed = true;
    } else {
      console.log(`${o.tier} tier ${o.status}: ${o.pass} passed, ${o.fail} failed, ${o.skip} skipped${o.why ? ` (${o.why})` : ''}`);
      if (o.status === 'failed') failed = true;
    }
  }
  const sum = (k: 'pass' | 'fail' | 'skip') => outcomes.reduce((a, o) => a + o[k], 0);
  console.log(`tests: ${sum('pass')} passed, ${sum('fail')} failed, ${sum('skip')} skipped`);
  return failed ? 1 : 0;
}

process.exitCode = await main();
