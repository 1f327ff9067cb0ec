import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import type { CompiledScenario } from '../../src/scenario/compiled-scenario.js';
import { Simulation } from '../../src/engine/simulation.js';
import { strategyChooser } from '../../src/engine/strategy-rules.js';
import { advisorOptions } from '../../src/ui/advisor-options.js';
import { emptyTally, RolloutBoard, RolloutRunner } from '../../src/ui/advisor-rollouts.js';
import { hostUtility } from '../../src/ui/host-utility.js';
import { PlaySession } from '../../src/ui/play-session.js';

const file = new URL('./fixtures/duel.json', import.meta.url).pathname;
function duel(): CompiledScenario {
  const { scenario, problems } = loadScenario(readFileSync(file, 'utf8'), file);
  if (!scenario) throw new Error(problems.map((p) => p.message).join('\n'));
  return scenario;
}
const scenario = duel();
const trackLabels = scenario.tracks.map((t) => t.label);
const offerMove = scenario.moves.get('incumbent.offer')!;
const shortlist = scenario.moves.get('newcomer.shortlist')!;
const moves = [offerMove, shortlist];
const inHouse = { price: 560, maintenance: 'inHouse' };

describe('advisorOptions', () => {
  it('offers each move with its default offer, then waiting, when no offer was edited', () => {
    const options = advisorOptions({ moves, plan: [], trackLabels, offers: new Map() });
    expect(options).toEqual([
      { label: 'Incumbent: Make an offer', move: 'incumbent.offer', choices: [{ move: 'incumbent.offer' }] },
      { label: 'Newcomer: Shortlist the newcomer', move: 'newcomer.shortlist', choices: [{ move: 'newcomer.shortlist' }] },
      { label: 'wait (no move this round)', choices: [] },
    ]);
  });

  it('evaluates a move whose offer the player edited with the player’s offer as well as the default', () => {
    const options = advisorOptions({ moves, plan: [], trackLabels, offers: new Map([['incumbent.offer', inHouse]]) });
    expect(options.slice(0, 2)).toEqual([
      { label: 'Incumbent: Make an offer', move: 'incumbent.offer', variant: 'default offer', choices: [{ move: 'incumbent.offer' }] },
      { label: 'Incumbent: Make an offer', move: 'incumbent.offer', variant: 'your offer', offer: inHouse, choices: [{ move: 'incumbent.offer', offer: inHouse }] },
    ]);
    expect(options).toHaveLength(4);
  });

  it('does not repeat a move whose edited offer is back at the default', () => {
    const options = advisorOptions({ moves, plan: [], trackLabels, offers: new Map([['incumbent.offer', { price: 560, maintenance: 'fiveYear' }]]) });
    expect(options.map((o) => o.variant)).toEqual([undefined, undefined, undefined]);
  });

  it('plays the planned moves (with their offers) first and leaves out their tracks', () => {
    const plan = [{ move: offerMove, offer: inHouse }];
    const options = advisorOptions({ moves, plan, trackLabels, offers: new Map([['incumbent.offer', inHouse]]) });
    expect(options).toEqual([
      { label: 'Newcomer: Shortlist the newcomer', move: 'newcomer.shortlist', choices: [{ move: 'incumbent.offer', offer: inHouse }, { move: 'newcomer.shortlist' }] },
      { label: 'end the round with the planned moves', choices: [{ move: 'incumbent.offer', offer: inHouse }] },
    ]);
  });
});

describe('advisor rollouts of the player’s offer', () => {
  it('play the move with the player’s offer: rollout i is run i of the rollout seed with that offer', () => {
    const session = new PlaySession(scenario, { seed: '3', run: 0, strategy: 'playBoth' });
    const [, mine] = advisorOptions({ moves, plan: [], trackLabels, offers: new Map([['incumbent.offer', inHouse]]) });
    const request = { snapshot: session.history[0]!, rolloutSeed: '3:advisor:0', strategy: 'playBoth' };
    const board = new RolloutBoard(scenario, 1, 200);
    board.add(new RolloutRunner(scenario, session.memos).play(request, mine!, 0, 0, 200));
    const tallies = board.tallies();
    expect(tallies).toHaveLength(1); // one option on the board
    const tally = tallies[0]!;

    // The same rollouts by hand, with the offer made explicitly.
    const choose = strategyChooser(scenario.strategies.get('playBoth')!);
    const expected = emptyTally(scenario);
    const byDefault = emptyTally(scenario);
    for (const [offer, into] of [[inHouse, expected], [undefined, byDefault]] as const) {
      for (let i = 0; i < 200; i++) {
        const sim = new Simulation(scenario, session.memos, request.rolloutSeed, i);
        sim.restore(request.snapshot);
        sim.makeMoves([{ move: offerMove, offer }]);
        const result = sim.runToEnd(choose);
        into.n++;
        into.outcomes[result.outcomeIndex]!++;
        into.sumUtility += hostUtility(sim, result);
      }
    }
    expect(tally.outcomes).toEqual(expected.outcomes);
    expect(tally.sumUtility).toBeCloseTo(expected.sumUtility, 9);
    // In-house maintenance is worth nothing to the incumbent: it accepts far less often than the default.
    const incumbentDeal = scenario.outcomes.findIndex((o) => o.id === 'incumbentDeal');
    expect(tally.outcomes[incumbentDeal]!).toBeLessThan(byDefault.outcomes[incumbentDeal]! / 2);
  });
});
