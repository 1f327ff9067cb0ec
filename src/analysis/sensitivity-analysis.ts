import { scenarioIdentity } from '../montecarlo/batch-summary.js';
import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { createMemos } from '../engine/simulation.js';
import { ENGINE_VERSION } from '../engine/engine-version.js';
import { PairedDifference } from '../montecarlo/metric-accumulator.js';
import { wilsonInterval, Z95 } from '../montecarlo/wilson-interval.js';
import { playAnalysisRun, type AnalysisRun } from './analysis-run.js';
import { ParetoAnalysis, type ParetoReport } from './pareto-analysis.js';
import { swingOnWorkers, type MeanSe, type SwingStats } from './swing-on-workers.js';
import { spearman, type RankCorrelation } from './rank-correlation.js';

/** Bumped when sensitivity.json changes shape. */
export const SENSITIVITY_FORMAT_VERSION = 1;

export interface SensitivityOptions {
  readonly seed: string;
  /** Runs per arm (the base batch, and each parameter at its low and at its high value). */
  readonly runs: number;
  readonly strategy: string;
  /**
   * Swing the parameters on the batch runner's worker threads (with the scenario file's text, which
   * the workers load). Needs a metric whose expression is `utility.host` (the aggregates carry
   * metrics); otherwise, or with count 1, every run is played in this process. Results are the same.
   */
  readonly workers?: { readonly count: number; readonly scenarioText: string };
  /** Called after each run with runs done and runs in all. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** A paired difference (high minus low, run by run) with its standard error and 95% interval. */
export interface SwingEffect {
  /** Outcome id, or "utility" for the host's utility. */
  readonly id: string;
  /** The probability (or mean utility) with the parameter held at its low value, and at its high value. */
  readonly atLow: number | null;
  readonly atHigh: number | null;
  readonly diff: number | null;
  readonly se: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
}

/** One parameter swung from its low to its high value, every other input as drawn. */
export interface ParameterSwing {
  readonly name: string;
  readonly label: string;
  readonly low: number;
  readonly high: number;
  /** False for a parameter whose low and high coincide (fixed): nothing to swing. */
  readonly varies: boolean;
  readonly outcomes: readonly SwingEffect[];
  readonly utility: SwingEffect;
}

/** Rank correlations of one sampled parameter with each outcome's indicator and the host's utility, in the base batch. */
export interface ParameterCorrelation {
  readonly name: string;
  readonly label: string;
  readonly outcomes: readonly (RankCorrelation & { readonly id: string })[];
  readonly utility: RankCorrelation;
}

/** sensitivity.json: what `parley sensitivity` computes, and what `parley report` draws. */
export interface SensitivityReport {
  readonly formatVersion: number;
  readonly kind: 'parley-sensitivity';
  readonly engineVersion: string;
  readonly scenario: { readonly id: string; readonly title: string; readonly file: string; readonly hash: string };
  readonly seed: string;
  readonly runs: number;
  readonly strategy: string;
  /** Where the host's utility comes from: a metric whose expression is `utility.host`, or computed from the run. */
  readonly hostUtility: { readonly source: 'metric' | 'computed'; readonly metric: string | null; readonly label: string };
  readonly outcomes: readonly { readonly id: string; readonly label: string }[];
  /** The base batch (every parameter drawn): outcome probabilities with Wilson intervals, mean utility. */
  readonly base: {
    readonly outcomes: readonly { readonly id: string; readonly p: number; readonly lo: number; readonly hi: number }[];
    readonly utility: { readonly mean: number | null; readonly se: number | null };
  };
  readonly swings: readonly ParameterSwing[];
  readonly correlations: readonly ParameterCorrelation[];
  /** Deals of the base batch against each track's Pareto frontier and Nash point. */
  readonly pareto: ParetoReport;
  readonly method: {
    readonly swing: string;
    readonly correlation: string;
    readonly execution: string;
  };
}

/**
 * One-at-a-time swings and rank correlations for every parameter.
 *
 * The base batch runs `runs` runs with every parameter drawn; it gives the rank correlations and the
 * deals for the Pareto analysis. Then, for each parameter that varies, the same run indices are played
 * twice, with the parameter held at its low and at its high value (as `--set` does: the draw is still
 * made, so every other parameter and every event draw stays the same). The swing is the mean of the
 * run-by-run differences, so its interval reflects only what the parameter changes: common random
 * numbers. Runs are played in this process (the batch runner's workers return aggregates, not the
 * per-run values paired differences and correlations need).
 */
export async function runSensitivity(scenario: CompiledScenario, options: SensitivityOptions): Promise<SensitivityReport> {
  const memos = createMemos(scenario);
  const n = options.runs;
  const nOutcomes = scenario.outcomes.length;
  const metricIndex = scenario.metrics.findIndex((m) => m.expr.source.replace(/\s+/g, '') === 'utility.host');
  const hostUtility = (r: AnalysisRun) => (metricIndex >= 0 ? r.result.metrics[metricIndex]! : r.hostUtility);
  const outcomeSlot = (r: AnalysisRun) => (r.result.outcomeIndex >= 0 ? r.result.outcomeIndex : nOutcomes);
  const varying = scenario.parameters.map((p) => p.high > p.low);
  const total = n * (1 + 2 * varying.filter(Boolean).length);
  let done = 0;
  const play = (run: number, parameters?: ReadonlyMap<string, number>) => {
    const r = playAnalysisRun(scenario, memos, { seed: options.seed, run, strategy: options.strategy, parameters });
    options.onProgress?.(++done, total);
    return r;
  };

  // The base batch.
  const pareto = new ParetoAnalysis(scenario);
  const sampled = scenario.parameters.map(() => new Float64Array(n));
  const baseSlot = new Int32Array(n);
  const baseUtility = new Float64Array(n);
  const counts = new Array<number>(nOutcomes + 1).fill(0);
  for (let i = 0; i < n; i++) {
    const r = play(i);
    r.result.parameters.forEach((v, k) => (sampled[k]![i] = v));
    baseSlot[i] = outcomeSlot(r);
    counts[baseSlot[i]!]!++;
    baseUtility[i] = hostUtility(r);
    if (r.deal) pareto.add(r.deal);
  }

  // One-at-a-time swings, paired run by run: on the batch runner's workers when asked (and the host
  // utility is a metric the aggregates carry), else here.
  const onWorkers = options.workers !== undefined && options.workers.count > 1 && metricIndex >= 0;
  const swingStats: (SwingStats | undefined)[] = [];
  for (const [k, p] of scenario.parameters.entries()) {
    if (!varying[k]) {
      swingStats.push(undefined);
      continue;
    }
    if (onWorkers) {
      const before = done;
      swingStats.push(
        await swingOnWorkers(scenario, p, {
          seed: options.seed,
          runs: n,
          strategy: options.strategy,
          scenarioText: options.workers!.scenarioText,
          workers: options.workers!.count,
          utilityMetric: metricIndex,
          onProgress: (d) => options.onProgress?.((done = before + 2 * d), total),
        }),
      );
      done = before + 2 * n;
      continue;
    }
    const outcomeDiffs = Array.from({ length: nOutcomes + 1 }, () => new PairedDifference());
    const utilityDiff = new PairedDifference();
    const atLow = new Array<number>(nOutcomes + 1).fill(0);
    const atHigh = new Array<number>(nOutcomes + 1).fill(0);
    let utilityLow = 0;
    let utilityHigh = 0;
    const low = new Map([[p.name, p.low]]);
    const high = new Map([[p.name, p.high]]);
    for (let i = 0; i < n; i++) {
      const a = play(i, low);
      const b = play(i, high);
      const sa = outcomeSlot(a);
      const sb = outcomeSlot(b);
      atLow[sa]!++;
      atHigh[sb]!++;
      for (let o = 0; o <= nOutcomes; o++) outcomeDiffs[o]!.add(sb === o ? 1 : 0, sa === o ? 1 : 0);
      const ua = hostUtility(a);
      const ub = hostUtility(b);
      utilityLow += ua;
      utilityHigh += ub;
      utilityDiff.add(ub, ua);
    }
    swingStats.push({
      atLow,
      atHigh,
      outcomes: outcomeDiffs.map((d) => ({ mean: d.mean(), se: d.se() })),
      utilityLow: utilityLow / n,
      utilityHigh: utilityHigh / n,
      utility: { mean: utilityDiff.mean(), se: utilityDiff.se() },
    });
  }

  // Outcomes: the scenario's, plus "unclassified" when any run had none.
  const unclassified = counts[nOutcomes]! > 0 || swingStats.some((st) => st !== undefined && (st.atLow[nOutcomes]! > 0 || st.atHigh[nOutcomes]! > 0));
  const outcomes = [...scenario.outcomes.map((o) => ({ id: o.id, label: o.label })), ...(unclassified ? [{ id: 'unclassified', label: 'No outcome rule matched' }] : [])];
  const effect = (id: string, d: MeanSe | undefined, atLow: number, atHigh: number): SwingEffect => {
    if (!d) return { id, atLow: null, atHigh: null, diff: 0, se: 0, lo: 0, hi: 0 };
    return { id, atLow: num(atLow), atHigh: num(atHigh), diff: num(d.mean), se: num(d.se), lo: num(d.mean - Z95 * d.se), hi: num(d.mean + Z95 * d.se) };
  };
  const utilityLabel = metricIndex >= 0 ? scenario.metrics[metricIndex]!.label : "Host's utility";
  const utilityMean = mean(baseUtility);
  return {
    formatVersion: SENSITIVITY_FORMAT_VERSION,
    kind: 'parley-sensitivity',
    engineVersion: ENGINE_VERSION,
    scenario: scenarioIdentity(scenario),
    seed: options.seed,
    runs: n,
    strategy: options.strategy,
    hostUtility: { source: metricIndex >= 0 ? 'metric' : 'computed', metric: metricIndex >= 0 ? scenario.metrics[metricIndex]!.id : null, label: utilityLabel },
    outcomes,
    base: {
      outcomes: outcomes.map((o, i) => {
        const ci = wilsonInterval(counts[i]!, n);
        return { id: o.id, p: ci.p, lo: ci.lo, hi: ci.hi };
      }),
      utility: { mean: num(utilityMean), se: num(sd(baseUtility, utilityMean) / Math.sqrt(n)) },
    },
    swings: scenario.parameters.map((p, k): ParameterSwing => {
      const st = swingStats[k];
      return {
        name: p.name,
        label: p.label,
        low: p.low,
        high: p.high,
        varies: varying[k]!,
        outcomes: outcomes.map((o, i) => effect(o.id, st?.outcomes[i], (st?.atLow[i] ?? 0) / n, (st?.atHigh[i] ?? 0) / n)),
        utility: effect('utility', st?.utility, st?.utilityLow ?? NaN, st?.utilityHigh ?? NaN),
      };
    }),
    correlations: scenario.parameters.map((p, k): ParameterCorrelation => {
      const x = Array.from(sampled[k]!);
      return {
        name: p.name,
        label: p.label,
        outcomes: outcomes.map((o, i) => ({ id: o.id, ...spearman(x, Array.from(baseSlot, (s) => (s === i ? 1 : 0))) })),
        utility: spearman(x, Array.from(baseUtility)),
      };
    }),
    pareto: pareto.report(),
    method: {
      swing: 'one at a time: each parameter held at its low, then its high value (as --set does) on the same runs; mean of the paired differences (high - low) with a 95% normal interval',
      correlation: "Spearman's rank correlation over the base batch (every parameter drawn), 95% interval by Fisher's z with SE sqrt(1.06/(n-3))",
      execution: onWorkers
        ? `swings on ${options.workers!.count} worker threads (the batch runner, two arms per parameter); the base batch in-process (correlations and deal terms need per-run values, which the workers do not return)`
        : 'in-process (one thread)',
    },
  };
}

function num(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function mean(xs: Float64Array): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function sd(xs: Float64Array, m: number): number {
  if (xs.length < 2) return NaN;
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return Math.sqrt(s / (xs.length - 1));
}
