import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadFixture } from '../load-fixture.js';
import { createMemos, Simulation, type RunResult } from '../../src/engine/simulation.js';
import { knobAssignment, strategyChooser, type Chooser } from '../../src/engine/strategy-rules.js';
import { handOvers } from '../../src/engine/hand-overs.js';
import type { CompiledScenario, KnobAssignment } from '../../src/scenario/compiled-scenario.js';

const duel = loadFixture('scenarios/supplier-duel.json');
const posted = loadFixture('test/fixtures/optimize/posted-price.json');
const flagship = loadFixture('scenarios/turkey-rare-earths.yaml');

function play(scenario: CompiledScenario, choose: Chooser, runs: number, seed = 'knobs'): RunResult[] {
  const memos = createMemos(scenario);
  const out: RunResult[] = [];
  for (let run = 0; run < runs; run++) out.push(new Simulation(scenario, memos, seed, run, { trace: true }).runToEnd(choose));
  return out;
}

describe('strategy knobs in the engine', () => {
  it('plays the knobs\' defaults when no assignment is given, and shares that chooser', () => {
    const strategy = duel.strategies.get('tunedDuel')!;
    expect(strategyChooser(strategy)).toBe(strategyChooser(strategy, { knobs: { lead: 'newcomer' } }));
    expect(JSON.stringify(play(duel, strategyChooser(strategy), 30))).toBe(JSON.stringify(play(duel, strategyChooser(strategy, { knobs: { opening: 520, switchAt: 6 } }), 30)));
  });

  it('offers what the knobs say: a posted price of 65 sells exactly when the valuation is at least 65', () => {
    const choose = strategyChooser(posted.strategies.get('posted')!, { knobs: { price: 65 } });
    for (const r of play(posted, choose, 50)) {
      const valuation = r.parameters[0]!;
      expect(r.outcome).toBe(valuation >= 65 ? 'sold' : 'unsold');
      if (r.outcome === 'sold') expect(r.metrics[0]).toBe(65);
    }
  });

  it('plays any knob assignment alike with generated rule tests and with the reference chooser, with no hand-over (property)', () => {
    const strategy = duel.strategies.get('tunedDuel')!;
    const arbitrary = fc.record(Object.fromEntries(strategy.knobs.map((k) => [k.name, fc.constantFrom(...k.levels)])) as Record<string, fc.Arbitrary<number | string>>);
    fc.assert(
      fc.property(arbitrary, fc.integer({ min: 0, max: 1000 }), (knobs: KnobAssignment, seed) => {
        const before = handOvers.strategyRules;
        const generated = play(duel, strategyChooser(strategy, { knobs }), 6, `p${seed}`);
        const reference = play(duel, strategyChooser(strategy, { knobs, generated: false }), 6, `p${seed}`);
        expect(JSON.stringify(generated)).toBe(JSON.stringify(reference));
        expect(handOvers.strategyRules).toBe(before);
      }),
      { numRuns: 25, seed: 15 },
    );
  });

  it('different knob settings play differently on the same runs', () => {
    const strategy = duel.strategies.get('tunedDuel')!;
    const a = play(duel, strategyChooser(strategy, { knobs: { opening: 460, concession: 0 } }), 40);
    const b = play(duel, strategyChooser(strategy, { knobs: { opening: 620, concession: 20 } }), 40);
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
  });

  it("the flagship's tunedPolicy does what its knobs say: the walk-away floor and the refinery, the partner it leads with", () => {
    const strategy = flagship.strategies.get('tunedPolicy')!;
    const metric = (r: RunResult, id: string) => r.metrics[flagship.metrics.findIndex((m) => m.id === id)]!;
    const strict = play(flagship, strategyChooser(strategy, { knobs: { techFloor: 0.6, refinery: 'insist', techAsk: 0.7, concession: 0 } }), 150);
    const deals = strict.filter((r) => r.dealTrack !== '');
    expect(deals.length).toBeGreaterThan(10);
    for (const r of deals) {
      expect(metric(r, 'dealTech')).toBeGreaterThanOrEqual(0.6 - 1e-9);
      expect(metric(r, 'refiningAtHome')).toBe(1);
    }
    const usOnly = play(flagship, strategyChooser(strategy, { knobs: { lead: 'us' } }), 150);
    expect(usOnly.filter((r) => r.dealTrack !== '').map((r) => r.dealTrack)).toEqual(expect.arrayContaining(['us']));
    expect(usOnly.every((r) => r.dealTrack === '' || r.dealTrack === 'us')).toBe(true);
    const china = play(flagship, strategyChooser(strategy, { knobs: { lead: 'china' } }), 150);
    expect(china.every((r) => r.dealTrack === '' || r.dealTrack === 'china')).toBe(true);
    // The defaults ask Washington to accept a parallel Canadian-Swiss deal: some runs end with both.
    const defaults = play(flagship, strategyChooser(strategy), 150);
    expect(defaults.some((r) => metric(r, 'westPair') === 1)).toBe(true);
    expect(usOnly.some((r) => metric(r, 'westPair') === 1)).toBe(false);
  });

  it('checks an assignment: unknown knobs, numbers outside the range and values outside the enum are E_KNOB_VALUE', () => {
    const strategy = duel.strategies.get('tunedDuel')!;
    expect(knobAssignment(strategy, { opening: 500 })).toEqual({ assignment: { lead: 'newcomer', switchAt: 6, opening: 500, concession: 5, walkAway: 600, maintenance: 'fiveYear' } });
    const bads: KnobAssignment[] = [{ openning: 500 }, { opening: 700 }, { lead: 'china' }, { opening: 'low' }];
    for (const bad of bads) {
      const r = knobAssignment(strategy, bad);
      expect('error' in r && r.error.code).toBe('E_KNOB_VALUE');
    }
  });
});
