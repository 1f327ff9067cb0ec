/** How well a forecast over mutually exclusive outcomes did, once the real outcome is known. */
export interface OutcomeScores {
  /**
   * Half the multi-category Brier score, (1/2) * sum over outcomes of (p - observed)^2: 0 for a
   * certain right forecast, 1 for a certain wrong one. With two outcomes it is the usual binary Brier
   * score, (1 - p)^2 for the probability p given to what happened (a 50/50 forecast scores 0.25).
   */
  readonly brier: number;
  /** Logarithmic score (ignorance), -ln p of what happened, in nats: 0 when certain and right. */
  readonly log: number;
}

/**
 * Scores probabilities (one per outcome, summing to 1) against the index of the real outcome. `log`
 * uses `logProbabilities` when given (a smoothed estimate, so that an outcome a batch never met does
 * not score infinity); the Brier score always uses `probabilities`.
 */
export function outcomeScores(probabilities: readonly number[], observed: number, logProbabilities: readonly number[] = probabilities): OutcomeScores {
  if (observed < 0 || observed >= probabilities.length) throw new RangeError(`observed outcome ${observed} is not among ${probabilities.length} outcomes`);
  let sum = 0;
  probabilities.forEach((p, i) => (sum += (p - (i === observed ? 1 : 0)) ** 2));
  return { brier: sum / 2, log: -Math.log(logProbabilities[observed]!) };
}

/**
 * Outcome probabilities estimated from counts with half a run added to each outcome (the Jeffreys
 * prior): what the log score uses for a Monte Carlo batch, where "never in N runs" means "rarer than
 * about 1/N", not "impossible".
 */
export function smoothedProbabilities(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((k) => (k + 0.5) / (total + 0.5 * counts.length));
}
