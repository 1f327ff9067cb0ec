import { gamma } from '../engine/sample-distribution.js';

/**
 * One draw of a Dirichlet(alpha) vector: independent Gamma(alpha_i, 1) draws, normalised to sum 1.
 * Components with alpha 0 stay 0 (an issue the author gave no weight keeps none). The mean of
 * component i is alpha_i / sum(alpha), its variance m_i (1 - m_i) / (sum(alpha) + 1).
 *
 * @example dirichlet([0.5 * 20, 0.3 * 20, 0.2 * 20], u) // centred on [0.5, 0.3, 0.2], concentration 20
 */
export function dirichlet(alpha: readonly number[], u: () => number): number[] {
  const g = alpha.map((a) => (a > 0 ? gamma(a, u) : 0));
  const total = g.reduce((s, x) => s + x, 0);
  return total > 0 ? g.map((x) => x / total) : g;
}
