// Go tier: random sequences of operations (generate with valid and invalid choices, endpoint add /
// --remove with valid and invalid names, image switches, framework/Lua switches from the parent
// folder, user edits, a tampered .yo-rc.json) through the real bin. After every step: refused =>
// tree byte-identical; applied => gofmt/vet/test clean, .yo-rc.json valid and in agreement with the
// files, no user edit lost without --force. Fixed seed here; `npm run fuzz` runs random seeds.
// Reproduce a failure: GO_MINIMAL_SEED=<seed> npm run build && node --test dist/test/go/sequences.test.js
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSequences, envInt, newStats } from '../support/sequences.js';
import { goProblem, haveTool } from '../support/tools.js';

describe('property: random sequences of operations through the bin', () => {
  it('refused steps change nothing; applied steps leave a healthy, consistent project', (t) => {
    if (!haveTool(t, goProblem() === null, 'go', 'install Go (see README)')) return;
    const seed = envInt('GO_MINIMAL_SEED', 42);
    const sequences = envInt('GO_MINIMAL_SEQUENCES', 3);
    const steps = envInt('GO_MINIMAL_STEPS', 6);
    const stats = newStats();
    const started = Date.now();
    t.diagnostic(`seed ${seed}, ${sequences} sequences, ${steps} steps each`);
    try {
      checkSequences(seed, sequences, steps, stats);
    } finally {
      for (const l of stats.log) t.diagnostic(l);
      t.diagnostic(
        `seed ${seed}: ${stats.sequences} sequences, ${stats.steps} steps, ${stats.applied} applied, ${stats.refused} refused, ${Math.round((Date.now() - started) / 1000)} s`,
      );
    }
    // not vacuous: the sequences both changed projects and met refusals
    assert.equal(stats.sequences, sequences);
    assert.ok(stats.applied >= sequences && stats.refused >= 1, JSON.stringify({ applied: stats.applied, refused: stats.refused }));
  });
});
