import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import type { ScenarioFile } from '../scenario/scenario-schema.js';
import { createMemos } from '../engine/simulation.js';
import { runOnce } from '../engine/run-once.js';

/** The two-sided 95% normal quantile. */
const Z95 = 1.959963984540054;

/** Wilson score interval for k successes in n trials: stays in [0, 1], sane at k = 0 and k = n. */
export function wilsonInterval(k: number, n: number, z = Z95): { readonly lo: number; readonly hi: number } {
  if (n <= 0) return { lo: 0, hi: 1 };
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

export type Verdict = 'pass' | 'fail' | 'undecided';

/** One expectation, measured. */
export interface ExpectationResult {
  readonly index: number;
  readonly description?: string;
  readonly strategy: string;
  /** "P(outcome)" or "mean(metric)". */
  readonly measure: string;
  readonly kind: 'outcome' | 'metric';
  readonly min?: number;
  readonly max?: number;
  /** Probability or mean; NaN when nothing was measured (a metric undefined in every run). */
  readonly value: number;
  readonly lo: number;
  readonly hi: number;
  readonly runs: number;
  /** Runs in which the metric was defined (not NaN); equals runs for outcomes. */
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

/**
 * Checks a scenario's expectations by running it: for each, runs in stages (1,000, 4,000, 16,000...
 * up to the expectation's `runs` or the cap) until the 95% interval decides. Pass: the interval lies
 * inside [min, max]; fail: it lies wholly outside; undecided: it still straddles a bound at the last
 * stage. Intervals: Wilson for P(outcome), mean ± 1.96·SE for a metric's mean (runs where the metric
 * is NaN, e.g. the price of no deal, are left out). Runs are (seed, i) for i = 0, 1, ..., shared by
 * every expectation with the same strategy, so later stages reuse earlier runs. (Looking at the
 * interval after every stage makes the error rate a little higher than 5%; the stages are few.)
 */
export function checkExpectations(scenario: CompiledScenario, options: CheckExpectationsOptions): ExpectationResult[] {
  const memos = createMemos(scenario);
  const byStrategy = new Map<string, { outcomes: number[]; metrics: number[][] }>();
  const runsOf = (strategy: string, n: number) => {
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
    const strategy = x.strategy ?? scenario.defaultStrategy;
    const kind = x.outcome !== undefined ? 'outcome' : 'metric';
    const outcomeIndex = scenario.outcomes.findIndex((o) => o.id === x.outcome);
    const metricIndex = scenario.metrics.findIndex((m) => m.id === x.metric);
    const min = x.min ?? -Infinity;
    const max = x.max ?? Infinity;
    let result: ExpectationResult | undefined;
    for (const n of stagePlan(options.firstRuns ?? 1000, x.runs ?? options.maxRuns)) {
      const cache = runsOf(strategy, n);
      let value: number;
      let lo: number;
      let hi: number;
      let samples = n;
      if (kind === 'outcome') {
        let k = 0;
        for (let i = 0; i < n; i++) if (cache.outcomes[i] === outcomeIndex) k++;
        value = k / n;
        ({ lo, hi } = wilsonInterval(k, n));
      } else {
        let count = 0;
        let mean = 0;
        let m2 = 0;
        for (let i = 0; i < n; i++) {
          const v = cache.metrics[i]![metricIndex]!;
          if (!Number.isFinite(v)) continue;
          count++;
          const d = v - mean;
          mean += d / count;
          m2 += d * (v - mean);
        }
        samples = count;
        value = count > 0 ? mean : NaN;
        const se = count > 1 ? Math.sqrt(m2 / (count - 1) / count) : Infinity;
        lo = value - Z95 * se;
        hi = value + Z95 * se;
      }
      const verdict: Verdict = Number.isNaN(value) ? 'undecided' : lo >= min && hi <= max ? 'pass' : hi < min || lo > max ? 'fail' : 'undecided';
      result = {
        index,
        description: x.description,
        strategy,
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
