/**
 * One draw of a Dirichlet(alpha) vector: independent Gamma(alpha_i, 1) draws, normalised to sum 1.
 * Components with alpha 0 stay 0 (an issue the author gave no weight keeps none). The mean of
 * component i is alpha_i / sum(alpha), its variance m_i (1 - m_i) / (sum(alpha) + 1).
 *
 * @example dirichlet([0.5 * 20, 0.3 * 20, 0.2 * 20], u) // centred on [0.5, 0.3, 0.2], concentration 20
 */
export function dirichlet(alpha: readonly number[], u: () => number): number[] {
  const g = alpha.map((a) => (a > 0 ? gammaDraw(a, u) : 0));
  const total = g.reduce((s, x) => s + x, 0);
  return total > 0 ? g.map((x) => x / total) : g;
}

/**
 * Gamma(shape, 1) by Marsaglia and Tsang (2000), "A simple method for generating gamma variables";
 * shape < 1 by their boost Gamma(shape + 1) * U^(1/shape). Normals by Box-Muller.
 */
export function gammaDraw(shape: number, u: () => number): number {
  if (shape < 1) return gammaDraw(shape + 1, u) * Math.pow(1 - u(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = 1 - u();
    if (w < 1 - 0.0331 * x ** 4 || Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}
