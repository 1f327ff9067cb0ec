import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../src/montecarlo/wilson-interval.js';

describe('wilsonInterval', () => {
  // One '%' in the title: vitest counts each '%' as a placeholder, so '95%%' printed a row value.
  // Reference values: statsmodels proportion_confint(k, n, alpha=0.05, method='wilson').
  it.each([
    [0, 10, 0, 0.2775327998628892],
    [5, 10, 0.236593090512564, 0.7634069094874361],
    [1, 20, 0.008881448800795402, 0.23613119344674205],
    [81, 263, 0.2552885198782742, 0.36620957698280004],
    [10, 10, 0.7224672001371107, 1],
  ])('gives the known 95% interval for %i of %i runs', (k, n, lo, hi) => {
    const ci = wilsonInterval(k, n);
    expect(ci.lo).toBeCloseTo(lo, 12);
    expect(ci.hi).toBeCloseTo(hi, 12);
    expect(ci.p).toBe(k / n);
  });

  it('stays inside [0, 1] and narrows as runs grow', () => {
    const a = wilsonInterval(30, 100);
    const b = wilsonInterval(3000, 10000);
    expect(b.hi - b.lo).toBeLessThan(a.hi - a.lo);
    expect(wilsonInterval(0, 1).lo).toBe(0);
    expect(wilsonInterval(1, 1).hi).toBe(1);
  });
});
