/**
 * Continuous ranked probability score of a forecast of the time to deal, in rounds:
 * CRPS(F, y) = integral over x in [0, H] of (F(x) - 1{x >= y})^2, where F is the forecast's CDF.
 *
 * Time to deal T is the round in which the first deal was signed, 0 <= T < H. A run, or the real
 * negotiation, with no deal by the horizon H counts as T = H: no deal is a point mass at the horizon
 * (the forecast says nothing beyond it, so neither does the score). The score is in rounds, 0 for a
 * certain right forecast; for a point mass at a and an observation y it is |a - y|.
 *
 * @param masses probability of a first deal in round r (index r, 0 <= r < H); the rest, 1 - sum, is
 *   the mass at H (no deal by the horizon)
 * @param horizon H, in rounds
 * @param observed the real round of the deal, or H (or more: clipped to H) for no deal by the horizon
 */
export function timeToDealCrps(masses: readonly number[], horizon: number, observed: number): number {
  const y = Math.min(Math.max(observed, 0), horizon);
  let cdf = 0;
  let score = 0;
  // F is a step function, constant on [r, r+1) for whole r; so is the indicator if y is whole.
  // For a fractional y, split the unit interval that contains it.
  for (let r = 0; r < horizon; r++) {
    cdf += masses[r] ?? 0;
    const lo = r;
    const hi = r + 1;
    const below = Math.min(Math.max(y - lo, 0), hi - lo); // length of [lo, hi) left of y: indicator 0
    score += below * cdf * cdf + (hi - lo - below) * (1 - cdf) * (1 - cdf);
  }
  return score;
}

/** Months in one round of each clock unit (a week is 7 / 30.4375 months, a day 1 / 30.4375). */
export const MONTHS_PER_ROUND = { day: 1 / 30.4375, week: 7 / 30.4375, month: 1, quarter: 3, year: 12 } as const;
