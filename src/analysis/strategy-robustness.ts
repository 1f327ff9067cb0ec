import { quantileSorted } from 'simple-statistics';
import type { DesignEvaluator } from './design-evaluator.js';
import type { DesignPoint } from './sensitivity-inputs.js';
import { wilsonInterval, Z95 } from '../montecarlo/wilson-interval.js';

/** How strategy A fares against strategy B across the points of an assumption space. */
export interface PairComparison {
  readonly a: string;
  readonly b: string;
  /** Share of points where A's mean metric is above B's (ties count half), with a 95% Wilson interval over the points. */
  readonly pBeats: number;
  readonly pBeatsLo: number;
  readonly pBeatsHi: number;
  /** Shares of points where the paired 95% interval of (A - B) is above 0, below 0, or contains 0. */
  readonly clearlyBetter: number;
  readonly clearlyWorse: number;
  readonly withinNoise: number;
  /** The paired difference of means (A - B) across points: mean, and quantiles. */
  readonly diff: { readonly mean: number | null; readonly min: number | null; readonly p5: number | null; readonly p25: number | null; readonly median: number | null; readonly p75: number | null; readonly p95: number | null; readonly max: number | null };
  /** Median over points of the difference's Monte Carlo standard error (the noise at one point). */
  readonly noise: number | null;
}

export interface StrategyRobustness {
  readonly strategies: readonly string[];
  readonly points: number;
  readonly runsPerPoint: number;
  /** Per strategy: its mean metric averaged over points, and the share of points where it ranks first (ties split). */
  readonly ranking: readonly { readonly strategy: string; readonly mean: number | null; readonly first: number }[];
  readonly pairs: readonly PairComparison[];
}

/**
 * Plays every strategy at every point on the same runs (common random numbers) and compares their
 * mean metric point by point: how often each ranks first, and for each pair the share of points
 * where A beats B, how many of those differences are clear of Monte Carlo noise, and how the
 * paired difference is distributed over the space.
 */
export function compareStrategies(evaluator: DesignEvaluator, points: readonly DesignPoint[], strategies: readonly string[]): StrategyRobustness {
  const s = strategies.length;
  // means[p][j], and per pair (j < l) the paired difference's mean and SE at each point.
  const means: number[][] = [];
  const diffs = new Map<string, [number, number][]>();
  for (const point of points) {
    const runs = strategies.map((st) => evaluator.evaluate(point, st).metric);
    means.push(runs.map(finiteMean));
    for (let j = 0; j < s; j++) for (let l = j + 1; l < s; l++) {
      const key = `${j},${l}`;
      if (!diffs.has(key)) diffs.set(key, []);
      diffs.get(key)!.push(pairedMeanSe(runs[j]!, runs[l]!));
    }
  }
  const first = new Array<number>(s).fill(0);
  for (const m of means) {
    const best = Math.max(...m.filter(Number.isFinite));
    const winners = m.map((x, j) => (x === best ? j : -1)).filter((j) => j >= 0);
    for (const j of winners) first[j]! += 1 / winners.length;
  }
  const pairs: PairComparison[] = [];
  for (let j = 0; j < s; j++) for (let l = 0; l < s; l++) {
    if (j === l) continue;
    const raw = diffs.get(`${Math.min(j, l)},${Math.max(j, l)}`)!;
    const list = raw.map(([d, se]): [number, number] => [j < l ? d : -d, se]).filter(([d]) => Number.isFinite(d));
    const k = list.length;
    const wins = list.reduce((acc, [d]) => acc + (d > 0 ? 1 : d === 0 ? 0.5 : 0), 0);
    const ci = k > 0 ? wilsonInterval(wins, k) : { p: NaN, lo: NaN, hi: NaN };
    const better = list.filter(([d, se]) => d - Z95 * se > 0).length;
    const worse = list.filter(([d, se]) => d + Z95 * se < 0).length;
    const sorted = list.map(([d]) => d).sort((x, y) => x - y);
    const q = (p: number) => (k > 0 ? quantileSorted(sorted, p) : null);
    const ses = list.map(([, se]) => se).filter(Number.isFinite).sort((x, y) => x - y);
    pairs.push({
      a: strategies[j]!,
      b: strategies[l]!,
      pBeats: ci.p,
      pBeatsLo: ci.lo,
      pBeatsHi: ci.hi,
      clearlyBetter: k > 0 ? better / k : NaN,
      clearlyWorse: k > 0 ? worse / k : NaN,
      withinNoise: k > 0 ? (k - better - worse) / k : NaN,
      diff: { mean: k > 0 ? sorted.reduce((a, b) => a + b, 0) / k : null, min: k > 0 ? sorted[0]! : null, p5: q(0.05), p25: q(0.25), median: q(0.5), p75: q(0.75), p95: q(0.95), max: k > 0 ? sorted[k - 1]! : null },
      noise: ses.length > 0 ? quantileSorted(ses, 0.5) : null,
    });
  }
  return {
    strategies,
    points: points.length,
    runsPerPoint: evaluator.runs,
    ranking: strategies.map((strategy, j) => {
      const m = means.map((row) => row[j]!).filter(Number.isFinite);
      return { strategy, mean: m.length > 0 ? m.reduce((a, b) => a + b, 0) / m.length : null, first: points.length > 0 ? first[j]! / points.length : 0 };
    }),
    pairs,
  };
}

function finiteMean(xs: Float64Array): number {
  let n = 0;
  let s = 0;
  for (const x of xs) if (Number.isFinite(x)) {
    n++;
    s += x;
  }
  return n > 0 ? s / n : NaN;
}

/** Mean and standard error of a - b over the runs where both are defined. */
function pairedMeanSe(a: Float64Array, b: Float64Array): [number, number] {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]!) || !Number.isFinite(b[i]!)) continue;
    const d = a[i]! - b[i]!;
    n++;
    sum += d;
    sumSq += d * d;
  }
  if (n === 0) return [NaN, NaN];
  const mean = sum / n;
  return [mean, n > 1 ? Math.sqrt(Math.max(0, (sumSq - n * mean * mean) / (n - 1)) / n) : NaN];
}
