import { describe, expect, it } from 'vitest';
import { loadFixture } from '../load-fixture.js';
import { createMemos } from '../../src/engine/simulation.js';
import { aggregateShape, BlockRunner } from '../../src/montecarlo/run-block.js';
import type { BatchPlan } from '../../src/montecarlo/batch-plan.js';
import { BatchAggregate } from '../../src/montecarlo/batch-aggregate.js';
import { parse } from 'csv-parse/sync';
import { runsCsvHeader } from '../../src/montecarlo/runs-csv.js';

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
    const back = BatchAggregate.fromJSON(aggregateShape(scenario), whole.toJSON());
    expect(json(back)).toBe(json(whole));
  });

  it('counts paired outcome differences that match the per-run indicators', () => {
    const agg = block(0, 300);
    const [first, second] = agg.arms;
    // Sum of indicator differences per outcome is the difference of the counts.
    first!.outcomes.forEach((k, i) => expect(second!.outcomeDiff[i]).toBe(second!.outcomes[i]! - k));
    expect(second!.outcomeDiscordant.reduce((s, x) => s + x, 0) % 2).toBe(0);
  });

  it('tallies the set of deals standing at the end of each run, as runs.csv names them', () => {
    const flagship = loadFixture('scenarios/turkey-rare-earths.yaml');
    const portfolio = { seed: 'deal-sets', arms: [{ label: 'westTogether', strategy: 'westTogether', sets: [], variant: 'base' }], variants: false } as unknown as BatchPlan;
    const blocks = new BlockRunner(flagship, portfolio, createMemos(flagship));
    const { aggregate, rows } = blocks.run(0, 600, true);
    const csv = parse(runsCsvHeader({ metrics: flagship.metrics.map((m) => m.id), tracks: flagship.tracks.map((t) => t.id), parameters: flagship.parameters.map((p) => p.name), variants: false }) + new TextDecoder().decode(rows), { columns: true }) as Record<string, string>[];
    const expected = new Map<string, number>();
    for (const r of csv) expected.set(r.deals!, (expected.get(r.deals!) ?? 0) + 1);
    const tally = new Map(aggregate.arms[0]!.dealSets.top().map(({ key, count }) => [key, count]));
    expect(tally).toEqual(expected);
    // The strategy lets two deals stand: some runs end with a set of more than one.
    expect([...tally.keys()].some((k) => k.includes('+'))).toBe(true);
    // Split-invariant like every other count.
    const merged = blocks.run(0, 0, false).aggregate;
    for (const [a, b] of [[0, 217], [217, 600]] as const) merged.merge(blocks.run(a, b, false).aggregate);
    expect(json(merged)).toBe(json(aggregate));
  });

  it('pairs the main metric between every two arms, so any arm compares with the best on the same runs', () => {
    const three = {
      seed: 'pairs',
      arms: ['playBoth', 'random', 'incumbentOnly'].filter((a) => scenario.strategies.has(a)).map((a) => ({ label: a, strategy: a, sets: [], variant: 'base' })),
      variants: false,
    } as unknown as BatchPlan;
    expect(three.arms.length).toBe(3);
    const blocks = new BlockRunner(scenario, three, createMemos(scenario));
    const agg = blocks.run(0, 500, false).aggregate;
    const k = agg.shape.mainMetric;
    expect(k).toBeGreaterThanOrEqual(0);
    expect(agg.arms.map((a) => a.mainDiff.length)).toEqual([0, 1, 2]);
    // Arm 2 against arm 1: the mean of the paired differences is the difference of the means
    // (the metric is defined in every run), and against arm 0 it agrees with the first-arm comparison.
    const [a0, a1, a2] = agg.arms;
    expect(a2!.metrics[k]!.n).toBe(500);
    expect(a2!.mainDiff[1]!.mean()).toBeCloseTo(a2!.metrics[k]!.mean() - a1!.metrics[k]!.mean(), 12);
    expect(a2!.mainDiff[0]!.mean()).toBeCloseTo(a2!.metrics[k]!.mean() - a0!.metrics[k]!.mean(), 12);
    expect(a2!.mainDiff[0]!.se()).toBe(a2!.metricDiff[k]!.se());
    // Split-invariant, through the stored form too.
    const merged = blocks.run(0, 0, false).aggregate;
    for (const [a, b] of [[0, 123], [123, 500]] as const) merged.merge(BatchAggregate.fromJSON(agg.shape, JSON.parse(JSON.stringify(blocks.run(a, b, false).aggregate.toJSON()))));
    expect(json(merged)).toBe(json(agg));
  });
});
