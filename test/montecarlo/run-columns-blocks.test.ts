import { describe, expect, it } from 'vitest';
import { loadFixture } from '../load-fixture.js';
import { createMemos } from '../../src/engine/simulation.js';
import { BlockRunner } from '../../src/montecarlo/run-block.js';
import type { BatchPlan } from '../../src/montecarlo/batch-plan.js';
import { columnBuffers, RunColumns, type ColumnBuffers } from '../../src/montecarlo/run-columns.js';
import type { CompiledScenario } from '../../src/scenario/compiled-scenario.js';

const shapeOf = (s: CompiledScenario, variants: boolean) => ({ metrics: s.metrics.map((m) => m.id), tracks: s.tracks.map((t) => t.id), parameters: s.parameters.map((p) => p.name), variants });

/** Every column of two stores, numbers compared with Object.is (NaN equals NaN, -0 differs from 0). */
function expectSameStore(a: RunColumns, b: RunColumns): void {
  expect(b.length).toBe(a.length);
  for (const [i, c] of a.columns.entries()) {
    if (c.kind === 'number') {
      const x = a.numbers(i).subarray(0, a.length);
      const y = b.numbers(i).subarray(0, b.length);
      for (let r = 0; r < a.length; r++) if (!Object.is(x[r], y[r])) expect(`${c.name}[${r}] = ${y[r]}`).toBe(`${c.name}[${r}] = ${x[r]}`);
    } else {
      expect(b.text(i).values, c.name).toEqual(a.text(i).values);
      expect(b.text(i).codes.subarray(0, b.length), c.name).toEqual(a.text(i).codes.subarray(0, a.length));
    }
  }
}

describe('rows as columns from the workers', () => {
  // The flagship (negotiated terms, ~100 parameters, empty cells for terms without a deal) with
  // every arm, and the supplier duel with --compare-set variants (the variant column).
  const cases: [string, CompiledScenario, BatchPlan][] = [];
  const flagship = loadFixture('scenarios/turkey-rare-earths.yaml');
  cases.push(['flagship, every strategy', flagship, { seed: 'cols', arms: [...flagship.strategies.keys()].map((s) => ({ label: s, strategy: s, sets: [], variant: 'base' })), variants: false } as unknown as BatchPlan]);
  const duel = loadFixture('scenarios/supplier-duel.json');
  cases.push([
    'supplier duel with variants',
    duel,
    {
      seed: 'cols',
      arms: [
        { label: 'playBoth', strategy: 'playBoth', sets: [], variant: 'base' },
        { label: 'playBoth', strategy: 'playBoth', sets: [['newcomerRisk', 0.3]], variant: 'newcomerRisk=0.3' },
      ],
      variants: true,
    } as unknown as BatchPlan,
  ]);

  it.each(cases)('%s: a store built from column blocks equals the store parsed from the same runs.csv lines', (_name, scenario, plan) => {
    const runner = new BlockRunner(scenario, plan, createMemos(scenario));
    const fromCsv = new RunColumns(shapeOf(scenario, plan.variants));
    const fromColumns = new RunColumns(shapeOf(scenario, plan.variants));
    // Room made beforehand for some of the rows and parameter sets (as a live batch does), then grown.
    const reserved = new RunColumns(shapeOf(scenario, plan.variants));
    reserved.reserve(200 * plan.arms.length, 150);
    // Rows without the aggregate (the live explorer's workers): the same rows.
    const rowsOnly = new RunColumns(shapeOf(scenario, plan.variants));
    // Uneven blocks, one empty: dictionaries must merge in order of first appearance across blocks.
    // Each block is written into the buffers of the one before (as a batch's workers reuse them),
    // which still hold that block's cells.
    let spare: ColumnBuffers | undefined;
    for (const [a, b] of [[0, 140], [140, 140], [140, 177], [177, 300]] as const) {
      fromCsv.append(runner.run(a, b, true).rows);
      const block = runner.run(a, b, 'columns', undefined, spare);
      expect(block.rows).toHaveLength(0);
      fromColumns.appendBlock(block.columns!);
      reserved.appendBlock(block.columns!);
      const bare = runner.rowsOnly(a, b, 'columns');
      expect((bare as { aggregate?: unknown }).aggregate).toBeUndefined();
      rowsOnly.appendBlock(bare.columns!);
      spare = columnBuffers(block.columns!);
      // A parameter column read between blocks is written out that far, and the rest when read again.
      if (a === 0) fromColumns.numbers(fromColumns.columns.length - 1);
    }
    // Parameters are sent once per draw: one set per run index when no arm holds any.
    if (!plan.variants) expect(runner.run(0, 10, 'columns').columns!.parameters.length).toBe(10 * scenario.parameters.length);
    fromCsv.end();
    expect(fromCsv.length).toBe(300 * plan.arms.length);
    expectSameStore(fromCsv, fromColumns);
    expectSameStore(fromCsv, reserved);
    expectSameStore(fromCsv, rowsOnly);
    // Empty cells are NaN both ways (no deal round, terms without a deal).
    expect(Number.isNaN(Math.min(...fromColumns.numbers('dealRound').subarray(0, fromColumns.length)))).toBe(true);
  });
});
