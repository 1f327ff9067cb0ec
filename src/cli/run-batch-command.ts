import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { BLOCK_SIZE, type BatchArm, type BatchPlan } from '../montecarlo/batch-plan.js';
import { runBatch, widestOutcomeInterval } from '../montecarlo/run-batch.js';
import { aggregateShape } from '../montecarlo/run-block.js';
import { scenarioInfo, summarizeBatch, type BatchSummary, type SummaryHeader } from '../montecarlo/batch-summary.js';
import { AtomicFile, writeFileAtomic } from '../report/atomic-file.js';
import { runsCsvHeader } from '../report/runs-csv.js';
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
}

/** Largest block (runs) handed to a worker: bounds what waits in the reorder window. */
const MAX_BLOCK = 5000;

/**
 * Runs a batch for `parley run --runs`: progress on stderr, runs.csv streamed to disk in run order,
 * summary.json written last (both atomically), the summary on stdout. Ctrl-C stops handing out
 * blocks and keeps the runs finished in order so far; a second Ctrl-C quits without writing.
 */
export async function runBatchCommand(scenario: CompiledScenario, o: BatchCommandOptions): Promise<void> {
  const range = shardRange(o.runs, o.shard);
  const plan: BatchPlan = {
    scenarioText: readScenarioText(scenario),
    scenarioFile: scenario.path,
    scenarioHash: scenario.hash,
    seed: o.seed,
    start: range.start,
    end: range.end,
    runs: o.runs,
    arms: o.arms,
    variants: o.variants,
  };
  const shape = aggregateShape(scenario);
  // Results never depend on the block size (aggregates merge exactly); --until-ci checks at block
  // boundaries, so it keeps a fixed, small block for a stopping point that is the same everywhere.
  const blockSize =
    o.untilCi !== undefined ? BLOCK_SIZE : Math.min(MAX_BLOCK, Math.max(BLOCK_SIZE, Math.ceil((range.end - range.start) / (o.workers * 16) / BLOCK_SIZE) * BLOCK_SIZE));

  let csv: AtomicFile | undefined;
  if (o.out !== undefined) {
    csv = new AtomicFile(join(o.out, 'runs.csv'));
    csv.write(
      runsCsvHeader({
        metrics: scenario.metrics.map((m) => m.id),
        tracks: scenario.tracks.map((t) => t.id),
        parameters: scenario.parameters.map((p) => p.name),
        variants: o.variants,
      }),
    );
  }
  const progress = await progressReporter({ quiet: o.quiet || (o.json && !process.stderr.isTTY), arms: o.arms.length, untilCi: o.untilCi });
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      progress.close();
      process.stderr.write('\nparley: stopping; keeping the runs finished so far (Ctrl-C again to quit without writing)\n');
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
      onRows: csv ? (rows) => csv.write(rows) : undefined,
      onProgress: (p) => progress.update(p),
      untilCi: o.untilCi,
      signal: controller.signal,
    });
  } catch (error) {
    csv?.abort();
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
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
    csv!.commit();
    writeFileAtomic(join(o.out, 'summary.json'), summaryJson(summary));
  }
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
