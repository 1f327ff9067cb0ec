/**
 * The most runs each command accepts. A batch streams its runs (blocks are handed out lazily, rows
 * go to disk, aggregates have a fixed size), so its bound is only what counts exactly: 10^15 runs,
 * with runs x arms (the rows of runs.csv) within 2^53 - 1, the largest integer a double holds
 * exactly. Commands that keep every run in memory (explore's live batch, pareto, backtest, lint's
 * samples, sensitivity's swings) stop at a number that fits in about a gigabyte.
 */
export const runCountLimits = {
  /** `parley run --runs` (and its shards): at 100,000 runs/s, over 300 years. */
  batch: 1e15,
  /** Runs x arms of one batch: the rows of runs.csv, counted exactly. */
  batchRows: Number.MAX_SAFE_INTEGER,
  /** `explore --runs` (live), `pareto --runs`, `backtest --runs`, `lint --runs`. */
  inMemory: 1_000_000,
  /** `sensitivity --runs`, per arm (the base batch, each input at its low and at its high value): about 3 KB per run. */
  sensitivity: 100_000,
} as const;
