/** The two-sided 95% normal quantile. */
export const Z95 = 1.959963984540054;

/**
 * The Wilson score interval for a proportion: k successes in n trials. Unlike the textbook
 * p ± z·sqrt(p(1-p)/n) it stays inside [0, 1] and is not degenerate at k = 0 or k = n, which matters
 * for rare outcomes in a batch.
 *
 * @example wilsonInterval(0, 10) // { p: 0, lo: 0, hi: 0.2775... }
 */
export function wilsonInterval(k: number, n: number, z = Z95): { readonly p: number; readonly lo: number; readonly hi: number } {
  if (n <= 0) return { p: NaN, lo: 0, hi: 1 };
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { p, lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}
