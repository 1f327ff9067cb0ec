import { existsSync, rmSync, statSync } from 'node:fs';
import { scenarioTextForWorkers } from './read-scenario.js';
import { join } from 'node:path';
import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { blockSizeFor, type BatchArm, type BatchPlan } from '../montecarlo/batch-plan.js';
import { runBatch, widestOutcomeInterval } from '../montecarlo/run-batch.js';
import { aggregateShape } from '../montecarlo/run-block.js';
import { scenarioInfo, summarizeBatch, SUMMARY_FORMAT_VERSION, type BatchSummary, type SummaryHeader } from '../montecarlo/batch-summary.js';
import { runsCsvHeader } from '../montecarlo/runs-csv.js';
import { aggregateShapeOf, BatchAggregate, type AggregateShape } from '../montecarlo/batch-aggregate.js';
import { BatchFileError } from '../montecarlo/batch-file-error.js';
import { checkAggregateState } from '../montecarlo/check-aggregate-state.js';
import { AtomicFile } from '../report/atomic-file.js';
import { injectedFaults } from '../report/injected-faults.js';
import { onFile, OutputFileError } from '../report/output-file-error.js';
import { batchJsonFile, InputFileError, readInputFile } from '../report/input-file.js';
import { CHECKPOINT_FILE, CHECKPOINT_FORMAT_VERSION, readCheckpoint, writeCheckpoint } from '../report/batch-checkpoint.js';
import { LOCK_FILE, OutFolderLock, OutFolderLockedError } from '../report/out-folder-lock.js';
import { JOURNAL_FILE, RunsJournal } from '../report/runs-journal.js';
import { runsColumnsPath } from '../report/runs-columns-file.js';
import { writeBatchRunColumns } from '../report/batch-run-columns.js';
import { ENGINE_VERSION } from '../engine/engine-version.js';
import { formatBatchSummary } from '../report/format-batch-summary.js';
import { shardRange } from './batch-options.js';
import { progressReporter } from './batch-progress-reporter.js';
import { UserError } from './user-error.js';

export interface BatchCommandOptions {
  readonly seed: string;
  readonly runs: number;
  readonly arms: readonly BatchArm[];
  readonly variants: boolean;
  readonly sets: readonly [string, number][];
  readonly workers: number;
  readonly untilCi?: number;
  readonly shard?: { index: number; count: number };
  readonly out?: string;
  readonly json: boolean;
  readonly quiet: boolean;
  /** Comparing strategies: every paired comparison and each strategy's full report after the verdict. */
  readonly detail?: boolean;
  /** Continue the batch in `out` (interrupted, killed, or extended to more --runs) instead of starting over. */
  readonly resume?: boolean;
  /** Seconds between checkpoints (0: after every block). Default CHECKPOINT_SECONDS. */
  readonly checkpointEvery?: number;
  /** With --out: write runs.columns (the binary runs file) once runs.csv is complete. */
  readonly columns?: boolean;
}

/** Seconds between two checkpoints of a batch with --out, by default. */
export const CHECKPOINT_SECONDS = 30;

/**
 * Runs a batch for `parley run --runs`: progress on stderr, the summary on stdout and, with --out,
 * files that survive any stop. The folder is locked (`.parley.lock`) for one writer, and the
 * leftovers of killed writers are removed. Rows are appended in run order to runs.partial.csv;
 * every --checkpoint-every seconds the rows so far are fsynced and checkpoint.json records them
 * (count, bytes, sha256) with the mergeable aggregate, atomically. At the end runs.partial.csv
 * becomes runs.csv and summary.json is written, the two renamed together after a last checkpoint.
 * Ctrl-C stops handing out blocks and commits the runs finished in order so far; a second Ctrl-C
 * quits at once, leaving the last checkpoint; kill -9 leaves the last checkpoint too. `--resume`
 * continues from the checkpoint (or from a finished summary.json) after checking the rows against it.
 */
export async function runBatchCommand(scenario: CompiledScenario, o: BatchCommandOptions): Promise<void> {
  if (o.resume && o.out === undefined) throw new UserError('--resume needs --out DIR: the folder of the batch to continue');
  if (o.checkpointEvery !== undefined && o.out === undefined) throw new UserError('--checkpoint-every needs --out DIR: checkpoints are written there');
  if (o.columns && o.out === undefined) throw new UserError('--columns needs --out DIR: runs.columns is written there, next to runs.csv');
  const out = o.out;
  let lock: OutFolderLock | undefined;
  const progressNote = { checkpointEnd: undefined as number | undefined, start: 0 };
  try {
    if (out !== undefined) lock = OutFolderLock.take(out, `parley ${process.argv.slice(2).join(' ')}`.slice(0, 300));
    await runBatchLocked(scenario, o, progressNote);
  } catch (error) {
    throw asBatchUserError(error, out, progressNote);
  } finally {
    lock?.release();
  }
}

async function runBatchLocked(scenario: CompiledScenario, o: BatchCommandOptions, note: { checkpointEnd: number | undefined; start: number }): Promise<void> {
  const range = shardRange(o.runs, o.shard);
  note.start = range.start;
  const shape = aggregateShape(scenario);
  const out = o.out;
  const header =
    out === undefined
      ? ''
      : runsCsvHeader({
          metrics: scenario.metrics.map((m) => m.id),
          tracks: scenario.tracks.map((t) => t.id),
          parameters: scenario.parameters.map((p) => p.name),
          variants: o.variants,
        });
  const previous = o.resume && out !== undefined ? resumePoint(scenario, o, range, shape, header) : undefined;
  if (!o.quiet && !o.json && out !== undefined) {
    if (previous && previous.end > range.start) {
      process.stderr.write(`parley: resuming ${out}: runs ${range.start}-${previous.end - 1} kept (checked), ${(range.end - previous.end).toLocaleString('en-US')} to go\n`);
    } else if (!o.resume && existsSync(join(out, JOURNAL_FILE)) && existsSync(join(out, CHECKPOINT_FILE))) {
      process.stderr.write(`parley: ${out} holds an unfinished batch; starting over (the same command with --resume would continue it)\n`);
    }
  }
  const start = previous?.end ?? range.start;
  const plan: BatchPlan = {
    scenarioText: scenarioTextForWorkers(scenario),
    scenarioFile: scenario.path,
    scenarioHash: scenario.hash,
    seed: o.seed,
    start,
    end: range.end,
    runs: o.runs,
    arms: o.arms,
    variants: o.variants,
  };
  const blockSize = blockSizeFor(plan.end - plan.start, o.workers, o.untilCi !== undefined);

  // Ctrl-C is handled from here on, before any file is written.
  let progress: Awaited<ReturnType<typeof progressReporter>> | undefined;
  let journal: RunsJournal | undefined;
  const controller = new AbortController();
  let interrupts = 0;
  // While the finished outputs are renamed into place a second Ctrl-C waits for the renames (a few
  // microseconds), so runs.csv and summary.json never disagree.
  let committing = false;
  let quitAfterCommit = false;
  const onSigint = () => {
    interrupts++;
    if (committing) {
      quitAfterCommit = true;
      return;
    }
    if (interrupts === 1) {
      progress?.close();
      process.stderr.write(
        `\nparley: stopping; keeping the runs finished so far${out !== undefined ? ' (continue later: the same command with --resume)' : ''}; Ctrl-C again to quit without writing\n`,
      );
      controller.abort();
    } else {
      // Like kill -9: the last checkpoint stays, and --resume continues from it.
      journal?.close();
      process.exit(130);
    }
  };
  process.on('SIGINT', onSigint);
  const checkpoint = (end: number, aggregate: BatchAggregate) => {
    const runsCsv = journal!.sync();
    writeCheckpoint(out!, {
      formatVersion: CHECKPOINT_FORMAT_VERSION,
      kind: 'parley-checkpoint',
      engineVersion: ENGINE_VERSION,
      scenario: { file: scenarioInfo(scenario).file, hash: scenario.hash },
      seed: o.seed,
      batchRuns: o.runs,
      shard: o.shard ?? null,
      arms: o.arms,
      range: { start: range.start, end },
      runsCsv,
      aggregate: aggregate.toJSON(),
    });
    note.checkpointEnd = end;
  };
  const initial = previous?.aggregate ?? new BatchAggregate(shape, o.arms.length);
  try {
    journal = out === undefined ? undefined : (previous?.journal ?? RunsJournal.create(out, header));
    // A fresh batch records its empty start at once, replacing any older batch's checkpoint, so a
    // kill at any later moment finds a checkpoint that matches runs.partial.csv.
    if (journal && !previous) checkpoint(range.start, initial);
    if (previous) note.checkpointEnd = previous.end;
  } catch (error) {
    journal?.close();
    process.off('SIGINT', onSigint);
    throw error;
  }
  progress = await progressReporter({ quiet: o.quiet || (o.json && !process.stderr.isTTY), arms: o.arms.length, untilCi: o.untilCi });

  const everyMs = (o.checkpointEvery ?? CHECKPOINT_SECONDS) * 1000;
  let lastCheckpoint = performance.now();
  let batch;
  try {
    batch = await runBatch(plan, shape, {
      workers: o.workers,
      blockSize,
      onRows: journal ? (rows, runs) => journal.append(rows, runs * o.arms.length) : undefined,
      onCommitted: journal
        ? (end, aggregate) => {
            const now = performance.now();
            if (now - lastCheckpoint < everyMs || end === plan.end) return; // the end is checkpointed at the commit
            checkpoint(end, aggregate);
            lastCheckpoint = performance.now();
          }
        : undefined,
      onProgress: (p) => progress.update(p),
      untilCi: o.untilCi,
      signal: controller.signal,
      initial: previous ? initial : undefined,
    });
  } catch (error) {
    journal?.close();
    process.off('SIGINT', onSigint);
    throw error;
  } finally {
    progress.close();
  }

  const summaryHeader: SummaryHeader = {
    scenario: scenarioInfo(scenario),
    seed: o.seed,
    batchRuns: o.runs,
    range: { start: range.start, end: batch.end },
    shard: o.shard ?? null,
    sets: Object.fromEntries(o.sets),
    arms: o.arms,
  };
  const widest = widestOutcomeInterval(batch.aggregate);
  const summary = summarizeBatch(summaryHeader, batch.aggregate, {
    reason: batch.stop,
    untilCi: o.untilCi ?? null,
    met: o.untilCi === undefined ? null : widest < o.untilCi,
    widestInterval: widest,
  });
  if (out !== undefined) {
    // runs.csv and summary.json change together: the last checkpoint first (it is what --resume
    // finishes from if the renames are cut short), summary.json written whole beside it, then the
    // two renames, back to back.
    const summaryFile = new AtomicFile(join(out, 'summary.json'));
    try {
      checkpoint(batch.end, batch.aggregate);
      summaryFile.write(summaryJson(summary));
      summaryFile.prepare();
      committing = true;
      // A runs.columns of the runs.csv about to be replaced would no longer match it.
      removeFile(runsColumnsPath(out));
      journal!.commit();
      injectedFaults.killAt('commit');
      summaryFile.rename();
    } catch (error) {
      summaryFile.abort();
      journal!.close();
      process.off('SIGINT', onSigint);
      throw error;
    }
    committing = false;
    if (quitAfterCommit) process.exit(130);
    if (o.columns) {
      const started = performance.now();
      const written = await writeBatchRunColumns(out, summary);
      if (!o.quiet && !o.json) process.stderr.write(`parley: wrote ${written.file} (${(written.bytes / 1e6).toFixed(1)} MB, ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
    }
  }
  process.off('SIGINT', onSigint);
  if (o.json) process.stdout.write(JSON.stringify(publicSummary(summary), null, 2) + '\n');
  else if (!o.quiet) process.stdout.write(formatBatchSummary(summary, { workers: Math.min(o.workers, Math.ceil((range.end - range.start) / blockSize)), elapsedMs: batch.elapsedMs, out: o.out, detail: o.detail }) + '\n');
  if (batch.stop === 'interrupted') process.exitCode = 130;
}

/** summary.json as written: stable key order, two-space indent, a final newline. */
export function summaryJson(summary: BatchSummary): string {
  return JSON.stringify(summary, null, 2) + '\n';
}

/** The summary without its mergeable state (what --json prints: the results, for jq and scripts). */
export function publicSummary(summary: BatchSummary): Omit<BatchSummary, 'aggregate'> {
  const { aggregate: _state, ...rest } = summary;
  void _state;
  return rest;
}

/** Where a resumed batch starts: the end of the runs kept, their aggregate and the rows file to append to. */
interface ResumePoint {
  readonly end: number;
  readonly aggregate: BatchAggregate;
  readonly journal: RunsJournal;
}

/**
 * What --resume continues from in --out, checked against this batch (same engine, scenario hash,
 * seed, arms, shard and first run, not past the requested runs): the checkpoint when there is one
 * (after kill -9, Ctrl-C or a finished batch), else a summary.json written without one. Rows are
 * checked before anything is appended: their count and, against a checkpoint, their sha256.
 * Runs are independent, so the batch continues from there and ends byte-identical to one straight run.
 */
function resumePoint(scenario: CompiledScenario, o: BatchCommandOptions, range: { start: number; end: number }, shape: AggregateShape, header: string): ResumePoint | undefined {
  const out = o.out!;
  const same = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new UserError(`cannot resume ${out}: its ${what} is ${JSON.stringify(a)}, this batch has ${JSON.stringify(b)}`, 'resume with the same scenario file and options, or choose another --out');
  };
  const sameBatch = (prev: { engineVersion: string; scenario: { hash: string }; seed: string; arms: readonly BatchArm[]; shard: unknown; range: { start: number; end: number }; batchRuns: number }) => {
    same('engine version', prev.engineVersion, ENGINE_VERSION);
    same('scenario hash', prev.scenario?.hash, scenario.hash);
    same('seed', prev.seed, o.seed);
    same('arms (strategies, --set, --compare-set)', prev.arms, o.arms);
    same('shard', prev.shard, o.shard ?? null);
    same('first run', prev.range.start, range.start);
    if (o.shard && prev.batchRuns !== o.runs) same('--runs (a shard cannot grow)', prev.batchRuns, o.runs);
    if (prev.range.end > range.end) throw new UserError(`${out} already has ${prev.range.end - prev.range.start} runs, more than --runs ${o.runs}`, 'give --runs at least as large as before');
  };
  const journalFile = join(out, JOURNAL_FILE);
  const csvFile = join(out, 'runs.csv');

  const cp = readCheckpoint(out, shape);
  if (cp) {
    sameBatch(cp);
    // The rows are in runs.partial.csv while the batch runs, in runs.csv once it is committed
    // (or when a kill fell between the two renames of the commit).
    const sources = [journalFile, csvFile].filter((f) => existsSync(f));
    if (sources.length === 0) throw new BatchFileError(csvFile, `missing: checkpoint.json records ${cp.runsCsv.rows} rows`, 'start the batch over without --resume');
    let first: unknown;
    for (const source of sources) {
      try {
        const journal = RunsJournal.resume(out, source, cp.runsCsv, header);
        return { end: cp.range.end, aggregate: BatchAggregate.fromJSON(shape, cp.aggregate), journal };
      } catch (error) {
        first ??= error;
      }
    }
    throw first;
  }

  const file = join(out, 'summary.json');
  if (!existsSync(file)) {
    // Nothing there yet (a first attempt killed before its first checkpoint): start from scratch.
    if (existsSync(csvFile)) throw new UserError(`${out} has runs.csv but no summary.json`, 'remove the folder or choose another --out');
    return undefined;
  }
  const prev = readSummaryFile(file, shape);
  sameBatch(prev);
  if (!existsSync(csvFile)) throw new BatchFileError(csvFile, `missing: summary.json counts ${prev.runs * prev.arms.length} rows`, 'start the batch over without --resume');
  // Without a checkpoint (a folder written by an older parley) only the row count can be checked.
  const bytes = statSync(csvFile).size;
  const journal = RunsJournal.resume(out, csvFile, { rows: prev.runs * prev.arms.length, bytes, sha256: undefined }, header);
  return { end: prev.range.end, aggregate: BatchAggregate.fromJSON(shape, prev.aggregate), journal };
}

/**
 * A summary.json read and checked: valid JSON, a parley batch summary of this format, a range and
 * an aggregate whose counts are whole and add up to its runs.
 */
export function readSummaryFile(file: string, shape?: AggregateShape): BatchSummary {
  const text = readInputFile(file, batchJsonFile('summary.json'));
  let s: BatchSummary;
  try {
    s = JSON.parse(text) as BatchSummary;
  } catch (error) {
    throw new BatchFileError(file, `not valid JSON (${(error as Error).message})`);
  }
  const whole = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
  if (typeof s !== 'object' || s === null || s.kind !== 'parley-batch' || s.formatVersion !== SUMMARY_FORMAT_VERSION) {
    throw new BatchFileError(file, `not a parley batch summary of format ${SUMMARY_FORMAT_VERSION}`);
  }
  if (!s.range || !whole(s.range.start) || !whole(s.range.end) || s.range.end < s.range.start || !whole(s.batchRuns) || s.range.end > s.batchRuns || s.runs !== s.range.end - s.range.start) {
    throw new BatchFileError(file, 'its range of runs is missing or impossible');
  }
  if (!Array.isArray(s.arms) || s.arms.length === 0 || !s.scenario || !Array.isArray(s.scenario.outcomes) || !Array.isArray(s.scenario.metrics) || !Array.isArray(s.scenario.tracks)) {
    throw new BatchFileError(file, 'its arms or scenario description are missing');
  }
  const problem = checkAggregateState(s.aggregate, shape ?? aggregateShapeOf(s.scenario), s.arms.length, s.runs);
  if (problem) throw new BatchFileError(file, problem, 'the file was changed after parley wrote it; run that batch again');
  return s;
}

/**
 * The errors of a batch's files as the user sees them: exit 2, one line naming the file and the
 * cause, and what is left to resume from.
 */
export function asBatchUserError(error: unknown, out: string | undefined, note?: { checkpointEnd: number | undefined; start: number }): unknown {
  if (error instanceof OutputFileError) {
    const kept =
      note?.checkpointEnd === undefined
        ? ''
        : note.checkpointEnd > note.start
          ? `; ${join(out!, CHECKPOINT_FILE)} keeps runs ${note.start}-${note.checkpointEnd - 1}: fix the cause, then run the same command with --resume`
          : '; no runs were kept: fix the cause, then run the command again';
    return new UserError(`${error.message}${kept}`, undefined, 'E_WRITE_FAILED');
  }
  if (error instanceof OutFolderLockedError) {
    return new UserError(
      error.message,
      error.sameHost
        ? 'two batches must not write one folder: wait for that one to finish, stop it, or choose another --out'
        : `parley cannot tell whether a process on another host still runs; if it does not, delete ${join(error.folder, LOCK_FILE)}`,
      'E_OUT_LOCKED',
    );
  }
  if (error instanceof BatchFileError) return new UserError(error.message, error.hint, 'E_BATCH_FILE');
  if (error instanceof InputFileError) return new UserError(error.message, error.hint, error.code);
  return error;
}

/** Removes a file if it is there; a failure is a write failure naming it. */
function removeFile(file: string): void {
  onFile(file, 'write', () => rmSync(file, { force: true }));
}
