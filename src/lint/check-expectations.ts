import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import type { ScenarioFile } from '../scenario/scenario-schema.js';
import { createMemos } from '../engine/simulation.js';
import { runOnce } from '../engine/run-once.js';
import { wilsonInterval, Z95 } from '../montecarlo/wilson-interval.js';
import { PairedDifference } from '../montecarlo/metric-accumulator.js';

export type Verdict = 'pass' | 'fail' | 'undecided';

/** One expectation, measured. */
export interface ExpectationResult {
  readonly index: number;
  readonly description?: string;
  /** The strategy measured; with `compare`, its first strategy (A in A − B). */
  readonly strategy: string;
  /** A comparison [A, B]: the value is the paired difference A − B on the same runs. */
  readonly compare?: readonly [string, string];
  /** "P(outcome)" or "mean(metric)". */
  readonly measure: string;
  readonly kind: 'outcome' | 'metric';
  readonly min?: number;
  readonly max?: number;
  /** Probability or mean (or their paired difference); NaN when nothing was measured (a metric undefined in every run). */
  readonly value: number;
  readonly lo: number;
  readonly hi: number;
  readonly runs: number;
  /** Runs in which the metric was defined (not NaN; for a comparison, under both strategies); equals runs for outcomes. */
  readonly samples: number;
  readonly verdict: Verdict;
}

export interface CheckExpectationsOptions {
  readonly seed: string;
  /** Most runs per expectation unless the expectation's own `runs` says otherwise. */
  readonly maxRuns: number;
  /** Runs in the first stage; each later stage has 4 times as many. */
  readonly firstRuns?: number;
}

/** Stage sizes: first, 4x, 16x... below the cap, then the cap itself. */
export function stagePlan(first: number, cap: number): number[] {
  const stages: number[] = [];
  for (let n = Math.min(first, cap); n < cap; n *= 4) stages.push(n);
  stages.push(cap);
  return stages;
}

/** The runs of one strategy played so far: outcome index and metric values of run i. */
interface StrategyRuns {
  readonly outcomes: number[];
  readonly metrics: number[][];
}

/** An estimate and its 95% interval over the first n runs, with the number of runs it rests on. */
interface Estimate {
  readonly value: number;
  readonly lo: number;
  readonly hi: number;
  readonly samples: number;
}

/** P(outcome) over the first n runs, with its Wilson interval. */
function probability(runs: StrategyRuns, outcome: number, n: number): Estimate {
  let k = 0;
  for (let i = 0; i < n; i++) if (runs.outcomes[i] === outcome) k++;
  const { lo, hi } = wilsonInterval(k, n);
  return { value: k / n, lo, hi, samples: n };
}

/** A metric's mean over the first n runs where it is defined, ± 1.96·SE. */
function mean(runs: StrategyRuns, metric: number, n: number): Estimate {
  let count = 0;
  let m = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const v = runs.metrics[i]![metric]!;
    if (!Number.isFinite(v)) continue;
    count++;
    const d = v - m;
    m += d / count;
    m2 += d * (v - m);
  }
  const value = count > 0 ? m : NaN;
  const se = count > 1 ? Math.sqrt(m2 / (count - 1) / count) : Infinity;
  return { value, lo: value - Z95 * se, hi: value + Z95 * se, samples: count };
}

/**
 * P(outcome | A) − P(outcome | B), paired run by run: the mean of the indicator differences
 * d_i in {−1, 0, 1} ± 1.96·SE, as a batch compares its strategies (batch-summary.ts `versusFirst`).
 */
function probabilityDifference(a: StrategyRuns, b: StrategyRuns, outcome: number, n: number): Estimate {
  let sum = 0;
  let discordant = 0;
  for (let i = 0; i < n; i++) {
    const d = (a.outcomes[i] === outcome ? 1 : 0) - (b.outcomes[i] === outcome ? 1 : 0);
    sum += d;
    discordant += d * d;
  }
  const value = sum / n;
  const se = n > 1 ? Math.sqrt(Math.max(0, (n * discordant - sum * sum) / (n * (n - 1))) / n) : Infinity;
  return { value, lo: value - Z95 * se, hi: value + Z95 * se, samples: n };
}

/**
 * mean(metric | A) − mean(metric | B), paired run by run over the runs where the metric is defined
 * under both, with exact sums as a batch's paired differences (`PairedDifference`).
 */
function meanDifference(a: StrategyRuns, b: StrategyRuns, metric: number, n: number): Estimate {
  const diff = new PairedDifference();
  for (let i = 0; i < n; i++) diff.add(a.metrics[i]![metric]!, b.metrics[i]![metric]!);
  const value = diff.mean();
  const se = diff.n > 1 ? diff.se() : Infinity;
  return { value, lo: value - Z95 * se, hi: value + Z95 * se, samples: diff.n };
}

/**
 * Checks a scenario's expectations by running it: for each, runs in stages (1,000, 4,000, 16,000...
 * up to the expectation's `runs` or the cap) until the 95% interval decides. Pass: the interval lies
 * inside [min, max]; fail: it lies wholly outside; undecided: it still straddles a bound at the last
 * stage. Intervals: Wilson for P(outcome), mean ± 1.96·SE for a metric's mean (runs where the metric
 * is NaN, e.g. the price of no deal, are left out), and for a comparison of two strategies the paired
 * difference A − B ± 1.96·SE over the same runs. Runs are (seed, i) for i = 0, 1, ..., shared by
 * every expectation with the same strategy, so later stages reuse earlier runs, and run i of two
 * strategies sees the same random numbers (common random numbers: the comparison's interval is that
 * of the difference, far narrower than two separate intervals when the strategies' runs move
 * together). (Looking at the interval after every stage makes the error rate a little higher than
 * 5%; the stages are few.)
 */
export function checkExpectations(scenario: CompiledScenario, options: CheckExpectationsOptions): ExpectationResult[] {
  const memos = createMemos(scenario);
  const byStrategy = new Map<string, StrategyRuns>();
  const runsOf = (strategy: string, n: number): StrategyRuns => {
    let cache = byStrategy.get(strategy);
    if (!cache) {
      cache = { outcomes: [], metrics: [] };
      byStrategy.set(strategy, cache);
    }
    for (let i = cache.outcomes.length; i < n; i++) {
      const r = runOnce(scenario, { seed: options.seed, run: i, strategy, memos });
      cache.outcomes.push(r.outcomeIndex);
      cache.metrics.push([...r.metrics]);
    }
    return cache;
  };
  const file: ScenarioFile = scenario.file;
  return file.expectations.map((x, index) => {
    const compare = x.compare === undefined ? undefined : ([x.compare[0], x.compare[1]] as const);
    const strategy = compare?.[0] ?? x.strategy ?? scenario.defaultStrategy;
    const kind = x.outcome !== undefined ? 'outcome' : 'metric';
    const outcomeIndex = scenario.outcomes.findIndex((o) => o.id === x.outcome);
    const metricIndex = scenario.metrics.findIndex((m) => m.id === x.metric);
    const min = x.min ?? -Infinity;
    const max = x.max ?? Infinity;
    let result: ExpectationResult | undefined;
    for (const n of stagePlan(options.firstRuns ?? 1000, x.runs ?? options.maxRuns)) {
      const a = runsOf(strategy, n);
      let estimate: Estimate;
      if (compare) {
        const b = runsOf(compare[1], n);
        estimate = kind === 'outcome' ? probabilityDifference(a, b, outcomeIndex, n) : meanDifference(a, b, metricIndex, n);
      } else estimate = kind === 'outcome' ? probability(a, outcomeIndex, n) : mean(a, metricIndex, n);
      const { value, lo, hi, samples } = estimate;
      const verdict: Verdict = Number.isNaN(value) ? 'undecided' : lo >= min && hi <= max ? 'pass' : hi < min || lo > max ? 'fail' : 'undecided';
      result = {
        index,
        description: x.description,
        strategy,
        ...(compare ? { compare } : {}),
        measure: kind === 'outcome' ? `P(${x.outcome})` : `mean(${x.metric})`,
        kind,
        min: x.min,
        max: x.max,
        value,
        lo,
        hi,
        runs: n,
        samples,
        verdict,
      };
      if (verdict !== 'undecided') break;
    }
    return result!;
  });
}
