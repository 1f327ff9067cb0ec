import { describe, expect, it } from 'vitest';
import { loadFixture } from '../load-fixture.js';
import { runOnce } from '../../src/engine/run-once.js';
import { createMemos } from '../../src/engine/simulation.js';

const scenarios = ['scenarios/supplier-duel.json', 'test/fixtures/nested-machine.json'];

describe('determinism', () => {
  for (const file of scenarios) {
    const scenario = loadFixture(file);
    for (const strategy of scenario.strategies.keys()) {
      it(`gives the same trace for the same seed and run (${file}, ${strategy})`, () => {
        for (let run = 0; run < 30; run++) {
          const a = runOnce(scenario, { seed: 'det', run, strategy, trace: true });
          // Fresh memos: the memo's state must not leak between runs.
          const b = runOnce(scenario, { seed: 'det', run, strategy, trace: true, memos: createMemos(scenario) });
          expect(JSON.stringify(b), `seed det, run ${run}`).toBe(JSON.stringify(a));
        }
      });
    }

    it(`gives different runs for different seeds (${file})`, () => {
      const traces = new Set<string>();
      for (let seed = 0; seed < 20; seed++) traces.add(JSON.stringify(runOnce(scenario, { seed: String(seed), run: 0, trace: true }).trace));
      expect(traces.size).toBeGreaterThan(15);
    });
  }

  it('does not depend on which runs were played before (run i from (seed, i) alone)', () => {
    const scenario = loadFixture('test/fixtures/nested-machine.json');
    const memos = createMemos(scenario);
    const inOrder = [0, 1, 2, 3, 4, 5].map((run) => runOnce(scenario, { seed: 's', run, memos, trace: true }));
    const reversed = [5, 4, 3, 2, 1, 0].map((run) => runOnce(scenario, { seed: 's', run, memos: createMemos(scenario), trace: true })).reverse();
    expect(JSON.stringify(reversed)).toBe(JSON.stringify(inOrder));
  });
});

describe('snapshots', () => {
  it('restores a position into a simulation whose memos have never seen it, and plays on identically', async () => {
    const { Simulation } = await import('../../src/engine/simulation.js');
    const { strategyChooser } = await import('../../src/engine/strategy-rules.js');
    for (const file of ['test/fixtures/nested-machine.json', 'scenarios/supplier-duel.json']) {
      const scenario = loadFixture(file);
      const choose = strategyChooser(scenario.strategies.get(scenario.defaultStrategy)!);
      for (let run = 0; run < 40; run++) {
        const a = new Simulation(scenario, createMemos(scenario), 'snap', run);
        for (let r = 0; r < 3 && a.phase !== 'done'; r++) a.playRound(choose);
        const snap = JSON.parse(JSON.stringify(a.snapshot()));
        const b = new Simulation(scenario, createMemos(scenario), 'snap', run);
        b.restore(snap);
        expect(b.snapshot(), `${file} run ${run}`).toEqual(a.snapshot());
        expect(JSON.stringify(b.runToEnd(choose)), `${file} run ${run}`).toBe(JSON.stringify(a.runToEnd(choose)));
      }
    }
  });
});
