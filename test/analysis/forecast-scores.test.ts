import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { outcomeScores, smoothedProbabilities } from '../../src/analysis/outcome-scores.js';
import { timeToDealCrps } from '../../src/analysis/time-to-deal-crps.js';
import { reliabilityTable } from '../../src/analysis/reliability-table.js';

/** CRPS by brute-force numerical integration of (F(x) - 1{x >= y})^2 over [0, H]: the reference. */
function crpsReference(masses: readonly number[], horizon: number, y: number): number {
  const steps = horizon * 1000;
  let sum = 0;
  for (let i = 0; i < steps; i++) {
    const x = ((i + 0.5) * horizon) / steps;
    let cdf = 0;
    for (let r = 0; r < horizon; r++) if (r <= x) cdf += masses[r] ?? 0;
    sum += (cdf - (x >= y ? 1 : 0)) ** 2;
  }
  return (sum * horizon) / steps;
}

describe('outcome scores', () => {
  it('give a certain, right forecast a Brier score of 0 and a log score of 0', () => {
    expect(outcomeScores([1, 0, 0], 0)).toEqual({ brier: 0, log: -0 });
  });

  it('give a 50/50 forecast a Brier score of 0.25 and a log score of ln 2', () => {
    const s = outcomeScores([0.5, 0.5], 1);
    expect(s.brier).toBeCloseTo(0.25, 12);
    expect(s.log).toBeCloseTo(Math.LN2, 12);
  });

  it('give a certain, wrong forecast a Brier score of 1', () => {
    expect(outcomeScores([0, 1, 0], 0).brier).toBe(1);
  });

  it('score the log of a smoothed estimate, so an outcome never seen in N runs is not infinitely bad', () => {
    const counts = [100, 0];
    const s = outcomeScores(counts.map((k) => k / 100), 1, smoothedProbabilities(counts));
    expect(s.brier).toBe(1);
    expect(s.log).toBeCloseTo(-Math.log(0.5 / 101), 12);
  });

  it('refuse an observed outcome that is not among the forecast ones', () => {
    expect(() => outcomeScores([0.5, 0.5], 2)).toThrow(RangeError);
  });
});

describe('CRPS of the time to deal', () => {
  it('is 0 for a certain deal in the round it really came', () => {
    expect(timeToDealCrps([0, 0, 1, 0], 4, 2)).toBe(0);
  });

  it('equals the distance d between a point mass and the observation (no deal: the point at the horizon)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.nat(), fc.nat(), (horizon, a0, y0) => {
        const a = a0 % (horizon + 1);
        const y = y0 % (horizon + 1);
        const masses = Array.from({ length: horizon }, (_, r) => (r === a ? 1 : 0));
        expect(timeToDealCrps(masses, horizon, y)).toBeCloseTo(Math.abs(a - y), 9);
      }),
      { seed: 17 },
    );
  });

  it('scores an even chance of a deal now or never against no deal as 0.25 per round of the horizon', () => {
    expect(timeToDealCrps([0.5, 0, 0, 0, 0, 0], 6, 6)).toBeCloseTo(1.5, 12);
  });

  it('agrees with numerical integration for any forecast and observation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 9, maxLength: 9 }),
        fc.double({ min: 0, max: 8, noNaN: true }),
        (horizon, weights, y) => {
          const total = weights.reduce((a, b) => a + b, 0) || 1;
          const masses = weights.slice(0, horizon).map((w) => w / total);
          expect(timeToDealCrps(masses, horizon, y)).toBeCloseTo(crpsReference(masses, horizon, Math.min(y, horizon)), 2);
        },
      ),
      { seed: 17, numRuns: 60 },
    );
  });
});

describe('reliability table', () => {
  it('bins forecasts by probability and reports how often each bin came true', () => {
    const table = reliabilityTable(
      [
        { p: 0.05, happened: false },
        { p: 0.15, happened: true },
        { p: 0.9, happened: true },
        { p: 1, happened: true },
      ],
      5,
    );
    expect(table.map((b) => [b.lo, b.forecasts, b.observed])).toEqual([
      [0, 2, 0.5],
      [0.2, 0, null],
      [0.4, 0, null],
      [0.6, 0, null],
      [0.8, 2, 1],
    ]);
    expect(table[0]!.meanForecast).toBeCloseTo(0.1, 12);
  });
});
