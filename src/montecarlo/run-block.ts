import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { RunPlayer } from '../engine/run-player.js';
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
  /** runs.csv lines, UTF-8 (empty when not asked for). */
  readonly rows: Uint8Array;
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
  private readonly player: RunPlayer;

  constructor(
    private readonly scenario: CompiledScenario,
    private readonly plan: BatchPlan,
    private readonly memos: readonly TransitionMemo[],
  ) {
    this.held = plan.arms.map((a) => (a.sets.length > 0 ? new Map(a.sets) : undefined));
    this.shape = aggregateShape(scenario);
    this.player = new RunPlayer(scenario, memos);
  }

  /**
   * Runs [start, end). With `rows`, encodes runs.csv lines into it (a reused buffer: see RowBytes);
   * the block's bytes are then `rows.bytes()`.
   */
  run(start: number, end: number, withRows: boolean, buffer?: ArrayBuffer): BlockResult {
    const { plan, player } = this;
    const arms = plan.arms.length;
    const aggregate = new BatchAggregate(this.shape, arms);
    const results: RunResult[] = new Array(arms);
    const rows = withRows ? new RowBytes(buffer) : undefined;
    for (let i = start; i < end; i++) {
      for (let a = 0; a < arms; a++) {
        const arm = plan.arms[a]!;
        results[a] = player.play({ seed: plan.seed, run: i, strategy: arm.strategy, parameters: this.held[a] });
        rows?.append(runsCsvRow(results[a]!, arm.strategy, plan.variants ? arm.variant : undefined));
      }
      aggregate.add(results);
    }
    return { start, end, aggregate, rows: rows?.bytes() ?? new Uint8Array(0) };
  }
}

/**
 * CSV lines encoded straight into bytes. Each line's string dies young; a block's worth of text
 * kept as strings (or a string rope) would outlive several scavenges, get promoted, and make the
 * old generation, hence peak memory, grow with the number of runs. The bytes are off-heap and are
 * transferred, not copied, to the main thread, which hands the buffer back once written: a few
 * buffers circulate, instead of a new one per block that the main thread's rarely-run GC would
 * keep alive for tens of megabytes.
 */
class RowBytes {
  private static readonly encoder = new TextEncoder();
  private buffer: Uint8Array;
  private length = 0;

  /** Starts in `reuse` (a buffer the main thread has handed back) when there is one. */
  constructor(reuse?: ArrayBuffer) {
    this.buffer = new Uint8Array(reuse ?? new ArrayBuffer(64 * 1024));
  }

  append(line: string): void {
    // A UTF-8 byte per UTF-16 unit is enough for ASCII; 3 per unit covers everything.
    if (this.buffer.length - this.length < line.length * 3) this.grow(line.length * 3);
    this.length += RowBytes.encoder.encodeInto(line, this.buffer.subarray(this.length)).written;
  }

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  private grow(need: number): void {
    const next = new Uint8Array(Math.max(this.buffer.length * 2, this.length + need));
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }
}
