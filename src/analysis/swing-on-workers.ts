import type { CompiledScenario, CompiledParameter } from '../scenario/compiled-scenario.js';
import type { BatchPlan } from '../montecarlo/batch-plan.js';
import { runBatch } from '../montecarlo/run-batch.js';
import { aggregateShape } from '../montecarlo/run-block.js';

/** A paired difference's mean and standard error. */
export interface MeanSe {
  readonly mean: number;
  readonly se: number;
}

/** One parameter's swing from its low to its high value, as counts and paired differences. */
export interface SwingStats {
  /** Runs per outcome slot (the scenario's outcomes, then unclassified) at the low and at the high value. */
  readonly atLow: readonly number[];
  readonly atHigh: readonly number[];
  /** Per outcome slot, the paired difference of its indicator (high minus low). */
  readonly outcomes: readonly MeanSe[];
  /** The host utility's mean at the low and at the high value, and their paired difference. */
  readonly utilityLow: number;
  readonly utilityHigh: number;
  readonly utility: MeanSe;
  /** The ranked metric's mean at the low and at the high value, and their paired difference. */
  readonly metricLow: number;
  readonly metricHigh: number;
  readonly metric: MeanSe;
}

export interface SwingOnWorkersOptions {
  readonly seed: string;
  readonly runs: number;
  readonly strategy: string;
  /** The scenario file's text (the workers load it and check its hash). */
  readonly scenarioText: string;
  readonly workers: number;
  /** Index of the metric whose expression is `utility.host`. */
  readonly utilityMetric: number;
  /** Index of the metric sensitivity ranks by. */
  readonly rankedMetric: number;
  readonly onProgress?: (done: number) => void;
}

/**
 * Swings one parameter on the batch runner's worker threads: a batch of two arms, the parameter held
 * at its low and at its high value (as `--set` holds it), on the same runs. The second arm's
 * aggregate carries its paired differences versus the first, which is exactly high minus low.
 */
export async function swingOnWorkers(scenario: CompiledScenario, parameter: Pick<CompiledParameter, 'name' | 'low' | 'high'>, o: SwingOnWorkersOptions): Promise<SwingStats> {
  const plan: BatchPlan = {
    scenarioText: o.scenarioText,
    scenarioFile: scenario.path,
    scenarioHash: scenario.hash,
    seed: o.seed,
    start: 0,
    end: o.runs,
    runs: o.runs,
    arms: [
      { label: `${parameter.name}=${parameter.low}`, strategy: o.strategy, sets: [[parameter.name, parameter.low]], variant: 'low' },
      { label: `${parameter.name}=${parameter.high}`, strategy: o.strategy, sets: [[parameter.name, parameter.high]], variant: 'high' },
    ],
    variants: true,
  };
  // Results do not depend on the block size; a few blocks per worker keep both cores busy.
  const blockSize = Math.max(50, Math.ceil(o.runs / (4 * o.workers)));
  const batch = await runBatch(plan, aggregateShape(scenario), { workers: o.workers, blockSize, onProgress: (p) => o.onProgress?.(p.done) });
  if (batch.stop !== 'complete') throw new Error(`the swing of ${parameter.name} stopped early (${batch.stop})`);
  const [low, high] = batch.aggregate.arms as [(typeof batch.aggregate.arms)[number], (typeof batch.aggregate.arms)[number]];
  const n = o.runs;
  return {
    atLow: [...low.outcomes],
    atHigh: [...high.outcomes],
    outcomes: high.outcomeDiff.map((sum, i) => {
      // Indicator differences are -1, 0 or 1: their squares sum to the discordant runs.
      const sq = high.outcomeDiscordant[i]!;
      const variance = n > 1 ? (n * sq - sum * sum) / (n * (n - 1)) : NaN;
      return { mean: sum / n, se: Math.sqrt(Math.max(0, variance) / n) };
    }),
    utilityLow: low.metrics[o.utilityMetric]!.mean(),
    utilityHigh: high.metrics[o.utilityMetric]!.mean(),
    utility: { mean: high.metricDiff[o.utilityMetric]!.mean(), se: high.metricDiff[o.utilityMetric]!.se() },
    metricLow: low.metrics[o.rankedMetric]!.mean(),
    metricHigh: high.metrics[o.rankedMetric]!.mean(),
    metric: { mean: high.metricDiff[o.rankedMetric]!.mean(), se: high.metricDiff[o.rankedMetric]!.se() },
  };
}
