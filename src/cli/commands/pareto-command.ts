import { join } from 'node:path';
import type { Command } from 'commander';
import { loadOrExit } from '../load-or-exit.js';
import { parseInteger } from '../parse-integer.js';
import { runCountLimits } from '../run-count-limits.js';
import { UserError } from '../user-error.js';
import { strategyHint, strategyOption } from '../batch-options.js';
import { analysisProgress } from '../analysis-progress.js';
import { runParetoBatch } from '../../analysis/pareto-batch.js';
import { formatPareto } from '../../report/format-sensitivity.js';
import { writeFileAtomic } from '../../report/atomic-file.js';

/** `parley pareto <scenario>`: each track's deals against its Pareto frontier and Nash bargaining point. */
export function registerParetoCommand(program: Command): void {
  program
    .command('pareto')
    .description(
      "How good the deals are for both sides: each track's Pareto frontier of host and counterpart utility over the terms its moves allow (a grid), the Nash bargaining point at the reservation values, and each deal's distance to both.",
    )
    .argument('<scenario>', 'scenario file')
    .option('--runs <n>', 'runs to collect deals from', parseInteger('--runs', 1, runCountLimits.inMemory, 'every deal is kept in memory'), 2000)
    .option('--seed <seed>', 'master seed; run i depends on (seed, i) alone', '1')
    .option('--strategy <name>', "host strategy (default: the scenario's default)", strategyOption)
    .option('--json', 'print the results as JSON (what --out writes to pareto.json)')
    .option('--out <dir>', 'write pareto.json to this folder (`parley report` draws it)')
    .option('--quiet', 'no progress and no report on the terminal')
    .action((file: string, opts: { runs: number; seed: string; strategy?: string; json?: boolean; out?: string; quiet?: boolean }) => {
      const scenario = loadOrExit(file, { quietWarnings: opts.json || opts.quiet });
      const strategy = opts.strategy ?? scenario.defaultStrategy;
      if (!scenario.strategies.has(strategy)) throw new UserError(`no strategy '${strategy}'`, strategyHint(strategy, [...scenario.strategies.keys()]).replace(/; or --strategy all to compare them/, ''));
      const progress = analysisProgress(opts.quiet === true);
      let report;
      try {
        report = runParetoBatch(scenario, { seed: opts.seed, runs: opts.runs, strategy, onProgress: progress.update });
      } finally {
        progress.close();
      }
      const json = JSON.stringify(report, null, 2) + '\n';
      if (opts.out !== undefined) writeFileAtomic(join(opts.out, 'pareto.json'), json);
      if (opts.json) process.stdout.write(json);
      else if (!opts.quiet) process.stdout.write(`${scenario.file.title}\n${opts.runs.toLocaleString('en-US')} runs · seed ${opts.seed} · strategy ${strategy}\n\n${formatPareto(report).join('\n')}\n`);
    });
}
