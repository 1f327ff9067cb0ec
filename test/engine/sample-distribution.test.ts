import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { sampleDistribution } from '../../src/engine/sample-distribution.js';
import type { Distribution } from '../../src/scenario/scenario-schema.js';
import { RunRandom } from '../../src/engine/run-random.js';

function moments(dist: Distribution, n = 40_000) {
  const u = seedrandom.alea('moments');
  let s = 0;
  let s2 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = sampleDistribution(dist, u);
    s += x;
    s2 += x * x;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  const mean = s / n;
  return { mean, sd: Math.sqrt(s2 / n - mean * mean), min, max };
}

describe('sampleDistribution', () => {
  it('samples a uniform with the right mean and bounds', () => {
    const m = moments({ type: 'uniform', min: 2, max: 6 });
    expect(m.mean).toBeCloseTo(4, 1);
    expect(m.sd).toBeCloseTo(4 / Math.sqrt(12), 1);
    expect(m.min).toBeGreaterThanOrEqual(2);
    expect(m.max).toBeLessThan(6);
  });

  it('samples a triangular with mean (a+b+c)/3', () => {
    expect(moments({ type: 'triangular', min: 0.3, mode: 4, max: 12.5 }).mean).toBeCloseTo((0.3 + 4 + 12.5) / 3, 1);
  });

  it('samples a normal and respects truncation', () => {
    const m = moments({ type: 'normal', mean: 10, sd: 2 });
    expect(m.mean).toBeCloseTo(10, 1);
    expect(m.sd).toBeCloseTo(2, 1);
    const t = moments({ type: 'normal', mean: 0, sd: 1, min: 0 });
    expect(t.min).toBeGreaterThanOrEqual(0);
    expect(t.mean).toBeCloseTo(Math.sqrt(2 / Math.PI), 1);
  });

  it('samples a scaled beta with mean min + (max-min)·α/(α+β)', () => {
    const m = moments({ type: 'beta', alpha: 2, beta: 5, min: 10, max: 20 });
    expect(m.mean).toBeCloseTo(10 + (10 * 2) / 7, 1);
    const small = moments({ type: 'beta', alpha: 0.5, beta: 0.5, min: 0, max: 1 });
    expect(small.mean).toBeCloseTo(0.5, 1);
  });

  it('samples a discrete distribution by weight', () => {
    expect(moments({ type: 'discrete', values: [1, 2, 3], weights: [1, 2, 1] }).mean).toBeCloseTo(2, 1);
  });
});

describe('RunRandom', () => {
  it('gives the same draw for the same position and different draws elsewhere', () => {
    const a = new RunRandom('s', 3);
    const b = new RunRandom('s', 3);
    expect(a.at(5, 2)).toBe(b.at(5, 2));
    expect(a.at(5, 2)).not.toBe(a.at(5, 3));
    expect(a.at(5, 2)).not.toBe(new RunRandom('s', 4).at(5, 2));
  });

  it('gives positional draws that look uniform (mean, variance, and no slot correlation)', () => {
    const r = new RunRandom('uniformity', 0);
    const n = 50_000;
    let s = 0;
    let s2 = 0;
    let cross = 0;
    for (let i = 0; i < n; i++) {
      const x = r.at(i, 0);
      const y = r.at(i, 1);
      s += x;
      s2 += x * x;
      cross += (x - 0.5) * (y - 0.5);
    }
    expect(s / n).toBeCloseTo(0.5, 2);
    expect(s2 / n - (s / n) ** 2).toBeCloseTo(1 / 12, 2);
    expect(Math.abs(cross / n)).toBeLessThan(0.003);
  });
});
