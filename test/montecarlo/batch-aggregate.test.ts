import { describe, expect, it } from 'vitest';
import { loadFixture } from '../load-fixture.js';
import { createMemos } from '../../src/engine/simulation.js';
import { BlockRunner } from '../../src/montecarlo/run-block.js';
import type { BatchPlan } from '../../src/montecarlo/batch-plan.js';
import { BatchAggregate } from '../../src/montecarlo/batch-aggregate.js';

const scenario = loadFixture('scenarios/supplier-duel.json');
const plan = {
  seed: 'merge-test',
  arms: [
    { label: 'playBoth', strategy: 'playBoth', sets: [], variant: 'base' },
    { label: 'random', strategy: 'random', sets: [['newcomerRisk', 0.08]], variant: 'newcomerRisk=0.08' },
  ],
  variants: true,
} as unknown as BatchPlan;
const runner = new BlockRunner(scenario, plan, createMemos(scenario));
const block = (a: number, b: number) => runner.run(a, b, false).aggregate;
const json = (a: BatchAggregate) => JSON.stringify(a.toJSON());

describe('BatchAggregate', () => {
  it('merges associatively and commutatively, byte for byte, over real runs', () => {
    const whole = block(0, 400);
    const [a, b, c] = [block(0, 137), block(137, 301), block(301, 400)];
    const left = block(0, 0);
    left.merge(a);
    left.merge(b);
    left.merge(c);
    const bc = block(0, 0);
    bc.merge(c);
    bc.merge(b);
    const right = block(0, 0);
    right.merge(bc);
    right.merge(a);
    expect(json(left)).toBe(json(whole));
    expect(json(right)).toBe(json(whole));
    // As batches merge: each block in the form a worker posts (cloned as postMessage clones it).
    const wired = block(0, 0);
    for (const part of [c, a, b]) wired.mergeWire(structuredClone(part.toWire()));
    expect(json(wired)).toBe(json(whole));
  });

  it('survives the trip through its stored form', () => {
    const whole = block(0, 250);
    const back = BatchAggregate.fromJSON({ outcomes: scenario.outcomes.length, metrics: scenario.metrics.length, tracks: scenario.tracks.length }, whole.toJSON());
    expect(json(back)).toBe(json(whole));
  });

  it('counts paired outcome differences that match the per-run indicators', () => {
    const agg = block(0, 300);
    const [first, second] = agg.arms;
    // Sum of indicator differences per outcome is the difference of the counts.
    first!.outcomes.forEach((k, i) => expect(second!.outcomeDiff[i]).toBe(second!.outcomes[i]! - k));
    expect(second!.outcomeDiscordant.reduce((s, x) => s + x, 0) % 2).toBe(0);
  });
});
