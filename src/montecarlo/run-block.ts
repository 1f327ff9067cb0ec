import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { RunPlayer } from '../engine/run-player.js';
import type { RunResult } from '../engine/simulation.js';
import type { TransitionMemo } from '../engine/transition-memo.js';
import { CsvBytes } from './runs-csv.js';
import { SimulationError } from '../engine/simulation-error.js';
import { limits } from '../scenario/limits.js';
import { aggregateShapeOf, BatchAggregate, type AggregateShape, type AggregatedRun } from './batch-aggregate.js';
import type { BatchPlan } from './batch-plan.js';
import { ColumnBlockWriter, type ColumnBlock, type ColumnBuffers } from './run-columns.js';
import type { RunsCsvShape } from './runs-csv.js';

/** What a block of runs leaves behind: its aggregate and, when asked for, its runs.csv lines. */
export interface BlockResult {
  readonly start: number;
  readonly end: number;
  readonly aggregate: BatchAggregate;
  /** runs.csv lines, UTF-8 (empty when not asked for). */
  readonly rows: Uint8Array;
  /** The same rows as columns, when asked for them instead (see ColumnBlockWriter). */
  readonly columns?: ColumnBlock;
}

/** A block's result from BlockRunner.rowsOnly (aggregate undefined) or run (aggregate set). */
export type BlockRowsResult = Omit<BlockResult, 'aggregate'> & { readonly aggregate?: BatchAggregate };

/** What a block gives of its runs besides the aggregate: nothing, runs.csv lines, or columns. */
export type BlockRows = false | true | 'columns';

export function aggregateShape(scenario: CompiledScenario): AggregateShape {
  return aggregateShapeOf(scenario);
}

/**
 * A reusable runner of blocks for one scenario and plan: holds what is built once (memos, held
 * parameters) and runs contiguous run indices [start, end), each under every arm in arm order.
 */
export class BlockRunner {
  private readonly held: (ReadonlyMap<string, number> | undefined)[];
  private readonly shape: AggregateShape;
  private readonly player: RunPlayer;
  private readonly store: RunStore;
  private readonly csvShape: RunsCsvShape;

  constructor(
    private readonly scenario: CompiledScenario,
    private readonly plan: BatchPlan,
    private readonly memos: readonly TransitionMemo[],
  ) {
    this.held = plan.arms.map((a) => (a.sets.length > 0 ? new Map(a.sets) : undefined));
    this.shape = aggregateShape(scenario);
    this.player = new RunPlayer(scenario, memos);
    this.store = new RunStore(this.shape);
    this.csvShape = { metrics: scenario.metrics.map((m) => m.id), tracks: scenario.tracks.map((t) => t.id), parameters: scenario.parameters.map((p) => p.name), variants: plan.variants };
  }

  /**
   * Runs [start, end). With `rows`, encodes runs.csv lines into it (a reused buffer: see CsvBytes);
   * the block's bytes are then `rows.bytes()`. With columns, `spareColumns` are an earlier block's
   * buffers to write into (the caller must be done with that block).
   *
   * What the aggregate needs of each run is copied into reused typed arrays (and arrays of interned
   * strings), and the aggregate is built at the end of the block. Built run by run, its maps lived as
   * long as the block, outlived the young generation, and every block left them in the old one: the
   * workers' heaps, hence peak memory, grew with the number of runs. (Measured end to end:
   * 3x10^5 flagship runs on 2 workers peak at 236-244 MB this way, 267-269 MB aggregating run by run.)
   */
  run(start: number, end: number, withRows: BlockRows, buffer?: SharedArrayBuffer, spareColumns?: ColumnBuffers): BlockResult {
    return this.play(start, end, withRows, buffer, spareColumns, true) as BlockResult;
  }

  /**
   * As run, without the aggregate: for a caller that computes its figures from the rows (the live
   * explorer). The aggregate is some 8% of a flagship run's time in a worker.
   */
  rowsOnly(start: number, end: number, withRows: Exclude<BlockRows, false>, buffer?: SharedArrayBuffer, spareColumns?: ColumnBuffers): BlockRowsResult {
    return this.play(start, end, withRows, buffer, spareColumns, false);
  }

  private play(start: number, end: number, withRows: BlockRows, buffer: SharedArrayBuffer | undefined, spareColumns: ColumnBuffers | undefined, aggregated: boolean): BlockRowsResult {
    const { plan, player, store } = this;
    const arms = plan.arms.length;
    const rows = withRows === 'columns' ? new ColumnBlockWriter(this.csvShape, (end - start) * arms, spareColumns, end - start) : withRows ? new CsvBytes(buffer) : undefined;
    if (aggregated) store.ensure((end - start) * arms);
    let k = 0;
    for (let i = start; i < end; i++) {
      for (let a = 0; a < arms; a++) {
        const arm = plan.arms[a]!;
        const result = player.play({ seed: plan.seed, run: i, strategy: arm.strategy, parameters: this.held[a], knobs: arm.knobs });
        const metrics = result.metrics;
        for (let m = 0; m < metrics.length; m++) {
          const v = metrics[m]!;
          // NaN is a missing value (the price of a deal never made); infinities fail here too.
          if (v > limits.metricMagnitude || v < -limits.metricMagnitude) throw this.metricRangeError(m, v, i, arm.strategy);
        }
        if (aggregated) store.keep(k, result);
        k++;
        rows?.row(result, arm.strategy, plan.variants ? arm.variant : undefined);
      }
    }
    let aggregate: BatchAggregate | undefined;
    if (aggregated) {
      aggregate = new BatchAggregate(this.shape, arms);
      const views = plan.arms.map(() => store.view());
      for (let r = 0; r < k; r += arms) {
        for (let a = 0; a < arms; a++) store.read(r + a, views[a]!);
        aggregate.add(views);
      }
    }
    if (rows instanceof ColumnBlockWriter) return { start, end, aggregate, rows: new Uint8Array(0), columns: rows.take() };
    return { start, end, aggregate, rows: rows?.bytes() ?? new Uint8Array(0) };
  }

  private metricRangeError(m: number, value: number, run: number, strategy: string): SimulationError {
    const metric = this.scenario.metrics[m]!;
    return new SimulationError(
      'E_METRIC_RANGE',
      `metric '${metric.id}' is ${value} in run ${run} (strategy ${strategy}); a batch takes metric values within ±${exponent(limits.metricMagnitude)}, so that its exact sums cannot overflow`,
      { run, path: ['metrics', metric.id, 'expr'], location: metric.expr.location },
    );
  }
}

/** One stored run, read back for the aggregate (a reused object per arm). */
interface RunView extends AggregatedRun {
  outcomeIndex: number;
  rounds: number;
  dealRound: number;
  dealSet: string;
  readonly metrics: number[];
  readonly finalStates: string[];
  readonly pathTexts: string[];
}

/** The aggregated part of a block's runs, in arrays reused from block to block. */
class RunStore {
  private capacity = 0;
  private outcomes = new Int32Array(0);
  private rounds = new Int32Array(0);
  private dealRounds = new Int32Array(0);
  private dealSets: string[] = [];
  private metrics = new Float64Array(0);
  /** Interned state keys and path texts (RunResult gives the memo's own strings): no new strings kept. */
  private finalStates: string[] = [];
  private pathTexts: string[] = [];

  constructor(private readonly shape: AggregateShape) {}

  ensure(runs: number): void {
    if (runs <= this.capacity) return;
    this.capacity = runs;
    this.outcomes = new Int32Array(runs);
    this.rounds = new Int32Array(runs);
    this.dealRounds = new Int32Array(runs);
    this.dealSets = new Array<string>(runs).fill('');
    this.metrics = new Float64Array(runs * this.shape.metrics);
    this.finalStates = new Array<string>(runs * this.shape.tracks).fill('');
    this.pathTexts = new Array<string>(runs * this.shape.tracks).fill('');
  }

  keep(k: number, r: RunResult): void {
    const { metrics: M, tracks: T } = this.shape;
    this.outcomes[k] = r.outcomeIndex;
    this.rounds[k] = r.rounds;
    this.dealRounds[k] = r.dealRound;
    this.dealSets[k] = r.dealSet;
    for (let m = 0; m < M; m++) this.metrics[k * M + m] = r.metrics[m]!;
    for (let t = 0; t < T; t++) {
      this.finalStates[k * T + t] = r.finalStates[t]!;
      this.pathTexts[k * T + t] = r.pathTexts[t]!;
    }
  }

  view(): RunView {
    return {
      outcomeIndex: 0,
      rounds: 0,
      dealRound: 0,
      dealSet: '',
      metrics: new Array<number>(this.shape.metrics).fill(0),
      finalStates: new Array<string>(this.shape.tracks).fill(''),
      pathTexts: new Array<string>(this.shape.tracks).fill(''),
    };
  }

  read(k: number, v: RunView): void {
    const { metrics: M, tracks: T } = this.shape;
    v.outcomeIndex = this.outcomes[k]!;
    v.rounds = this.rounds[k]!;
    v.dealRound = this.dealRounds[k]!;
    v.dealSet = this.dealSets[k]!;
    for (let m = 0; m < M; m++) v.metrics[m] = this.metrics[k * M + m]!;
    for (let t = 0; t < T; t++) {
      v.finalStates[t] = this.finalStates[k * T + t]!;
      v.pathTexts[t] = this.pathTexts[k * T + t]!;
    }
  }
}

/** 1e100 rather than 1e+100. */
function exponent(x: number): string {
  return x.toExponential().replace('e+', 'e');
}
