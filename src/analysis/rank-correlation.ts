import { sampleRankCorrelation } from 'simple-statistics';
import { Z95 } from '../montecarlo/wilson-interval.js';

/** Spearman's rank correlation with an approximate 95% interval. */
export interface RankCorrelation {
  /** null when either side does not vary (the correlation is undefined). */
  readonly rho: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
}

/**
 * Spearman's rho (ties share their mean rank) and a 95% interval from Fisher's z with the
 * Fieller-Hartley-Pearson standard error sqrt(1.06 / (n - 3)), the usual one for rank correlations.
 * Pairs where either value is not finite are left out.
 *
 * @example spearman([1, 2, 3, 4, 5], [0, 0, 1, 1, 1]) // { rho: 0.866..., lo: ..., hi: ... }
 */
export function spearman(x: readonly number[], y: readonly number[]): RankCorrelation {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      xs.push(x[i]!);
      ys.push(y[i]!);
    }
  }
  if (xs.length < 4) return { rho: null, lo: null, hi: null };
  const rho = sampleRankCorrelation(xs, ys);
  if (!Number.isFinite(rho)) return { rho: null, lo: null, hi: null };
  const clipped = Math.max(-1 + 1e-12, Math.min(1 - 1e-12, rho));
  const z = Math.atanh(clipped);
  const se = Math.sqrt(1.06 / (xs.length - 3));
  return { rho, lo: Math.tanh(z - Z95 * se), hi: Math.tanh(z + Z95 * se) };
}
