import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { runOnce } from '../engine/run-once.js';
import type { RunResult } from '../engine/simulation.js';
import type { TransitionMemo } from '../engine/transition-memo.js';
import { runsCsvRow } from '../report/runs-csv.js';
import { BatchAggregate, type AggregateShape } from './batch-aggregate.js';
import type { BatchPlan } from './batch-plan.js';

/** What a block of runs leaves behind: its aggregate and, when asked for, its runs.csv lines. */
export interface BlockResult {
  readonly start: number;
  readonly end: number;
  readonly aggregate: BatchAggregate;
  readonly rows: string;
}

export function aggregateShape(scenario: CompiledScenario): AggregateShape {
  return { outcomes: scenario.outcomes.length, metrics: scenario.metrics.length, tracks: scenario.tracks.length };
}

/**
 * A reusable runner of blocks for one scenario and plan: holds what is built once (memos, held
 * parameters) and runs contiguous run indices [start, end), each under every arm in arm order.
 */
export class BlockRunner {
  private readonly held: (ReadonlyMap<string, number> | undefined)[];
  private readonly shape: AggregateShape;

  constructor(
    private readonly scenario: CompiledScenario,
    private readonly plan: BatchPlan,
    private readonly memos: readonly TransitionMemo[],
  ) {
    this.held = plan.arms.map((a) => (a.sets.length > 0 ? new Map(a.sets) : undefined));
    this.shape = aggregateShape(scenario);
  }

  run(start: number, end: number, withRows: boolean): BlockResult {
    const { plan, scenario, memos } = this;
    const aggregate = new BatchAggregate(this.shape, plan.arms.length);
    const results: RunResult[] = new Array(plan.arms.length);
    let rows = '';
    for (let i = start; i < end; i++) {
      for (let a = 0; a < plan.arms.length; a++) {
        const arm = plan.arms[a]!;
        results[a] = runOnce(scenario, { seed: plan.seed, run: i, strategy: arm.strategy, memos, parameters: this.held[a] });
        if (withRows) rows += runsCsvRow(results[a]!, arm.strategy, plan.variants ? arm.variant : undefined);
      }
      aggregate.add(results);
    }
    return { start, end, aggregate, rows };
  }
}
