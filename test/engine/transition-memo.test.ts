import { describe, expect, it } from 'vitest';
import { loadFixture } from '../load-fixture.js';
import { runOnce } from '../../src/engine/run-once.js';
import { createMemos } from '../../src/engine/simulation.js';
import { existsSync } from 'node:fs';
import { repoRoot } from '../load-fixture.js';

// The fast path replays XState's own decisions from a memo. The reference path asks XState's
// `transition()` on every event. Over many seeds and strategies the traces must be identical.
const files = ['scenarios/supplier-duel.json', 'test/fixtures/nested-machine.json', 'test/fixtures/markov.json', 'scenarios/turkey-rare-earths.yaml', 'scenarios/us-ukraine-minerals.json'].filter((f) =>
  existsSync(repoRoot + f),
);

describe('memoised transitions agree with XState', () => {
  for (const file of files) {
    it(`produces the same trace as XState's transition() on 1,000 seeds (${file})`, () => {
      const scenario = loadFixture(file);
      const fast = createMemos(scenario);
      const reference = createMemos(scenario, { cache: false });
      const strategies = [...scenario.strategies.keys()];
      let mismatches = 0;
      let firstMismatch = '';
      for (let seed = 0; seed < 1000; seed++) {
        const strategy = strategies[seed % strategies.length]!;
        const a = runOnce(scenario, { seed: `diff-${seed}`, run: seed, strategy, trace: true, memos: fast });
        const b = runOnce(scenario, { seed: `diff-${seed}`, run: seed, strategy, trace: true, memos: reference });
        if (JSON.stringify(a) !== JSON.stringify(b)) {
          mismatches++;
          firstMismatch ||= `seed diff-${seed}, run ${seed}, strategy ${strategy}`;
        }
      }
      expect(mismatches, `first mismatch: ${firstMismatch}`).toBe(0);
      // The memo must actually be used: far fewer XState calls than steps.
      const misses = fast.reduce((s, m) => s + m.misses, 0);
      const referenceCalls = reference.reduce((s, m) => s + m.misses, 0);
      expect(misses).toBeLessThan(referenceCalls / 10);
    });
  }
});
