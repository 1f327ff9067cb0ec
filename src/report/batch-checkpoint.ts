import { existsSync } from 'node:fs';
import { batchJsonFile, readInputFile } from './input-file.js';
import { join } from 'node:path';
import { AtomicFile } from './atomic-file.js';
import { injectedFaults } from './injected-faults.js';
import { onFile } from './output-file-error.js';
import type { AggregateShape, ArmAggregateState } from '../montecarlo/batch-aggregate.js';
import { BatchFileError } from '../montecarlo/batch-file-error.js';
import type { BatchArm } from '../montecarlo/batch-plan.js';
import { checkAggregateState } from '../montecarlo/check-aggregate-state.js';

/** Bumped when checkpoint.json changes shape. */
export const CHECKPOINT_FORMAT_VERSION = 3;

/** The checkpoint's name in a batch's --out folder. */
export const CHECKPOINT_FILE = 'checkpoint.json';

/** What runs.csv's first `bytes` bytes hold, and their sha256: enough to check a file against it. */
export interface RunsCsvPrefix {
  /** Data rows (the header line not counted). */
  readonly rows: number;
  /** Bytes, the header line included. */
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * checkpoint.json: the finished prefix of a batch, written while it runs (every --checkpoint-every
 * seconds) and once more just before runs.csv and summary.json are renamed into place. It names the
 * batch (engine, scenario hash, seed, runs, shard, arms), the runs done, `[range.start, range.end)`,
 * how many bytes of the rows file hold exactly those runs and their sha256, and the mergeable
 * aggregate of those runs. `--resume` continues from it after any stop, kill -9 included, and
 * checks the rows file against it first.
 */
export interface BatchCheckpoint {
  readonly formatVersion: number;
  readonly kind: 'parley-checkpoint';
  readonly engineVersion: string;
  readonly scenario: { readonly file: string; readonly hash: string };
  readonly seed: string;
  readonly batchRuns: number;
  readonly shard: { readonly index: number; readonly count: number } | null;
  readonly arms: readonly BatchArm[];
  readonly range: { readonly start: number; readonly end: number };
  readonly runsCsv: RunsCsvPrefix;
  readonly aggregate: readonly ArmAggregateState[];
}

/**
 * Writes checkpoint.json atomically and durably (temporary file, fsync, rename, folder fsync), so
 * after a crash the folder holds this checkpoint or the previous one, whole.
 */
export function writeCheckpoint(folder: string, checkpoint: BatchCheckpoint): void {
  injectedFaults.killAt('before');
  const text = JSON.stringify(checkpoint) + '\n';
  const file = new AtomicFile(join(folder, CHECKPOINT_FILE));
  try {
    if (process.env.PARLEY_FAULT) {
      // A kill halfway through the write: half the text reaches the temporary file.
      file.writeBytes(Buffer.from(text.slice(0, text.length >> 1)));
      injectedFaults.killAt('during');
      file.write(text.slice(text.length >> 1));
    } else file.write(text);
    file.commit();
  } catch (error) {
    file.abort();
    throw error;
  }
  injectedFaults.checkpointWritten();
  injectedFaults.killAt('after');
}

/** The checkpoint in `folder`, checked for shape and sums; undefined when there is none. */
export function readCheckpoint(folder: string, shape: AggregateShape): BatchCheckpoint | undefined {
  const file = join(folder, CHECKPOINT_FILE);
  if (!existsSync(file)) return undefined;
  const text = readInputFile(file, batchJsonFile(CHECKPOINT_FILE));
  const hint = `delete ${file} (and runs.partial.csv) to start the batch over`;
  let cp: BatchCheckpoint;
  try {
    cp = JSON.parse(text) as BatchCheckpoint;
  } catch (error) {
    throw new BatchFileError(file, `not valid JSON (${(error as Error).message})`, hint);
  }
  if (typeof cp !== 'object' || cp === null || cp.kind !== 'parley-checkpoint' || cp.formatVersion !== CHECKPOINT_FORMAT_VERSION) {
    throw new BatchFileError(file, `not a parley checkpoint of format ${CHECKPOINT_FORMAT_VERSION}`, hint);
  }
  const r = cp.range;
  const csv = cp.runsCsv;
  const whole = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
  if (!r || !whole(r.start) || !whole(r.end) || r.end < r.start || !whole(cp.batchRuns) || r.end > cp.batchRuns || !Array.isArray(cp.arms)) {
    throw new BatchFileError(file, 'its range of runs is missing or impossible', hint);
  }
  if (!csv || !whole(csv.rows) || !whole(csv.bytes) || typeof csv.sha256 !== 'string' || csv.rows !== (r.end - r.start) * cp.arms.length) {
    throw new BatchFileError(file, `its runs.csv record does not match its ${r.end - r.start} runs of ${cp.arms.length} arms`, hint);
  }
  const problem = checkAggregateState(cp.aggregate, shape, cp.arms.length, r.end - r.start);
  if (problem) throw new BatchFileError(file, problem, hint);
  return cp;
}
