import type { Distribution } from './scenario-schema.js';

/**
 * The low and high values a parameter swings between in sensitivity analysis (5th and 95th
 * percentiles, or the bounds of a bounded distribution), and whether its numbers make sense.
 */
export function distributionRange(dist: Distribution): { low: number; high: number; error?: { message: string; hint?: string } } {
  const overflow = tooWide(dist);
  if (overflow) return { low: 0, high: 0, error: overflow };
  switch (dist.type) {
    case 'fixed':
      return { low: dist.value, high: dist.value };
    case 'uniform':
      if (dist.min > dist.max) return { low: dist.min, high: dist.max, error: { message: `min ${dist.min} is above max ${dist.max}` } };
      return { low: dist.min + 0.05 * (dist.max - dist.min), high: dist.max - 0.05 * (dist.max - dist.min) };
    case 'triangular': {
      if (!(dist.min <= dist.mode && dist.mode <= dist.max)) {
        return { low: dist.min, high: dist.max, error: { message: `need min <= mode <= max; got ${dist.min}, ${dist.mode}, ${dist.max}`, hint: 'reorder the three numbers' } };
      }
      return { low: triangularQuantile(dist.min, dist.mode, dist.max, 0.05), high: triangularQuantile(dist.min, dist.mode, dist.max, 0.95) };
    }
    case 'normal': {
      if (dist.min !== undefined && dist.max !== undefined && dist.min >= dist.max) return { low: 0, high: 0, error: { message: `min ${dist.min} must be below max ${dist.max}` } };
      const lo = dist.mean - 1.6449 * dist.sd;
      const hi = dist.mean + 1.6449 * dist.sd;
      return { low: Math.max(lo, dist.min ?? -Infinity), high: Math.min(hi, dist.max ?? Infinity) };
    }
    case 'beta': {
      if (dist.min >= dist.max) return { low: 0, high: 0, error: { message: `min ${dist.min} must be below max ${dist.max}` } };
      // Normal approximation of the beta's 5th/95th percentiles, clipped to its support.
      const m = dist.alpha / (dist.alpha + dist.beta);
      const sd = Math.sqrt((dist.alpha * dist.beta) / ((dist.alpha + dist.beta) ** 2 * (dist.alpha + dist.beta + 1)));
      const w = dist.max - dist.min;
      return { low: dist.min + w * Math.max(0, m - 1.6449 * sd), high: dist.min + w * Math.min(1, m + 1.6449 * sd) };
    }
    case 'discrete': {
      if (dist.weights && dist.weights.length !== dist.values.length) {
        return { low: 0, high: 0, error: { message: `${dist.values.length} values but ${dist.weights.length} weights`, hint: 'give one weight per value' } };
      }
      if (dist.weights && dist.weights.reduce((a, b) => a + b, 0) <= 0) return { low: 0, high: 0, error: { message: 'the weights add up to 0' } };
      return { low: Math.min(...dist.values), high: Math.max(...dist.values) };
    }
  }
}

/**
 * Numbers that are each finite but overflow once combined: a range wider than the largest double
 * (uniform(-1.7e308, 1.7e308) drew Infinity), a normal whose draws can overflow, or discrete
 * weights whose sum is Infinity (every draw gave the last value).
 */
function tooWide(dist: Distribution): { message: string; hint?: string } | undefined {
  const hint = 'use numbers of a smaller magnitude (change the unit: thousands, millions)';
  switch (dist.type) {
    case 'uniform':
    case 'triangular':
    case 'beta':
      return Number.isFinite(dist.max - dist.min) ? undefined : { message: `the range from ${dist.min} to ${dist.max} is wider than a number can hold`, hint };
    case 'normal':
      // Box-Muller draws lie within 8.6 standard deviations; 10 leaves room for the sum.
      return Number.isFinite(Math.abs(dist.mean) + 10 * dist.sd) ? undefined : { message: `mean ${dist.mean} and sd ${dist.sd} give draws beyond the largest number`, hint };
    case 'discrete': {
      const total = (dist.weights ?? []).reduce((a, b) => a + b, 0);
      return Number.isFinite(total) ? undefined : { message: 'the weights add up to more than the largest number', hint: 'scale the weights down (only their ratios matter)' };
    }
    default:
      return undefined;
  }
}

export function triangularQuantile(a: number, c: number, b: number, q: number): number {
  if (b === a) return a;
  const f = (c - a) / (b - a);
  return q < f ? a + Math.sqrt(q * (b - a) * (c - a)) : b - Math.sqrt((1 - q) * (b - a) * (b - c));
}
