import { Worker } from 'node:worker_threads';
import { SimulationError } from '../engine/simulation-error.js';
import { BatchAggregate, type AggregateShape, type ArmAggregateWire } from './batch-aggregate.js';
import type { BatchPlan } from './batch-plan.js';
import type { WorkerReply, WorkerRequest } from './batch-worker.js';
import { columnBuffers, type ColumnBlock, type ColumnBuffers } from './run-columns.js';
import { wilsonInterval } from './wilson-interval.js';

export interface BatchProgress {
  /** Runs finished (in any order). */
  readonly done: number;
  /** Runs in this batch or shard. */
  readonly total: number;
  readonly elapsedMs: number;
  /** With --until-ci: the widest 95% interval of an outcome probability so far (in run-index order). */
  readonly widestInterval?: number;
}

export interface RunBatchOptions {
  /** Worker threads (at least 1). */
  readonly workers: number;
  /** Runs per block. Results do not depend on it, except where --until-ci may stop. */
  readonly blockSize: number;
  /** Called with runs.csv lines (UTF-8) of `runs` runs, in run-index order. Omit to skip formatting rows at all. */
  readonly onRows?: (rows: Uint8Array, runs: number) => void;
  /**
   * Instead of onRows: called with the rows of each block as columns (see ColumnBlockWriter), in
   * run-index order. It must copy what it keeps: the arrays go back to the worker afterwards.
   */
  readonly onColumns?: (columns: ColumnBlock) => void;
  /**
   * Called after each block is committed, in order, with the end of the committed prefix and the
   * aggregate of [plan.start, end) (the initial runs included): the moment to checkpoint. It must
   * not keep the aggregate, which goes on changing. A throw (from here or onRows) ends the batch
   * with that error.
   */
  readonly onCommitted?: (end: number, aggregate: BatchAggregate) => void;
  readonly onProgress?: (progress: BatchProgress) => void;
  /** Stop at the first block boundary where every outcome's 95% Wilson interval is narrower than this. */
  readonly untilCi?: number;
  /** Aborting stops handing out blocks; the runs finished in index order so far are kept. */
  readonly signal?: AbortSignal;
  /** Aggregates of the runs before plan.start (resuming): --until-ci counts them too. */
  readonly initial?: BatchAggregate;
  /**
   * false: the workers build no aggregate (the batch's aggregate stays empty), for a caller that
   * keeps the rows and computes its figures from them (the live explorer). Not with untilCi.
   */
  readonly aggregate?: boolean;
}

export interface BatchRun {
  readonly aggregate: BatchAggregate;
  /** The runs aggregated are [plan.start, end). */
  readonly end: number;
  readonly stop: 'complete' | 'until-ci' | 'interrupted';
  readonly elapsedMs: number;
}

/** The widest 95% interval among every arm's outcome probabilities (outcomes never seen included). */
export function widestOutcomeInterval(aggregate: BatchAggregate): number {
  let widest = 0;
  for (const arm of aggregate.arms) {
    arm.outcomes.forEach((k, i) => {
      // The unclassified slot only counts when it happened.
      if (i === arm.outcomes.length - 1 && k === 0) return;
      const ci = wilsonInterval(k, arm.runs);
      widest = Math.max(widest, ci.hi - ci.lo);
    });
  }
  return widest;
}

/**
 * The blocks of a batch's run indices [start, end), computed when asked: block boundaries fall on
 * multiples of `size` (so a resumed batch cuts the same blocks), the first block starting at `start`.
 * Nothing is allocated per block, so a batch of 10^15 runs costs no more memory than one of 10^3.
 */
export class BlockList {
  /** How many blocks there are. */
  readonly count: number;
  private readonly firstEnd: number;

  constructor(
    private readonly start: number,
    private readonly end: number,
    private readonly size: number,
  ) {
    this.firstEnd = Math.min(end, (Math.floor(start / size) + 1) * size);
    this.count = start >= end ? 0 : 1 + Math.ceil((end - this.firstEnd) / size);
  }

  /** Block i as [start, end). */
  at(i: number): [number, number] {
    if (i === 0) return [this.start, this.firstEnd];
    const s = this.firstEnd + (i - 1) * this.size;
    return [s, Math.min(this.end, s + this.size)];
  }
}

/**
 * Runs a batch on worker threads. Blocks of run indices go to whichever worker is free; finished
 * blocks are committed in index order through a small reorder window (rows are written in order,
 * --until-ci is checked on the committed prefix), so the outcome does not depend on the number of
 * workers or their timing. Memory stays flat: at most a few blocks per worker wait in the window.
 */
export async function runBatch(plan: BatchPlan, shape: AggregateShape, options: RunBatchOptions): Promise<BatchRun> {
  const started = performance.now();
  const aggregated = options.aggregate !== false;
  if (!aggregated && options.untilCi !== undefined) throw new Error('runBatch: untilCi needs the aggregate');
  const blocks = new BlockList(plan.start, plan.end, options.blockSize);
  const total = new BatchAggregate(shape, plan.arms.length);
  if (options.initial) total.merge(options.initial);
  if (options.untilCi !== undefined && options.initial && options.initial.runs > 0 && widestOutcomeInterval(total) < options.untilCi) {
    return { aggregate: total, end: plan.start, stop: 'until-ci', elapsedMs: 0 };
  }
  if (blocks.count === 0) return { aggregate: total, end: plan.start, stop: 'complete', elapsedMs: 0 };

  const workerCount = Math.max(1, Math.min(options.workers, blocks.count));
  const window = 4 * workerCount;
  const pending = new Map<number, { aggregate: ArmAggregateWire[] | undefined; rows: Uint8Array; columns?: ColumnBlock; runs: number; from: Worker }>();
  const workers: Worker[] = [];
  let nextBlock = 0;
  let committed = 0;
  let committedEnd = plan.start;
  let done = 0;
  let inFlight = 0;
  let stop: BatchRun['stop'] | undefined;
  let widest: number | undefined;
  let lastProgress = 0;

  return await new Promise<BatchRun>((resolve, reject) => {
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      for (const w of workers) void w.terminate();
      if (error !== undefined) reject(error);
      else resolve({ aggregate: total, end: committedEnd, stop: stop ?? 'complete', elapsedMs: performance.now() - started });
    };
    const progress = (force: boolean) => {
      const now = performance.now();
      if (!options.onProgress || (!force && now - lastProgress < 100)) return;
      lastProgress = now;
      options.onProgress({ done, total: plan.end - plan.start, elapsedMs: now - started, widestInterval: widest });
    };
    const dispatch = (w: Worker) => {
      if (stop !== undefined || nextBlock >= blocks.count || nextBlock >= committed + window) return false;
      const [s, e] = blocks.at(nextBlock);
      w.postMessage({ type: 'block', index: nextBlock, start: s, end: e } satisfies WorkerRequest);
      nextBlock++;
      inFlight++;
      return true;
    };
    // Each worker holds up to two blocks (one running, one queued in its port), so it starts its next
    // block at once instead of idling while the main thread merges the last one and answers. The
    // second slot is used only while more blocks remain than workers, so the batch's tail stays
    // balanced (each worker finishes with one block at most).
    const ready = new Set<Worker>();
    const outstanding = new Map<Worker, number>();
    const hand = () => {
      for (let depth = 1; depth <= 2; depth++) {
        for (const w of ready) {
          if ((outstanding.get(w) ?? 0) >= depth) continue;
          if (depth === 2 && blocks.count - nextBlock <= workerCount) break;
          if (!dispatch(w)) break;
          outstanding.set(w, (outstanding.get(w) ?? 0) + 1);
        }
      }
    };
    const fill = () => {
      hand();
      if (inFlight === 0 && (stop !== undefined || committed >= blocks.count)) {
        progress(true);
        finish();
      }
    };
    const commit = () => {
      while (stop !== 'until-ci' && pending.has(committed)) {
        const b = pending.get(committed)!;
        pending.delete(committed);
        if (b.aggregate) total.mergeWire(b.aggregate);
        if (b.rows.length > 0) options.onRows?.(b.rows, b.runs);
        // Hand the shared buffers back to their worker for its next block (bounded memory, no GC
        // wait); never transferred (see batch-worker). A block's last, shorter arrays are copies
        // in ordinary buffers, which are not sent back.
        if (b.columns && options.onColumns) {
          options.onColumns(b.columns);
          const buffers = columnBuffers(b.columns);
          if (isShared(buffers)) b.from.postMessage({ type: 'recycle-columns', buffers } satisfies WorkerRequest);
        }
        if (options.onRows && b.rows.buffer instanceof SharedArrayBuffer && b.rows.buffer.byteLength > 0) b.from.postMessage({ type: 'recycle', buffer: b.rows.buffer } satisfies WorkerRequest);
        committedEnd = blocks.at(committed)[1];
        committed++;
        if (options.untilCi !== undefined) {
          widest = widestOutcomeInterval(total);
          if (widest < options.untilCi) stop = 'until-ci';
        }
        options.onCommitted?.(committedEnd, total);
      }
    };
    const onAbort = () => {
      if (stop === undefined) stop = 'interrupted';
      fill();
    };
    options.signal?.addEventListener('abort', onAbort);

    for (let i = 0; i < workerCount; i++) {
      const w = new Worker(new URL('./batch-worker.js', import.meta.url), { workerData: { plan, rows: options.onColumns ? 'columns' : options.onRows !== undefined, aggregate: aggregated } });
      workers.push(w);
      w.on('message', (msg: WorkerReply) => {
        // After an error (or the end) nothing more is merged or written: a checkpoint after a failed
        // write would record rows that never reached the file.
        if (settled) return;
        if (msg.type === 'error') {
          const error = msg.code ? new SimulationError(msg.code, msg.message, msg.where) : new Error(`a batch worker failed: ${msg.message}${msg.stack ? `\n${msg.stack}` : ''}`);
          finish(error);
          return;
        }
        if (msg.type === 'block') {
          inFlight--;
          outstanding.set(w, (outstanding.get(w) ?? 1) - 1);
          done += msg.end - msg.start;
          pending.set(msg.index, { aggregate: msg.aggregate as ArmAggregateWire[] | undefined, rows: msg.rows, columns: msg.columns, runs: msg.end - msg.start, from: w });
          // Keep the worker busy first, then merge (and only then may the batch finish).
          hand();
          try {
            commit();
          } catch (error) {
            // Writing rows or a checkpoint failed (a full disk, say): stop with that error.
            finish(error);
            return;
          }
          progress(false);
        } else ready.add(w);
        fill();
      });
      w.on('error', (error) => finish(error));
      w.on('exit', (code) => {
        if (!settled && code !== 0) finish(new Error(`a batch worker exited with code ${code}`));
      });
    }
    if (options.signal?.aborted) onAbort();
  });
}

/** Whether every buffer of a column block is shared (one the worker allocated, not a cut copy). */
function isShared(buffers: ColumnBuffers): boolean {
  return Object.values(buffers).every((b) => b instanceof SharedArrayBuffer);
}
