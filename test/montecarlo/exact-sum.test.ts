import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ExactSum, exactVarianceNumerator, productError } from '../../src/montecarlo/exact-sum.js';

const sumOf = (xs: readonly number[]) => {
  const s = new ExactSum();
  for (const x of xs) s.add(x);
  return s;
};

/** Values m * 2^-30 with integer m: their exact sum is a BigInt over 2^30, rounded once by Number(). */
const dyadic = fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }).map((m) => ({ m, x: Number(m) / 2 ** 30 }));

describe('ExactSum', () => {
  it('returns the exactly rounded sum where naive addition does not', () => {
    expect(sumOf([0.1, 0.2, -0.3]).value()).toBe(2.7755575615628914e-17);
    expect(sumOf([1e100, 1, -1e100]).value()).toBe(1);
    expect(sumOf([1, 1e-16, 1e-16]).value()).toBe(1.0000000000000002);
  });

  it('equals a BigInt reference rounded once, for any inputs', () => {
    fc.assert(
      fc.property(fc.array(dyadic.filter(({ m }) => Number(m) === Number(m) && BigInt(Number(m)) === m), { maxLength: 60 }), (items) => {
        const exact = items.reduce((s, { m }) => s + m, 0n);
        expect(sumOf(items.map((i) => i.x)).value()).toBe(Number(exact) / 2 ** 30);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('gives the same value and the same stored form whatever the order and the split', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e12, max: 1e12, noNaN: true }), { minLength: 1, maxLength: 80 }), fc.nat(), (xs, cut) => {
        const whole = sumOf(xs);
        const k = cut % (xs.length + 1);
        const merged = sumOf(xs.slice(k).reverse());
        merged.merge(sumOf(xs.slice(0, k)));
        expect(merged.value()).toBe(whole.value());
        expect(JSON.stringify(merged.toJSON())).toBe(JSON.stringify(whole.toJSON()));
        expect(ExactSum.fromJSON(whole.toJSON()).value()).toBe(whole.value());
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('computes the variance numerator without cancellation for values far from zero', () => {
    // Values 1e9 + {0, 1, 2}: the textbook sum-of-squares formula loses every digit here.
    const xs = [1e9, 1e9 + 1, 1e9 + 2];
    const sum = sumOf(xs);
    const sq = new ExactSum();
    for (const x of xs) {
      sq.add(x * x);
      sq.add(productError(x, x, x * x));
    }
    // n * sum(x^2) - (sum x)^2 = 3 * 5 - 3^2 = 6 (shifted by 1e9, the identity holds exactly).
    expect(exactVarianceNumerator(3, sum, sq)).toBe(6);
  });

  it('splits products exactly: hi + lo is x * y to the last bit', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 26), max: 2 ** 26 }), fc.integer({ min: -(2 ** 26), max: 2 ** 26 }), fc.integer({ min: 1, max: 2 ** 26 }), (a, b, c) => {
        const x = a * 2 ** 27 + c;
        const y = b * 2 ** 26 + 1;
        const hi = x * y;
        const lo = productError(x, y, hi);
        expect(BigInt(hi) + BigInt(lo)).toBe(BigInt(x) * BigInt(y));
      }),
      { seed: 3, numRuns: 300 },
    );
  });
});
