import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { QuantileSketch } from '../../src/montecarlo/quantile-sketch.js';

/** R's type 7 (numpy and pandas default): the reference. */
function type7(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = s[Math.floor(h)]!;
  return lo + (h - Math.floor(h)) * (s[Math.ceil(h)]! - lo);
}

const sketchOf = (xs: readonly number[]) => {
  const s = new QuantileSketch();
  for (const x of xs) s.add(x);
  return s;
};

describe('QuantileSketch', () => {
  it('answers exactly like pandas while there are few distinct values', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }).map((i) => i * 10), { minLength: 1, maxLength: 300 }), (xs) => {
        const s = sketchOf(xs);
        expect(s.exact).toBe(true);
        for (const q of [0, 0.05, 0.5, 0.95, 1]) expect(s.quantile(q)).toBeCloseTo(type7(xs, q), 9);
      }),
      { seed: 11, numRuns: 200 },
    );
  });

  it('stays within 0.1% of an order statistic once values are too many to keep', () => {
    const xs = Array.from({ length: 20_000 }, (_, i) => 1 + ((i * 7919) % 20_000) / 7);
    const s = sketchOf(xs);
    expect(s.exact).toBe(false);
    const sorted = [...xs].sort((a, b) => a - b);
    for (const q of [0.05, 0.5, 0.95]) {
      const truth = sorted[Math.round((sorted.length - 1) * q)]!;
      expect(Math.abs(s.quantile(q) - truth) / truth).toBeLessThan(0.0011);
    }
  });

  it('merges to the same state whatever the split and the order, across the switch to buckets', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 3000 }), fc.nat(), fc.nat(), (xs, c1, c2) => {
        const [i, j] = [c1 % (xs.length + 1), c2 % (xs.length + 1)].sort((a, b) => a - b) as [number, number];
        const parts = [xs.slice(0, i), xs.slice(i, j), xs.slice(j)].map(sketchOf);
        const left = sketchOf([]);
        left.merge(parts[2]!);
        left.merge(parts[0]!);
        left.merge(parts[1]!);
        expect(JSON.stringify(left.toJSON())).toBe(JSON.stringify(sketchOf(xs).toJSON()));
        // The form workers send (cloned as postMessage clones it) merges to the same state.
        const wired = sketchOf([]);
        for (const p of [parts[1]!, parts[2]!, parts[0]!]) wired.mergeWire(structuredClone(p.toWire()));
        expect(JSON.stringify(wired.toJSON())).toBe(JSON.stringify(sketchOf(xs).toJSON()));
      }),
      { seed: 5, numRuns: 60 },
    );
  });
});
