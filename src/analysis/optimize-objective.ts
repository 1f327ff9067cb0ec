import seedrandom from 'seedrandom';
import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import type { RunResult } from '../engine/simulation.js';
import { rankedMetric } from './design-evaluator.js';

/**
 * What `parley optimize` maximises (or, with `minimize`, minimises), as an analyst writes it:
 * - `mean:<metric>`: the metric's mean over runs where it is defined;
 * - `p:<outcome>`: the probability of an outcome;
 * - `cvar10:<metric>`: the mean of the worst 10% of runs (the lowest values when maximising, the
 *   highest when minimising): a policy judged by its bad cases.
 *
 * @example parseObjective(scenario, 'p:newcomerDeal') // { kind: 'p', target: 'newcomerDeal', ... }
 */
export interface Objective {
  readonly kind: 'mean' | 'p' | 'cvar10';
  /** The metric or outcome id. */
  readonly target: string;
  readonly label: string;
  /** Index of the metric (mean, cvar10) or outcome (p) in the scenario. */
  readonly index: number;
  /** +1 to maximise, -1 to minimise. */
  readonly direction: 1 | -1;
}

/** What a run contributes: the metric's value (NaN where undefined) or the outcome's indicator (0 or 1). */
export type RunValue = { readonly kind: 'metric' | 'outcome'; readonly index: number };

export function runValueOf(objective: Objective): RunValue {
  return { kind: objective.kind === 'p' ? 'outcome' : 'metric', index: objective.index };
}

/** A run's value for the objective. */
export function valueOfRun(value: RunValue, result: RunResult): number {
  if (value.kind === 'outcome') return result.outcomeIndex === value.index ? 1 : 0;
  const v = result.metrics[value.index];
  return v === undefined ? NaN : v;
}

/**
 * Parses `mean:<metric>`, `p:<outcome>` or `cvar10:<metric>`; undefined text: the mean of the metric
 * sensitivity analysis ranks by (a metric named surplus, else the metric utility.host).
 */
export function parseObjective(scenario: CompiledScenario, text: string | undefined, minimize = false): Objective | { error: string; hint?: string } {
  const direction = minimize ? -1 : 1;
  if (text === undefined) {
    const ranked = rankedMetric(scenario);
    if ('error' in ranked || ranked.index < 0) {
      const outcome = scenario.outcomes[0]?.id ?? 'deal';
      return { error: 'the scenario has no metric named surplus or computing utility.host to optimise by default', hint: `name one: --objective mean:<metric> or --objective p:${outcome}` };
    }
    return { kind: 'mean', target: ranked.id!, label: ranked.label, index: ranked.index, direction };
  }
  const m = /^(mean|p|cvar10):([A-Za-z]\w*)$/.exec(text.trim());
  if (!m) return { error: `--objective must be mean:<metric>, p:<outcome> or cvar10:<metric>, not '${text}'`, hint: `e.g. --objective mean:${scenario.metrics[0]?.id ?? 'utility'}` };
  const kind = m[1] as Objective['kind'];
  const target = m[2]!;
  if (kind === 'p') {
    const index = scenario.outcomes.findIndex((o) => o.id === target);
    if (index < 0) return { error: `no outcome '${target}'`, hint: `the scenario's outcomes: ${scenario.outcomes.map((o) => o.id).join(', ')}` };
    return { kind, target, label: `P(${scenario.outcomes[index]!.label})`, index, direction };
  }
  const index = scenario.metrics.findIndex((x) => x.id === target);
  if (index < 0) {
    const known = scenario.metrics.map((x) => x.id);
    return { error: `no metric '${target}'`, hint: known.length > 0 ? `the scenario's metrics: ${known.join(', ')}` : 'the scenario has no metrics: use --objective p:<outcome>' };
  }
  const label = scenario.metrics[index]!.label;
  return { kind, target, label: kind === 'cvar10' ? `CVaR10 of ${label}` : label, index, direction };
}

/** The objective's text form, e.g. "mean:surplus". */
export function objectiveText(o: Objective): string {
  return `${o.kind}:${o.target}`;
}

/** The worst 10% of runs' mean, of values oriented so that higher is better. */
function lowerTailMean(oriented: readonly number[]): number {
  if (oriented.length === 0) return NaN;
  const sorted = [...oriented].sort((a, b) => a - b);
  const k = Math.max(1, Math.ceil(sorted.length * 0.1));
  let sum = 0;
  for (let i = 0; i < k; i++) sum += sorted[i]!;
  return sum / k;
}

/** Values oriented so that higher is better, undefined runs dropped. */
function oriented(o: Objective, values: ArrayLike<number>, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) out.push(o.direction * v);
  }
  return out;
}

/** The objective over runs [0, n) of a policy's per-run values: higher is better after orienting; returned in the metric's own sign. */
export function objectiveValue(o: Objective, values: ArrayLike<number>, n: number): number {
  const xs = oriented(o, values, n);
  if (xs.length === 0) return NaN;
  const score = o.kind === 'cvar10' ? lowerTailMean(xs) : xs.reduce((a, b) => a + b, 0) / xs.length;
  return o.direction * score;
}

/** A paired comparison: A's objective minus B's on the same runs, with a 95% interval. */
export interface PairedDifference {
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
  /** Runs both policies define. */
  readonly runs: number;
}

/**
 * A minus B on runs [0, n), both evaluated on the same runs (common random numbers). Means and
 * probabilities: the mean of the per-run differences with a normal 95% interval (t is within 1% of
 * 1.96 from a few hundred runs); CVaR10: the difference of the two tails with a paired bootstrap
 * interval (runs resampled together; 400 resamples from a stream seeded by `seed`).
 */
export function pairedDifference(o: Objective, a: ArrayLike<number>, b: ArrayLike<number>, n: number, seed: string): PairedDifference {
  const xa: number[] = [];
  const xb: number[] = [];
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(a[i]!) || Number.isNaN(b[i]!)) continue;
    xa.push(o.direction * a[i]!);
    xb.push(o.direction * b[i]!);
  }
  const m = xa.length;
  if (m < 2) return { mean: NaN, lo: NaN, hi: NaN, runs: m };
  // Differences are reported in the metric's own sign (A - B), so flip back after orienting.
  const d = o.direction;
  if (o.kind !== 'cvar10') {
    let sum = 0;
    for (let i = 0; i < m; i++) sum += xa[i]! - xb[i]!;
    const mean = sum / m;
    let ss = 0;
    for (let i = 0; i < m; i++) ss += (xa[i]! - xb[i]! - mean) ** 2;
    const se = Math.sqrt(ss / (m - 1) / m);
    const lo = mean - 1.96 * se;
    const hi = mean + 1.96 * se;
    return d === 1 ? { mean, lo, hi, runs: m } : { mean: -mean, lo: -hi, hi: -lo, runs: m };
  }
  const point = lowerTailMean(xa) - lowerTailMean(xb);
  const u = seedrandom.alea(`${seed}:bootstrap`);
  const diffs: number[] = [];
  const ra = new Array<number>(m);
  const rb = new Array<number>(m);
  for (let r = 0; r < 400; r++) {
    for (let i = 0; i < m; i++) {
      const j = Math.floor(u() * m);
      ra[i] = xa[j]!;
      rb[i] = xb[j]!;
    }
    diffs.push(lowerTailMean(ra) - lowerTailMean(rb));
  }
  diffs.sort((x, y) => x - y);
  const lo = diffs[Math.floor(0.025 * diffs.length)]!;
  const hi = diffs[Math.ceil(0.975 * diffs.length) - 1]!;
  return d === 1 ? { mean: point, lo, hi, runs: m } : { mean: -point, lo: -hi, hi: -lo, runs: m };
}
