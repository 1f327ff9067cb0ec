import type { Distribution } from '../scenario/scenario-schema.js';

/** Draws one value of a distribution from a uniform stream. Truncated normals resample (bounded). */
export function sampleDistribution(dist: Distribution, u: () => number): number {
  switch (dist.type) {
    case 'fixed':
      return dist.value;
    case 'uniform':
      return dist.min + (dist.max - dist.min) * u();
    case 'triangular': {
      const { min: a, mode: c, max: b } = dist;
      if (b === a) return a;
      const x = u();
      const f = (c - a) / (b - a);
      return x < f ? a + Math.sqrt(x * (b - a) * (c - a)) : b - Math.sqrt((1 - x) * (b - a) * (b - c));
    }
    case 'normal': {
      const lo = dist.min ?? -Infinity;
      const hi = dist.max ?? Infinity;
      for (let i = 0; i < 1000; i++) {
        const v = dist.mean + dist.sd * standardNormal(u);
        if (v >= lo && v <= hi) return v;
      }
      return Math.min(hi, Math.max(lo, dist.mean));
    }
    case 'beta': {
      const x = gamma(dist.alpha, u);
      const y = gamma(dist.beta, u);
      return dist.min + (dist.max - dist.min) * (x / (x + y));
    }
    case 'discrete': {
      const w = dist.weights ?? dist.values.map(() => 1);
      const total = w.reduce((a, b) => a + b, 0);
      let r = u() * total;
      for (let i = 0; i < dist.values.length; i++) {
        r -= w[i]!;
        if (r < 0) return dist.values[i]!;
      }
      return dist.values[dist.values.length - 1]!;
    }
  }
}

function standardNormal(u: () => number): number {
  // Box-Muller; 1 - u() keeps the logarithm finite.
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/**
 * Gamma(shape, 1) by Marsaglia and Tsang (2000), "A simple method for generating gamma variables";
 * shape < 1 by their boost Gamma(shape + 1) * U^(1/shape). Normals by Box-Muller.
 */
export function gamma(shape: number, u: () => number): number {
  if (shape < 1) return gamma(shape + 1, u) * Math.pow(1 - u(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(u);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = 1 - u();
    if (w < 1 - 0.0331 * x ** 4 || Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}
