import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { BatchSummary } from '../../montecarlo/batch-summary.js';
import { BatchFileError } from '../../montecarlo/batch-file-error.js';
import { aggregateShapeOf } from '../../montecarlo/batch-aggregate.js';
import { mergeOrder, mergeSummaries } from '../../montecarlo/merge-summaries.js';
import { AtomicFile } from '../../report/atomic-file.js';
import { CHECKPOINT_FILE, readCheckpoint } from '../../report/batch-checkpoint.js';
import { copyCsvRows } from '../../report/copy-csv-rows.js';
import { formatBatchSummary } from '../../report/format-batch-summary.js';
import { RUNS_COLUMNS_FILE, runsColumnsPath } from '../../report/runs-columns-file.js';
import { writeBatchRunColumns } from '../../report/batch-run-columns.js';
import { OutFolderLock } from '../../report/out-folder-lock.js';
import { asBatchUserError, publicSummary, readSummaryFile, summaryJson } from '../run-batch-command.js';
import { UserError } from '../user-error.js';

/** `parley merge DIR... --out DIR`: shards of one batch combined into what a single run writes. */
export function registerMergeCommand(program: Command): void {
  program
    .command('merge')
    .description('Combine the outputs of `parley run --shard k/n --out DIR` into exactly what one run of the whole batch writes.')
    .argument('<dirs...>', 'shard output folders (each with summary.json and runs.csv), in any order')
    .requiredOption('--out <dir>', 'folder for the merged summary.json and runs.csv')
    .option('--json', 'print the merged summary as JSON on stdout')
    .option('--quiet', 'print nothing but errors')
    .option('--columns', 'also write runs.columns (the binary runs file `parley explore` opens fastest) for the merged runs.csv')
    .option('--detail', 'comparing strategies: after the verdict, every paired comparison and each strategy\'s full report')
    .addHelpText('after', '\nExample:\n  $ for k in 1 2 3 4; do parley run s.json --runs 100000 --seed 7 --shard $k/4 --out out/shard-$k; done\n  $ parley merge out/shard-* --out out/all')
    .action(async (dirs: string[], opts: { out: string; json?: boolean; quiet?: boolean; detail?: boolean; columns?: boolean }) => {
      let lock: OutFolderLock | undefined;
      try {
        const summaries = dirs.map((dir) => readSummary(dir));
        const merged = mergeSummaries(summaries, dirs);
        if ('problem' in merged) throw new UserError(merged.problem.message, merged.problem.hint);
        lock = OutFolderLock.take(opts.out, `parley ${process.argv.slice(2).join(' ')}`.slice(0, 300));
        // runs.csv: the shards' rows are sorted by run index and the shards are contiguous, so
        // concatenating them in range order (one header) is the single run's file. Each shard's
        // rows are checked against its summary (count) and checkpoint (sha256) on the way.
        const csv = new AtomicFile(join(opts.out, 'runs.csv'));
        const summaryFile = new AtomicFile(join(opts.out, 'summary.json'));
        try {
          let header: string | undefined;
          for (const i of mergeOrder(summaries)) {
            const file = join(dirs[i]!, 'runs.csv');
            const own = copyCsvRows(file, csv, header === undefined);
            checkShardRows(dirs[i]!, summaries[i]!, own);
            if (header === undefined) header = own.header;
            else if (own.header !== header) throw new UserError(`${file} has different columns from the other shards`, 'shards of one batch share the scenario and options');
          }
          // Both files complete on disk before either is renamed: they change together.
          csv.prepare();
          summaryFile.write(summaryJson(merged.summary));
          summaryFile.prepare();
          // The shards' runs.columns are not combined; an older one in --out no longer matches.
          rmSync(runsColumnsPath(opts.out), { force: true });
          csv.rename();
          summaryFile.rename();
        } catch (error) {
          csv.abort();
          summaryFile.abort();
          throw error;
        }
        if (opts.columns) {
          const written = await writeBatchRunColumns(opts.out, merged.summary);
          if (!opts.quiet && !opts.json) process.stderr.write(`parley: wrote ${written.file} (${(written.bytes / 1e6).toFixed(1)} MB)\n`);
        } else if (!opts.quiet && dirs.some((d) => existsSync(runsColumnsPath(d)))) {
          process.stderr.write(`parley: the shards' ${RUNS_COLUMNS_FILE} files are not merged (parley explore reads the merged runs.csv; --columns writes one for it)\n`);
        }
        if (opts.json) process.stdout.write(JSON.stringify(publicSummary(merged.summary), null, 2) + '\n');
        else if (!opts.quiet) process.stdout.write(formatBatchSummary(merged.summary, { out: opts.out, detail: opts.detail === true }) + '\n');
      } catch (error) {
        throw asBatchUserError(error, opts.out);
      } finally {
        lock?.release();
      }
    });
}

function readSummary(dir: string): BatchSummary {
  const file = join(dir, 'summary.json');
  if (!existsSync(file)) throw new UserError(`${dir}: no summary.json`, 'give the folders written by `parley run ... --shard k/n --out DIR`');
  if (!existsSync(join(dir, 'runs.csv'))) throw new UserError(`${dir}: no runs.csv next to its summary.json`);
  return readSummaryFile(file);
}

/** A shard's runs.csv must hold a row per run and arm of its summary, and match its checkpoint. */
function checkShardRows(dir: string, summary: BatchSummary, copied: { rows: number; sha256: string }): void {
  const file = join(dir, 'runs.csv');
  const expected = summary.runs * summary.arms.length;
  if (copied.rows !== expected) {
    throw new BatchFileError(file, `has ${copied.rows} rows, its summary.json counts ${expected} (${summary.runs} runs x ${summary.arms.length} arms): it was cut short or added to`, 'run that shard again');
  }
  if (!existsSync(join(dir, CHECKPOINT_FILE))) return; // written by an older parley: the count is all there is to check
  const shape = aggregateShapeOf(summary.scenario);
  const cp = readCheckpoint(dir, shape);
  if (cp && cp.range.start === summary.range.start && cp.range.end === summary.range.end && cp.runsCsv.sha256 !== copied.sha256) {
    throw new BatchFileError(file, 'its rows differ from those its checkpoint.json recorded (sha256 mismatch): the file was changed', 'run that shard again');
  }
}
