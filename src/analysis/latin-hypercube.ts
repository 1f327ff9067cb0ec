/**
 * A Latin hypercube of `n` points in [0, 1)^k: along every dimension each of the n strata
 * [j/n, (j+1)/n) holds exactly one point, placed uniformly at random inside it, and the strata are
 * paired across dimensions by independent random permutations (McKay, Beckman and Conover 1979).
 * Deterministic for a given uniform stream.
 *
 * @example latinHypercube(2, 4, seedrandom.alea('s')) // 4 points; each quarter of each axis holds one
 */
export function latinHypercube(k: number, n: number, u: () => number): number[][] {
  const points = Array.from({ length: n }, () => new Array<number>(k).fill(0));
  for (let d = 0; d < k; d++) {
    const order = shuffled(n, u);
    for (let i = 0; i < n; i++) points[i]![d] = (order[i]! + u()) / n;
  }
  return points;
}

/** 0..n-1 in a uniformly random order (Fisher-Yates). */
export function shuffled(n: number, u: () => number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
