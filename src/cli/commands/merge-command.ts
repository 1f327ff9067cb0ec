import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { BatchSummary } from '../../montecarlo/batch-summary.js';
import { mergeOrder, mergeSummaries } from '../../montecarlo/merge-summaries.js';
import { AtomicFile, writeFileAtomic } from '../../report/atomic-file.js';
import { copyCsvRows } from '../../report/copy-csv-rows.js';
import { formatBatchSummary } from '../../report/format-batch-summary.js';
import { publicSummary, summaryJson } from '../run-batch-command.js';
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
    .addHelpText('after', '\nExample:\n  $ for k in 1 2 3 4; do parley run s.json --runs 100000 --seed 7 --shard $k/4 --out out/shard-$k; done\n  $ parley merge out/shard-* --out out/all')
    .action((dirs: string[], opts: { out: string; json?: boolean; quiet?: boolean }) => {
      const summaries = dirs.map((dir) => readSummary(dir));
      const merged = mergeSummaries(summaries, dirs);
      if ('problem' in merged) throw new UserError(merged.problem.message, merged.problem.hint);
      // runs.csv: the shards' rows are sorted by run index and the shards are contiguous, so
      // concatenating them in range order (one header) is the single run's file.
      const csv = new AtomicFile(join(opts.out, 'runs.csv'));
      try {
        let header: string | undefined;
        for (const i of mergeOrder(summaries)) {
          const file = join(dirs[i]!, 'runs.csv');
          const own = copyCsvRows(file, csv, header === undefined);
          if (header === undefined) header = own;
          else if (own !== header) throw new UserError(`${file} has different columns from the other shards`, 'shards of one batch share the scenario and options');
        }
        csv.commit();
      } catch (error) {
        csv.abort();
        throw error;
      }
      writeFileAtomic(join(opts.out, 'summary.json'), summaryJson(merged.summary));
      if (opts.json) process.stdout.write(JSON.stringify(publicSummary(merged.summary), null, 2) + '\n');
      else if (!opts.quiet) process.stdout.write(formatBatchSummary(merged.summary, { out: opts.out }) + '\n');
    });
}

function readSummary(dir: string): BatchSummary {
  const file = join(dir, 'summary.json');
  if (!existsSync(file)) throw new UserError(`${dir}: no summary.json`, 'give the folders written by `parley run ... --shard k/n --out DIR`');
  if (!existsSync(join(dir, 'runs.csv'))) throw new UserError(`${dir}: no runs.csv next to its summary.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as BatchSummary;
  } catch (error) {
    throw new UserError(`${file}: not valid JSON (${(error as Error).message})`);
  }
}
