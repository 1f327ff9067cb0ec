import type { AggregateShape } from '../../montecarlo/batch-aggregate.js';
import type { BatchPlan } from '../../montecarlo/batch-plan.js';
import type { RunColumns } from '../../montecarlo/run-columns.js';
import { runBatch } from '../../montecarlo/run-batch.js';
import type { LiveBatch, LiveStatus } from './explore-source.js';

/**
 * Milliseconds between two notifications of the screen while rows arrive (a pause, a stop and the
 * end are shown at once). Each one redraws the screen on the main thread (React, the figures over
 * every row, then Ink's layout and output: 25-65 ms for the flagship's overview while the code is
 * cold), and with a batch on every core that time is taken from the workers. Once a second, as
 * `top` refreshes (docs/explore.md, "Live mode and the batch's speed").
 */
const NOTIFY_MS = 1000;

/**
 * Rows the store makes room for at the start (the whole batch, up to this): growing it as rows
 * arrive re-allocated and copied every column, which cost the main thread more than copying the
 * blocks in (about 300 ms for 18,000 flagship rows), time taken from the workers on 2 cores. A
 * bigger batch grows beyond this as before.
 */
const RESERVE_ROWS = 1 << 18;

/**
 * Runs a batch on worker threads into `store` while the explorer shows it: each committed block's
 * rows (run order, every arm) arrive as columns built by the workers and are copied into the store
 * (parsing runs.csv text here cost the main thread ~23 µs a flagship row, a quarter of a worker's
 * time per run, taken from the workers on a 2-core machine). Pausing aborts
 * the batch at the next block boundary (runBatch keeps every run finished in index order) and
 * resuming starts a new batch from there: run i depends on (seed, i) alone, so the rows are the ones
 * one straight batch writes. Stopping keeps the runs so far.
 */
export function startLiveBatch(plan: BatchPlan, shape: AggregateShape, store: RunColumns, options: { readonly workers: number; readonly blockSize: number }): LiveBatch {
  const listeners = new Set<() => void>();
  let status: LiveStatus = { state: 'running', done: 0, total: plan.end - plan.start, elapsedMs: 0 };
  let controller: AbortController | undefined;
  let wanted: 'run' | 'pause' | 'stop' = 'run';
  let spent = 0;
  let segmentStart = 0;
  let lastNotify = 0;
  let next = plan.start;
  // And the parameter sets, one per run index unless arms hold parameters (doubling the table as
  // blocks arrived copied it four times for 5,000 flagship runs).
  const rows = store.length + Math.min(RESERVE_ROWS, (plan.end - plan.start) * plan.arms.length);
  store.reserve(rows, Math.ceil(rows / plan.arms.length));
  const notify = (force: boolean) => {
    const now = performance.now();
    if (!force && now - lastNotify < NOTIFY_MS) return;
    lastNotify = now;
    for (const l of listeners) l();
  };
  const set = (s: Partial<LiveStatus>, force = true) => {
    status = { ...status, ...s };
    notify(force);
  };
  const segment = () => {
    controller = new AbortController();
    segmentStart = performance.now();
    set({ state: 'running' });
    runBatch({ ...plan, start: next }, shape, {
      workers: options.workers,
      blockSize: options.blockSize,
      signal: controller.signal,
      onColumns: (columns) => store.appendBlock(columns),
      // Every figure on the screens comes from the rows: the workers skip the batch aggregate.
      aggregate: false,
      onCommitted: (end) => set({ done: end - plan.start, elapsedMs: spent + performance.now() - segmentStart }, false),
    }).then(
      (batch) => {
        spent += batch.elapsedMs;
        next = batch.end;
        const done = batch.end - plan.start;
        controller = undefined;
        if (batch.end >= plan.end) set({ state: 'complete', done, elapsedMs: spent });
        // Resumed before the pause took effect: carry on from where it stopped.
        else if (wanted === 'run') segment();
        else if (wanted === 'pause') set({ state: 'paused', done, elapsedMs: spent });
        else set({ state: 'stopped', done, elapsedMs: spent });
      },
      (error: unknown) => {
        controller = undefined;
        set({ state: 'failed', error: String((error as Error)?.message ?? error), elapsedMs: spent + performance.now() - segmentStart });
      },
    );
  };
  segment();
  return {
    status: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    togglePause() {
      if (status.state === 'running' && controller) {
        wanted = 'pause';
        set({ state: 'paused' });
        controller.abort();
      } else if (status.state === 'paused') {
        wanted = 'run';
        if (controller) set({ state: 'running' });
        else segment();
      }
    },
    stop() {
      if (status.state === 'complete' || status.state === 'failed') return;
      wanted = 'stop';
      if (controller) controller.abort();
      else set({ state: 'stopped' });
    },
  };
}
