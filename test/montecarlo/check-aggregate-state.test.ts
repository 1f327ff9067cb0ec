import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadFixture } from '../load-fixture.js';
import { createMemos } from '../../src/engine/simulation.js';
import { BlockRunner } from '../../src/montecarlo/run-block.js';
import { aggregateShape } from '../../src/montecarlo/run-block.js';
import type { BatchPlan } from '../../src/montecarlo/batch-plan.js';
import { checkAggregateState } from '../../src/montecarlo/check-aggregate-state.js';

const scenario = loadFixture('scenarios/supplier-duel.json');
const shape = aggregateShape(scenario);
const plan = {
  seed: 'check-aggregate',
  arms: [
    { label: 'playBoth', strategy: 'playBoth', sets: [], variant: 'base' },
    { label: 'random', strategy: 'random', sets: [], variant: 'base' },
  ],
  variants: false,
} as unknown as BatchPlan;
const runner = new BlockRunner(scenario, plan, createMemos(scenario));
const stored = (runs: number) => JSON.parse(JSON.stringify(runner.run(0, runs, false).aggregate.toJSON()));

/** Counts whose change by any amount breaks a sum the check verifies, as [path, read, write]. */
function summedCounts(state: any[]): { name: string; get: () => number; set: (x: number) => void }[] {
  const out: { name: string; get: () => number; set: (x: number) => void }[] = [];
  const at = (name: string, o: any, k: string | number) => out.push({ name, get: () => o[k], set: (x) => (o[k] = x) });
  state.forEach((arm, a) => {
    at(`[${a}].runs`, arm, 'runs');
    arm.outcomes.forEach((_: number, i: number) => at(`[${a}].outcomes[${i}]`, arm.outcomes, i));
    arm.rounds.forEach((_: number, i: number) => at(`[${a}].rounds[${i}]`, arm.rounds, i));
    arm.metrics.forEach((m: any, i: number) => {
      at(`[${a}].metrics[${i}].n`, m, 'n');
      at(`[${a}].metrics[${i}].missing`, m, 'missing');
      m.sketch.counts.forEach((e: number[], j: number) => at(`[${a}].metrics[${i}].sketch.counts[${j}]`, e, 1));
    });
    arm.finalStates.forEach((t: any, i: number) => t.counts.forEach((e: [string, number], j: number) => at(`[${a}].finalStates[${i}][${j}]`, e, 1)));
    arm.dealSets.counts.forEach((e: [string, number], j: number) => at(`[${a}].dealSets[${j}]`, e, 1));
  });
  return out;
}

describe('checkAggregateState', () => {
  it('accepts the stored aggregates of real runs, of any size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120 }), (runs) => {
        expect(checkAggregateState(stored(runs), shape, 2, runs)).toBeUndefined();
      }),
      { numRuns: 25 },
    );
  });

  it('refuses any count that breaks a sum: changed by a whole amount, made negative, or fractional', () => {
    const base = stored(80);
    const n = summedCounts(base).length;
    fc.assert(
      fc.property(fc.nat(n - 1), fc.oneof(fc.integer({ min: -5, max: 5 }).filter((d) => d !== 0), fc.constant(0.5)), (index, delta) => {
        const state = structuredClone(base);
        const count = summedCounts(state)[index]!;
        count.set(count.get() + delta);
        expect(checkAggregateState(state, shape, 2, 80), `${count.name} + ${delta}`).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a wrong number of arms, a missing metric, and values that are not aggregates', () => {
    const base = stored(10);
    expect(checkAggregateState(base.slice(0, 1), shape, 2, 10)).toMatch(/has 1 arms, the batch has 2/);
    const noMetric = structuredClone(base);
    noMetric[0].metrics.pop();
    expect(checkAggregateState(noMetric, shape, 2, 10)).toMatch(/metrics must list/);
    for (const bad of [null, {}, 'x', [null, null], [[], []]]) expect(checkAggregateState(bad, shape, 2, 10)).toBeDefined();
    const noDealSets = structuredClone(base);
    delete noDealSets[1].dealSets;
    expect(checkAggregateState(noDealSets, shape, 2, 10)).toMatch(/aggregate\[1\]\.dealSets is not a tally/);
    // A deal round dropped: the deal sets now claim more runs with a deal than signed one.
    const fewerSigned = structuredClone(base);
    const rounds: number[] = fewerSigned[0].dealRounds;
    const withDeals = fewerSigned[0].dealSets.counts.reduce((x: number, [k, c]: [string, number]) => x + (k === '' ? 0 : c), 0);
    expect(withDeals).toBe(rounds.reduce((x, y) => x + y, 0));
    rounds[rounds.findIndex((c) => c > 0)]! -= 1;
    expect(checkAggregateState(fewerSigned, shape, 2, 10)).toMatch(/dealSets count \d+ runs with deals, but only \d+ runs signed one/);
  });
});
