import { describe, expect, it } from 'vitest';
import { loadFixture } from '../load-fixture.js';
import { runSensitivity, type SensitivityReport } from '../../src/analysis/sensitivity-analysis.js';
import { parley } from '../cli/run-cli.js';
import { runOnce } from '../../src/engine/run-once.js';
import { playAnalysisRun } from '../../src/analysis/analysis-run.js';
import { createMemos } from '../../src/engine/simulation.js';
import { spearman } from '../../src/analysis/rank-correlation.js';

const scenario = loadFixture('test/fixtures/analysis/driver-and-inert.json');
const report = await runSensitivity(scenario, { seed: 'sens', runs: 400, strategy: 'offer' });
const swing = (name: string) => report.swings.find((s) => s.name === name)!;
const deal = report.outcomes.findIndex((o) => o.id === 'deal');
const contains0 = (e: { lo: number | null; hi: number | null }) => e.lo! <= 0 && e.hi! >= 0;

describe('sensitivity analysis', () => {
  it('finds that the driver raises the chance of a deal and the host utility, with intervals that exclude 0', () => {
    const d = swing('driver');
    expect(d.varies).toBe(true);
    expect(d.outcomes[deal]!.diff!).toBeGreaterThan(0.3);
    expect(d.outcomes[deal]!.lo!).toBeGreaterThan(0);
    expect(d.utility.lo!).toBeGreaterThan(0);
    expect(d.outcomes[deal]!.atHigh!).toBeGreaterThan(d.outcomes[deal]!.atLow!);
  });

  it('gives the inert parameter a swing whose interval contains 0 (common random numbers make it exactly 0)', () => {
    const i = swing('inert');
    for (const e of [...i.outcomes, i.utility]) {
      expect(contains0(e)).toBe(true);
      expect(e.diff).toBe(0);
    }
  });

  it('does not swing a fixed parameter', () => {
    expect(swing('fixed').varies).toBe(false);
  });

  it('ranks the driver positively with the deal and negatively with no deal, and the inert one near 0', () => {
    const c = report.correlations.find((x) => x.name === 'driver')!;
    expect(c.outcomes[deal]!.rho!).toBeGreaterThan(0.2);
    expect(c.outcomes[deal]!.lo!).toBeGreaterThan(0);
    expect(c.outcomes.find((o) => o.id === 'noDeal')!.hi!).toBeLessThan(0);
    expect(c.utility.rho!).toBeGreaterThan(0);
    const inert = report.correlations.find((x) => x.name === 'inert')!;
    expect(contains0(inert.outcomes[deal]!)).toBe(true);
    expect(contains0(inert.utility)).toBe(true);
  });

  it('reads the host utility from the metric whose expression is utility.host', () => {
    expect(report.hostUtility).toEqual({ source: 'metric', metric: 'buyerUtility', label: "Buyer's utility" });
  });

  it('plays exactly the runs the batch plays, with a held parameter as --set holds it', () => {
    const memos = createMemos(scenario);
    for (let run = 0; run < 50; run++) {
      const held = new Map([['driver', 0.5]]);
      const a = playAnalysisRun(scenario, memos, { seed: 's', run, strategy: 'offer', parameters: held });
      const b = runOnce(scenario, { seed: 's', run, strategy: 'offer', parameters: held, memos });
      expect({ ...a.result, trace: undefined }).toEqual({ ...b, trace: undefined });
      expect(a.hostUtility).toBe(b.metrics[0]);
    }
  });
});

describe('spearman', () => {
  it('is 1 for a monotone relation and handles ties with mid-ranks', () => {
    expect(spearman([1, 2, 3, 4, 5], [1, 4, 9, 16, 25]).rho).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4, 5], [5, 4, 3, 2, 1]).rho).toBeCloseTo(-1, 12);
    // Pearson on mid-ranks [1,2,3,4,5] vs [1.5,1.5,4,4,4].
    expect(spearman([1, 2, 3, 4, 5], [0, 0, 1, 1, 1]).rho).toBeCloseTo(0.8660254, 6);
  });

  it('is undefined (null) when one side does not vary', () => {
    expect(spearman([1, 2, 3, 4, 5], [1, 1, 1, 1, 1]).rho).toBeNull();
  });
});

describe('parley sensitivity on worker threads', () => {
  it('gives the same swings as the in-process loop (the batch runner, two arms per parameter)', () => {
    const args = ['sensitivity', 'test/fixtures/analysis/driver-and-inert.json', '--runs', '300', '--seed', 'w', '--json', '--quiet'];
    const here = parley([...args, '--workers', '1']);
    const workers = parley([...args, '--workers', '2']);
    expect(here.code, here.stderr).toBe(0);
    expect(workers.code, workers.stderr).toBe(0);
    const a = JSON.parse(here.stdout) as SensitivityReport;
    const b = JSON.parse(workers.stdout) as SensitivityReport;
    expect(b.method.execution).toMatch(/2 worker threads/);
    expect(a.method.execution).toMatch(/in-process/);
    const numbers = (r: SensitivityReport) => JSON.stringify(r.swings, (_k, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v));
    expect(numbers(b)).toBe(numbers(a));
  });
});
