import { describe, expect, it } from 'vitest';
import { loadFixture } from '../load-fixture.js';
import { runOnce } from '../../src/engine/run-once.js';
import { createMemos } from '../../src/engine/simulation.js';

// test/fixtures/markov.json is an absorbing Markov chain: from s0, up 0.3 / lose 0.2 / stay 0.5;
// from s1, win 0.4 / down 0.1 / stay 0.5. Solving a = 0.3b + 0.5a, b = 0.4 + 0.1a + 0.5b gives
// P(win) = a = 6/11; expected rounds t0 = 1 + 0.3 t1 + 0.5 t0, t1 = 1 + 0.1 t0 + 0.5 t1 gives 40/11.
describe('absorbing Markov chain', () => {
  const scenario = loadFixture('test/fixtures/markov.json');
  const memos = createMemos(scenario);
  const n = 20_000;
  let wins = 0;
  let rounds = 0;
  let roundsSq = 0;
  for (let run = 0; run < n; run++) {
    const r = runOnce(scenario, { seed: 'markov', run, memos });
    if (r.outcome === 'win') wins++;
    rounds += r.rounds;
    roundsSq += r.rounds * r.rounds;
  }

  it('lands inside the 99% interval of the exact absorption probability 6/11 over 20,000 runs', () => {
    const p = 6 / 11;
    const halfWidth = 2.5758 * Math.sqrt((p * (1 - p)) / n);
    expect(Math.abs(wins / n - p), `P(win) = ${wins / n}`).toBeLessThan(halfWidth);
  });

  it('lands inside the 99% interval of the exact expected time to absorption 40/11', () => {
    const mean = rounds / n;
    const sd = Math.sqrt(roundsSq / n - mean * mean);
    expect(Math.abs(mean - 40 / 11), `mean rounds = ${mean}`).toBeLessThan(2.5758 * (sd / Math.sqrt(n)));
  });
});
