import { describe, expect, it } from 'vitest';
import { RunPlayer } from '../../src/engine/run-player.js';
import { runOnce } from '../../src/engine/run-once.js';
import { createMemos } from '../../src/engine/simulation.js';
import { loadFixture } from '../load-fixture.js';

describe('RunPlayer (one reused Simulation for many runs)', () => {
  for (const file of ['scenarios/turkey-rare-earths.json', 'scenarios/us-ukraine-minerals.json', 'scenarios/supplier-duel.json', 'test/fixtures/nested-machine.json']) {
    it(`plays exactly what runOnce plays, run after run, across strategies and held parameters: ${file}`, () => {
      const scenario = loadFixture(file);
      const memos = createMemos(scenario);
      const player = new RunPlayer(scenario, memos);
      const strategies = [...scenario.strategies.keys()];
      const first = scenario.parameters[0];
      const held = first ? new Map([[first.name, first.low]]) : undefined;
      const kept = [];
      for (let run = 0; run < 150; run++) {
        // Alternate strategies, held parameters and traces, so every reset starts from a different run's leftovers.
        const options = { seed: 'player', run, strategy: strategies[run % strategies.length], parameters: run % 3 === 0 ? held : undefined, trace: run % 5 === 0 };
        const reused = player.play(options);
        const fresh = runOnce(scenario, { ...options, memos });
        expect(reused).toEqual(fresh);
        kept.push([reused, structuredClone(fresh)] as const);
      }
      // Results handed out earlier are not changed by later runs.
      for (const [reused, copy] of kept) expect(reused).toEqual(copy);
    });
  }

  it('names an unknown strategy', () => {
    const player = new RunPlayer(loadFixture('scenarios/supplier-duel.json'));
    expect(() => player.play({ seed: 's', run: 0, strategy: 'nope' })).toThrow(/no strategy 'nope'/);
  });
});
