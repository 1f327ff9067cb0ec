import { describe, expect, it } from 'vitest';
import { loadFixture } from '../load-fixture.js';
import { runOnce } from '../../src/engine/run-once.js';
import { SimulationError } from '../../src/engine/simulation-error.js';

function failure(file: string): SimulationError {
  try {
    runOnce(loadFixture(file), { seed: '1', run: 0 });
  } catch (error) {
    return error as SimulationError;
  }
  throw new Error(`${file}: the run did not fail`);
}

describe('metric values', () => {
  it('an infinity stops the run at the metric with E_NOT_FINITE (it was silently missing)', () => {
    const e = failure('test/fixtures/bad/run-metric-infinite.json');
    expect(e.code).toBe('E_NOT_FINITE');
    expect(e.where.path).toEqual(['metrics', 'ratio', 'expr']);
    expect(e.where.location).toMatchObject({ line: 61, column: 42 });
  });

  it('a string through dyn() stops the run with E_EXPR_RESULT_TYPE (it was silently missing)', () => {
    const e = failure('test/fixtures/bad/run-metric-dyn-string.json');
    expect(e.code).toBe('E_EXPR_RESULT_TYPE');
    expect(e.where.path).toEqual(['metrics', 'phase', 'expr']);
  });

  it('NaN still marks a run without a value (deal.price with no deal), and conditions count 1 or 0', () => {
    const scenario = loadFixture('scenarios/supplier-duel.json');
    const price = scenario.metrics.findIndex((m) => m.id === 'price');
    const results = Array.from({ length: 200 }, (_v, run) => runOnce(scenario, { seed: 'm', run }));
    const noDeal = results.filter((r) => r.dealTrack === undefined || r.dealTrack === '');
    expect(noDeal.length).toBeGreaterThan(0);
    for (const r of noDeal) expect(r.metrics[price]).toBeNaN();
    for (const r of results.filter((x) => !noDeal.includes(x))) expect(Number.isFinite(r.metrics[price])).toBe(true);
  });
});
