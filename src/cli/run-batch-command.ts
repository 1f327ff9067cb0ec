import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { blockSizeFor, type BatchArm, type BatchPlan } from '../montecarlo/batch-plan.js';
import { runBatch, widestOutcomeInterval } from '../montecarlo/run-batch.js';
import { aggregateShape } from '../montecarlo/run-block.js';
import { scenarioInfo, summarizeBatch, type BatchSummary, type SummaryHeader } from '../montecarlo/batch-summary.js';
import { AtomicFile, writeFileAtomic } from '../report/atomic-file.js';
import { runsCsvHeader } from '../montecarlo/runs-csv.js';
import { copyCsvRows } from '../report/copy-csv-rows.js';
import { BatchAggregate } from '../montecarlo/batch-aggregate.js';
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
  /** Continue the batch in `out` (interrupted, or extended to more --runs) instead of starting over. */
  readonly resume?: boolean;
}


/**
 * Runs a batch for `parley run --runs`: progress on stderr, runs.csv streamed to disk in run order,
 * summary.json written last (both atomically), the summary on stdout. Ctrl-C stops handing out
 * blocks and keeps the runs finished in order so far; a second Ctrl-C quits without writing.
 */
export async function runBatchCommand(scenario: CompiledScenario, o: BatchCommandOptions): Promise<void> {
  const range = shardRange(o.runs, o.shard);
  const previous = o.resume ? readPrevious(scenario, o, range) : undefined;
  const shape = aggregateShape(scenario);
  const plan: BatchPlan = {
    scenarioText: readScenarioText(scenario),
    scenarioFile: scenario.path,
    scenarioHash: scenario.hash,
    seed: o.seed,
    start: previous?.range.end ?? range.start,
    end: range.end,
    runs: o.runs,
    arms: o.arms,
    variants: o.variants,
  };
  const blockSize = blockSizeFor(plan.end - plan.start, o.workers, o.untilCi !== undefined);

  let csv: AtomicFile | undefined;
  if (o.out !== undefined) {
    const header = runsCsvHeader({
      metrics: scenario.metrics.map((m) => m.id),
      tracks: scenario.tracks.map((t) => t.id),
      parameters: scenario.parameters.map((p) => p.name),
      variants: o.variants,
    });
    csv = new AtomicFile(join(o.out, 'runs.csv'));
    if (previous) {
      // The rows so far, then the new ones: the file ends as one uninterrupted run would write it.
      const existing = copyCsvRows(join(o.out, 'runs.csv'), csv, true);
      if (existing !== header) {
        csv.abort();
        throw new UserError(`${join(o.out, 'runs.csv')} has other columns than this batch writes`, 'resume with the same scenario and options, or start a new --out folder');
      }
    } else csv.write(header);
  }
  const progress = await progressReporter({ quiet: o.quiet || (o.json && !process.stderr.isTTY), arms: o.arms.length, untilCi: o.untilCi });
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
      progress.close();
      process.stderr.write(
        `\nparley: stopping; keeping the runs finished so far${o.out !== undefined ? ' (continue later: the same command with --resume)' : ''}; Ctrl-C again to quit without writing\n`,
      );
      controller.abort();
    } else {
      csv?.abort();
      process.exit(130);
    }
  };
  process.on('SIGINT', onSigint);
  let batch;
  try {
    batch = await runBatch(plan, shape, {
      workers: o.workers,
      blockSize,
      onRows: csv ? (rows) => csv.writeBytes(rows) : undefined,
      onProgress: (p) => progress.update(p),
      untilCi: o.untilCi,
      signal: controller.signal,
      initial: previous ? BatchAggregate.fromJSON(shape, previous.aggregate) : undefined,
    });
  } catch (error) {
    csv?.abort();
    throw error;
  } finally {
    progress.close();
  }

  const header: SummaryHeader = {
    scenario: scenarioInfo(scenario),
    seed: o.seed,
    batchRuns: o.runs,
    range: { start: range.start, end: batch.end },
    shard: o.shard ?? null,
    sets: Object.fromEntries(o.sets),
    arms: o.arms,
  };
  const widest = widestOutcomeInterval(batch.aggregate);
  const summary = summarizeBatch(header, batch.aggregate, {
    reason: batch.stop,
    untilCi: o.untilCi ?? null,
    met: o.untilCi === undefined ? null : widest < o.untilCi,
    widestInterval: widest,
  });
  if (o.out !== undefined) {
    const text = summaryJson(summary);
    committing = true;
    csv!.commit();
    writeFileAtomic(join(o.out, 'summary.json'), text);
    committing = false;
    if (quitAfterCommit) process.exit(130);
  }
  process.off('SIGINT', onSigint);
  if (o.json) process.stdout.write(JSON.stringify(publicSummary(summary), null, 2) + '\n');
  else if (!o.quiet) process.stdout.write(formatBatchSummary(summary, { workers: Math.min(o.workers, Math.ceil((range.end - range.start) / blockSize)), elapsedMs: batch.elapsedMs, out: o.out }) + '\n');
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

/**
 * The summary in --out to resume from: the same scenario, seed, arms, shard and engine, and not
 * past the requested runs. Runs are independent, so an interrupted batch, or a finished one asked
 * for more --runs, continues from where it stopped and ends byte-identical to one straight run.
 */
function readPrevious(scenario: CompiledScenario, o: BatchCommandOptions, range: { start: number; end: number }): BatchSummary | undefined {
  if (o.out === undefined) throw new UserError('--resume needs --out DIR: the folder of the batch to continue');
  const file = join(o.out, 'summary.json');
  if (!existsSync(file)) {
    // Nothing there yet (e.g. a first attempt killed before writing): start from scratch.
    if (existsSync(join(o.out, 'runs.csv'))) throw new UserError(`${o.out} has runs.csv but no summary.json`, 'remove the folder or choose another --out');
    return undefined;
  }
  let prev: BatchSummary;
  try {
    prev = JSON.parse(readFileSync(file, 'utf8')) as BatchSummary;
  } catch (error) {
    throw new UserError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const same = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new UserError(`cannot resume ${o.out}: its ${what} is ${JSON.stringify(a)}, this batch has ${JSON.stringify(b)}`, 'resume with the same scenario file and options, or choose another --out');
  };
  same('engine version', prev.engineVersion, ENGINE_VERSION);
  same('scenario hash', prev.scenario?.hash, scenario.hash);
  same('seed', prev.seed, o.seed);
  same('arms (strategies, --set, --compare-set)', prev.arms, o.arms);
  same('shard', prev.shard, o.shard ?? null);
  same('first run', prev.range.start, range.start);
  if (o.shard && prev.batchRuns !== o.runs) same('--runs (a shard cannot grow)', prev.batchRuns, o.runs);
  if (prev.range.end > range.end) throw new UserError(`${o.out} already has ${prev.runs} runs, more than --runs ${o.runs}`, 'give --runs at least as large as before');
  return prev;
}

function readScenarioText(scenario: CompiledScenario): string {
  // The workers load the same bytes the main thread loaded (checked by hash).
  let text: string;
  try {
    text = readFileSync(scenario.path, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read ${scenario.path} again for the workers: ${(error as Error).message}`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
