import { aggregateShapeOf, BatchAggregate } from './batch-aggregate.js';
import { summarizeBatch, SUMMARY_FORMAT_VERSION, type BatchSummary } from './batch-summary.js';
import { widestOutcomeInterval } from './run-batch.js';

/** Why shards cannot be merged: a message and a hint, for the CLI to print. */
export interface MergeProblem {
  readonly message: string;
  readonly hint?: string;
}

/**
 * Combines the summaries of shards of one batch into the summary a single run of the whole batch
 * writes, byte for byte: the shards must share scenario (hash), seed, batch size, arms and engine
 * version, and cover the runs [0, batchRuns) without gaps or overlaps. `names` label the inputs in
 * problems (their folders).
 */
export function mergeSummaries(summaries: readonly BatchSummary[], names: readonly string[]): { summary: BatchSummary } | { problem: MergeProblem } {
  if (summaries.length === 0) return { problem: { message: 'nothing to merge' } };
  const first = summaries[0]!;
  for (const [i, s] of summaries.entries()) {
    const name = names[i]!;
    if (s.kind !== 'parley-batch' || s.formatVersion !== SUMMARY_FORMAT_VERSION) {
      return { problem: { message: `${name}: not a parley batch summary of format ${SUMMARY_FORMAT_VERSION}`, hint: 're-run the shard with this version of parley' } };
    }
    const differs = (what: string, a: unknown, b: unknown): { problem: MergeProblem } | undefined =>
      JSON.stringify(a) === JSON.stringify(b)
        ? undefined
        : { problem: { message: `${name} and ${names[0]} differ in ${what}: ${JSON.stringify(b)} vs ${JSON.stringify(a)}`, hint: 'shards of one batch share the scenario file, --seed, --runs, --strategy, --set and --compare-set' } };
    const problem =
      differs('engine version', first.engineVersion, s.engineVersion) ??
      differs('scenario (sha256 of the file)', first.scenario.hash, s.scenario.hash) ??
      differs('seed', first.seed, s.seed) ??
      differs('batch size (--runs)', first.batchRuns, s.batchRuns) ??
      differs('arms (strategies and held parameters)', first.arms, s.arms) ??
      differs('held parameters (--set)', first.sets, s.sets);
    if (problem) return problem;
    if (s.stop.reason === 'interrupted') return { problem: { message: `${name} was interrupted after ${s.runs} runs`, hint: `run that shard again (${s.shard ? `--shard ${s.shard.index}/${s.shard.count}` : 'the same command'}) before merging` } };
    if (s.stop.untilCi !== null) return { problem: { message: `${name} was run with --until-ci; such batches stop early and cannot be merged` } };
  }
  const order = summaries.map((s, i) => i).sort((a, b) => summaries[a]!.range.start - summaries[b]!.range.start);
  let at = 0;
  for (const i of order) {
    const s = summaries[i]!;
    if (s.range.start > at) return { problem: { message: `runs ${at}–${s.range.start - 1} are missing`, hint: `no shard covers them; the folders given cover ${coverage(summaries)}` } };
    if (s.range.start < at) return { problem: { message: `${names[i]} overlaps another shard at run ${s.range.start}`, hint: 'give each shard once' } };
    at = s.range.end;
  }
  if (at !== first.batchRuns) return { problem: { message: `runs ${at}–${first.batchRuns - 1} are missing`, hint: `no shard covers them; the folders given cover ${coverage(summaries)}` } };

  const shape = aggregateShapeOf(first.scenario);
  const total = new BatchAggregate(shape, first.arms.length);
  for (const i of order) total.merge(BatchAggregate.fromJSON(shape, summaries[i]!.aggregate));
  const widest = widestOutcomeInterval(total);
  const summary = summarizeBatch(
    { scenario: first.scenario, seed: first.seed, batchRuns: first.batchRuns, range: { start: 0, end: first.batchRuns }, shard: null, sets: first.sets, arms: first.arms },
    total,
    { reason: 'complete', untilCi: null, met: null, widestInterval: widest },
  );
  return { summary };
}

/** The order in which to concatenate the shards' runs.csv files. */
export function mergeOrder(summaries: readonly BatchSummary[]): number[] {
  return summaries.map((_, i) => i).sort((a, b) => summaries[a]!.range.start - summaries[b]!.range.start);
}

function coverage(summaries: readonly BatchSummary[]): string {
  return [...summaries]
    .sort((a, b) => a.range.start - b.range.start)
    .filter((s) => s.range.end > s.range.start)
    .map((s) => `${s.range.start}–${s.range.end - 1}`)
    .join(', ') || 'no runs';
}
