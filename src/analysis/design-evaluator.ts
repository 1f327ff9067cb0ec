import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import type { TransitionMemo } from '../engine/transition-memo.js';
import { createMemos } from '../engine/simulation.js';
import { playAnalysisRun, type AnalysisRun } from './analysis-run.js';
import type { DesignPoint } from './sensitivity-inputs.js';
import { withPreferenceWeights } from './weight-variant.js';

/** What sensitivity analysis ranks strategies by: a metric of the scenario, or the host's utility computed from the run. */
export interface RankedMetric {
  readonly id: string | null;
  readonly label: string;
  readonly source: 'metric' | 'computed';
  /** Index into the run's metrics; -1 for the computed host utility. */
  readonly index: number;
}

/**
 * The ranked metric: `name` when given (a metric id), else a metric named `surplus`, else the metric
 * whose expression is `utility.host`, else the host's utility computed from each run.
 */
export function rankedMetric(scenario: CompiledScenario, name?: string): RankedMetric | { error: string; known: string[] } {
  const known = scenario.metrics.map((m) => m.id);
  if (name !== undefined) {
    const index = known.indexOf(name);
    if (index < 0) return { error: `no metric '${name}'`, known };
    return { id: name, label: scenario.metrics[index]!.label, source: 'metric', index };
  }
  const surplus = known.indexOf('surplus');
  if (surplus >= 0) return { id: 'surplus', label: scenario.metrics[surplus]!.label, source: 'metric', index: surplus };
  const u = scenario.metrics.findIndex((m) => m.expr.source.replace(/\s+/g, '') === 'utility.host');
  if (u >= 0) return { id: scenario.metrics[u]!.id, label: scenario.metrics[u]!.label, source: 'metric', index: u };
  return { id: null, label: "Host's utility", source: 'computed', index: -1 };
}

/** Per run of a design point: the ranked metric (NaN where undefined) and the outcome slot (outcomes.length: unclassified). */
export interface PointRuns {
  readonly metric: Float64Array;
  readonly slot: Int32Array;
}

/**
 * Plays the runs 0..runs-1 of a seed at design points: parameters held (as `--set` holds them: the
 * draw is still made) and weights changed on a variant of the scenario. Every point and strategy
 * uses the same run indices, hence the same random numbers: differences between points are paired.
 */
export class DesignEvaluator {
  private readonly memos: readonly TransitionMemo[];
  private readonly variants = new Map<string, CompiledScenario>();
  played = 0;

  constructor(
    readonly scenario: CompiledScenario,
    readonly seed: string,
    readonly runs: number,
    readonly metric: RankedMetric,
    private readonly onRun?: () => void,
  ) {
    // The variants share the tracks, so one set of transition memos serves them all.
    this.memos = createMemos(scenario);
  }

  /** The outcome slots of `outcomes.length` (the scenario's, then "unclassified"). */
  get slots(): number {
    return this.scenario.outcomes.length + 1;
  }

  evaluate(point: DesignPoint, strategy: string): PointRuns {
    return this.evaluateWithUtility(point, strategy, -1);
  }

  /** As `evaluate`, with the host's utility of each run too: metric `utilityMetric`, or computed when -1. */
  evaluateWithUtility(point: DesignPoint, strategy: string, utilityMetric: number): PointRuns & { readonly utility: Float64Array } {
    const scenario = this.variant(point);
    const metric = new Float64Array(this.runs);
    const utility = new Float64Array(this.runs);
    const slot = new Int32Array(this.runs);
    for (let run = 0; run < this.runs; run++) {
      const r = playAnalysisRun(scenario, this.memos, { seed: this.seed, run, strategy, parameters: point.parameters });
      metric[run] = this.value(r);
      utility[run] = utilityMetric >= 0 ? r.result.metrics[utilityMetric]! : r.hostUtility;
      slot[run] = r.result.outcomeIndex >= 0 ? r.result.outcomeIndex : this.scenario.outcomes.length;
      this.played++;
      this.onRun?.();
    }
    return { metric, utility, slot };
  }

  value(r: AnalysisRun): number {
    return this.metric.index >= 0 ? r.result.metrics[this.metric.index]! : r.hostUtility;
  }

  private variant(point: DesignPoint): CompiledScenario {
    if (point.weights.size === 0) return this.scenario;
    const key = JSON.stringify([...point.weights].map(([p, m]) => [p, [...m]]));
    let v = this.variants.get(key);
    if (!v) {
      if (this.variants.size > 256) this.variants.clear();
      v = withPreferenceWeights(this.scenario, point.weights);
      this.variants.set(key, v);
    }
    return v;
  }
}
