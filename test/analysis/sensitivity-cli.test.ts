import { describe, expect, it } from 'vitest';
import type { SensitivityReport } from '../../src/analysis/sensitivity-analysis.js';
import { parley } from '../cli/run-cli.js';

const fixture = 'test/fixtures/analysis/assumptions-and-weights.json';

describe('parley sensitivity (CLI)', () => {
  it('prints the plan, the screening, the comparison and the weight robustness, and the same JSON with --workers 2', () => {
    const args = ['sensitivity', fixture, '--runs', '200', '--seed', 'c', '--morris', '4', '--point-runs', '100', '--compare', 'cheap,supported', '--points', '8', '--weights', 'dirichlet:30'];
    const text = parley(args);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toMatch(/6 inputs; 8,600 runs \(base 200, swings 2,400, Morris 2,800, comparison 1,600, weight draws 1,600\)/);
    expect(text.stdout).toMatch(/Morris screening of Surplus/);
    expect(text.stdout).toMatch(/P\(A beats B\)/);
    expect(text.stdout).toMatch(/Change nothing at all .*param\.inert/);
    const one = parley([...args, '--json', '--quiet']);
    const two = parley([...args, '--json', '--quiet', '--workers', '2']);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    const strip = (s: string) => {
      const r = JSON.parse(s) as SensitivityReport;
      return JSON.stringify({ ...r, method: { ...r.method, execution: '' } }, (_k, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(10)) : v));
    };
    expect(strip(two.stdout)).toBe(strip(one.stdout));
  });

  it('rejects an unknown metric with a suggestion', () => {
    const r = parley(['sensitivity', fixture, '--runs', '10', '--metric', 'surplsu']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no metric 'surplsu'/);
    expect(r.stderr).toMatch(/surplus/);
  });
});
