import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NumberCounts } from '../../src/montecarlo/number-counts.js';

describe('NumberCounts (typed-array counts by number)', () => {
  it('counts like a Map<number, number> for any sequence of additions (growing through many doublings)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -50, max: 50 }), fc.constantFrom(0, -0, 0.1, 1e-300)), fc.integer({ min: 1, max: 9 })), { maxLength: 3000 }),
        (adds) => {
          const counts = new NumberCounts(8);
          const map = new Map<number, number>();
          for (const [k, c] of adds) {
            counts.add(k, c);
            map.set(k, (map.get(k) ?? 0) + c);
          }
          expect(counts.size).toBe(map.size);
          const sorted = (e: [number, number][]) => e.sort((a, b) => a[0] - b[0]);
          expect(sorted(counts.entries())).toEqual(sorted([...map.entries()]));
          for (const [k, c] of map) expect(counts.get(k)).toBe(c);
          expect(counts.get(123456.789)).toBe(map.get(123456.789));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('treats -0 as 0', () => {
    const c = new NumberCounts();
    c.add(-0, 2);
    c.add(0, 1);
    expect(c.entries()).toEqual([[0, 3]]);
    expect(Object.is(c.keys()[0], 0)).toBe(true);
    expect(c.get(-0)).toBe(3);
    expect([...c]).toEqual([[0, 3]]);
  });
});
