// npm run fuzz: long runs of the Go-tier sequence property (test/go/sequences.test.ts) from a random
// seed, printed first. GO_MINIMAL_SEED, GO_MINIMAL_SEQUENCES (default 50), GO_MINIMAL_STEPS (8).
import { checkSequences, envInt, newStats } from '../support/sequences.js';
import { goProblem } from '../support/tools.js';

const problem = goProblem();
if (problem) {
  console.error(`fuzz: ${problem}`);
  process.exit(2);
}
const seed = envInt('GO_MINIMAL_SEED', Math.floor(Math.random() * 2 ** 31));
const sequences = envInt('GO_MINIMAL_SEQUENCES', 50);
const steps = envInt('GO_MINIMAL_STEPS', 8);
console.log(`# seed ${seed}, ${sequences} sequences, ${steps} steps each`);
const stats = newStats();
const started = Date.now();
let code = 0;
try {
  checkSequences(seed, sequences, steps, stats);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  code = 1;
}
console.log(
  `# seed ${seed}: ${stats.sequences} sequences, ${stats.steps} steps, ${stats.applied} applied, ${stats.refused} refused, ${Math.round((Date.now() - started) / 1000)} s${code ? ' — FAILED' : ''}`,
);
process.exit(code);
