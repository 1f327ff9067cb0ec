import { shuffled } from './latin-hypercube.js';
import type { DesignEvaluator, PointRuns } from './design-evaluator.js';
import { designPoint, inputValue, type SensitivityInput } from './sensitivity-inputs.js';
import { Z95 } from '../montecarlo/wilson-interval.js';

/** Grid levels of the Morris design: {0, 1/3, 2/3, 1} along each input's range. */
export const MORRIS_LEVELS = 4;
/** The step, p / (2 (p - 1)) = 2/3 of the range: each elementary effect moves an input two levels. */
export const MORRIS_DELTA = MORRIS_LEVELS / (2 * (MORRIS_LEVELS - 1));

/** One trajectory: k + 1 points in [0, 1]^k; point j+1 differs from point j in input `order[j]` alone, by +-delta. */
export interface MorrisTrajectory {
  readonly points: readonly (readonly number[])[];
  readonly order: readonly number[];
}

/**
 * Morris's (1991) one-at-a-time trajectories on a p-level grid: a random start on the grid, then each
 * input in a random order moves by delta, up when that stays within [0, 1], else down.
 */
export function morrisTrajectories(k: number, r: number, u: () => number): MorrisTrajectory[] {
  const out: MorrisTrajectory[] = [];
  for (let t = 0; t < r; t++) {
    const x = Array.from({ length: k }, () => Math.floor(u() * MORRIS_LEVELS) / (MORRIS_LEVELS - 1));
    const order = shuffled(k, u);
    const points = [x.slice()];
    for (const i of order) {
      x[i] = x[i]! + MORRIS_DELTA <= 1 + 1e-12 ? x[i]! + MORRIS_DELTA : x[i]! - MORRIS_DELTA;
      points.push(x.slice());
    }
    out.push({ points, order });
  }
  return out;
}

/** Screening statistics of one elementary-effect series (effects per full range of the input). */
export interface EffectStats {
  /** Mean of |EE|: the input's overall importance. */
  readonly muStar: number | null;
  /** Mean of EE: its signed direction (cancels when the effect changes sign). */
  readonly mu: number | null;
  /** Standard deviation of EE: nonlinearity or interaction with other inputs. */
  readonly sigma: number | null;
  /** Root mean square of the Monte Carlo standard errors of the EEs (the noise one EE carries). */
  readonly noise: number | null;
  /** Elementary effects whose paired 95% interval excludes 0. */
  readonly clear: number;
}

/** One input's Morris screening: on the ranked metric, and on each outcome's probability. */
export interface MorrisInput {
  readonly id: string;
  readonly metric: EffectStats;
  readonly outcomes: readonly EffectStats[];
  /** No elementary effect, on the metric or any outcome, is clear of Monte Carlo noise. */
  readonly withinNoise: boolean;
  /** Every elementary effect is exactly 0 (the runs did not change at all). */
  readonly none: boolean;
}

export interface MorrisReport {
  readonly trajectories: number;
  readonly levels: number;
  readonly delta: number;
  readonly runsPerPoint: number;
  readonly points: number;
  readonly strategy: string;
  readonly inputs: readonly MorrisInput[];
}

/**
 * Elementary-effects screening over all swung inputs (Morris 1991, with mu* of Campolongo et al.
 * 2007). Each point of each trajectory plays the same runs (common random numbers), so an elementary
 * effect is the mean of run-by-run differences between two neighbouring points, divided by delta: the
 * change the input would make across its whole range, with a paired standard error.
 */
export function runMorris(evaluator: DesignEvaluator, inputs: readonly SensitivityInput[], strategy: string, r: number, u: () => number): MorrisReport {
  const k = inputs.length;
  const slots = evaluator.slots;
  const effects = inputs.map(() => ({ metric: [] as [number, number][], outcomes: Array.from({ length: slots }, () => [] as [number, number][]) }));
  for (const trajectory of morrisTrajectories(k, r, u)) {
    let previous: PointRuns | undefined;
    trajectory.points.forEach((unit, j) => {
      const runs = evaluator.evaluate(designPoint(inputs, unit.map((x, i) => inputValue(inputs[i]!, x))), strategy);
      if (previous) {
        const i = trajectory.order[j - 1]!;
        const sign = unit[i]! > trajectory.points[j - 1]![i]! ? 1 : -1;
        const e = effects[i]!;
        e.metric.push(pairedEffect(previous.metric, runs.metric, sign));
        for (let o = 0; o < slots; o++) e.outcomes[o]!.push(pairedEffect(indicator(previous.slot, o), indicator(runs.slot, o), sign));
      }
      previous = runs;
    });
  }
  return {
    trajectories: r,
    levels: MORRIS_LEVELS,
    delta: MORRIS_DELTA,
    runsPerPoint: evaluator.runs,
    points: r * (k + 1),
    strategy,
    inputs: inputs.map((input, i) => {
      const e = effects[i]!;
      const metric = effectStats(e.metric);
      const outcomes = e.outcomes.map(effectStats);
      const all = [metric, ...outcomes];
      const series = [e.metric, ...e.outcomes];
      return {
        id: input.id,
        metric,
        outcomes,
        withinNoise: all.every((s) => s.clear === 0),
        none: series.every((s) => s.every(([ee, se]) => ee === 0 && (se === 0 || Number.isNaN(se)))),
      };
    }),
  };
}

function indicator(slots: Int32Array, o: number): Float64Array {
  return Float64Array.from(slots, (s) => (s === o ? 1 : 0));
}

/** (EE, its standard error): the mean paired difference b - a per unit of the range, signed by the step's direction. */
function pairedEffect(a: Float64Array, b: Float64Array, sign: number): [number, number] {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]!) || !Number.isFinite(b[i]!)) continue;
    const d = b[i]! - a[i]!;
    n++;
    sum += d;
    sumSq += d * d;
  }
  if (n === 0) return [NaN, NaN];
  const mean = sum / n;
  const se = n > 1 ? Math.sqrt(Math.max(0, (sumSq - n * mean * mean) / (n - 1)) / n) : NaN;
  return [(sign * mean) / MORRIS_DELTA, se / MORRIS_DELTA];
}

function effectStats(list: readonly [number, number][]): EffectStats {
  const ok = list.filter(([ee]) => Number.isFinite(ee));
  if (ok.length === 0) return { muStar: null, mu: null, sigma: null, noise: null, clear: 0 };
  const n = ok.length;
  const mu = ok.reduce((s, [ee]) => s + ee, 0) / n;
  const muStar = ok.reduce((s, [ee]) => s + Math.abs(ee), 0) / n;
  const sigma = n > 1 ? Math.sqrt(ok.reduce((s, [ee]) => s + (ee - mu) ** 2, 0) / (n - 1)) : null;
  const ses = ok.map(([, se]) => se).filter(Number.isFinite);
  const noise = ses.length > 0 ? Math.sqrt(ses.reduce((s, x) => s + x * x, 0) / ses.length) : null;
  const clear = ok.filter(([ee, se]) => Number.isFinite(se) && Math.abs(ee) > Z95 * se).length;
  return { muStar, mu, sigma, noise, clear };
}
