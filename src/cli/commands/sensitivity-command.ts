import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadOrExit } from '../load-or-exit.js';
import { parseInteger } from '../parse-integer.js';
import { UserError } from '../user-error.js';
import { strategyHint } from '../batch-options.js';
import { analysisProgress } from '../analysis-progress.js';
import { runSensitivity } from '../../analysis/sensitivity-analysis.js';
import { formatSensitivity } from '../../report/format-sensitivity.js';
import { writeFileAtomic } from '../../report/atomic-file.js';

/** `parley sensitivity <scenario>`: one-at-a-time swings (tornado), rank correlations, Pareto per track. */
export function registerSensitivityCommand(program: Command): void {
  program
    .command('sensitivity')
    .description(
      "Which parameters matter: swing each one from its low to its high value on the same runs (a tornado of the change in each outcome's probability and in the host's utility, with paired 95% intervals), Spearman rank correlations over a batch where every parameter is drawn, and each track's deals against its Pareto frontier and Nash point.",
    )
    .argument('<scenario>', 'scenario file')
    .option('--runs <n>', 'runs per arm (the base batch, and each parameter at its low and at its high value)', parseInteger('--runs', 4), 2000)
    .option('--seed <seed>', 'master seed; run i depends on (seed, i) alone', '1')
    .option('--strategy <name>', "host strategy (default: the scenario's default)")
    .option('--workers <k>', `swing the parameters on k worker threads of the batch runner (up to ${availableParallelism()} here); default 1: every run in this process, which is faster on a few cores`, parseInteger('--workers', 1), 1)
    .option('--json', 'print the results as JSON (what --out writes to sensitivity.json)')
    .option('--out <dir>', 'write sensitivity.json to this folder (next to a batch\'s summary.json, `parley report` draws it)')
    .option('--quiet', 'no progress and no report on the terminal')
    .addHelpText(
      'after',
      [
        '',
        'Runs (1 + 2 x parameters that vary) x --runs runs, in this process; with --workers K the swings run on the',
        "batch runner's worker threads (when a metric's expression is utility.host). Results do not depend on --workers.",
        '',
        'Examples:',
        '  $ parley sensitivity scenarios/supplier-duel.json --runs 2000',
        '  $ parley run scenarios/turkey-rare-earths.json --runs 20000 --out out/tre && parley sensitivity scenarios/turkey-rare-earths.json --out out/tre',
        '  $ parley sensitivity scenarios/supplier-duel.json --json | jq \'.swings[] | {name, utility: .utility.diff}\'',
      ].join('\n'),
    )
    .action(async (file: string, opts: { runs: number; seed: string; strategy?: string; workers?: number; json?: boolean; out?: string; quiet?: boolean }) => {
      const scenario = loadOrExit(file, { quietWarnings: opts.json || opts.quiet });
      const strategy = opts.strategy ?? scenario.defaultStrategy;
      if (!scenario.strategies.has(strategy)) throw new UserError(`no strategy '${strategy}'`, strategyHint(strategy, [...scenario.strategies.keys()]).replace(/; or --strategy all to compare them/, ''));
      const workers = opts.workers ?? 1;
      const progress = analysisProgress(opts.quiet === true);
      let report;
      try {
        report = await runSensitivity(scenario, {
          seed: opts.seed,
          runs: opts.runs,
          strategy,
          workers: workers > 1 ? { count: workers, scenarioText: scenarioText(scenario.path) } : undefined,
          onProgress: progress.update,
        });
      } finally {
        progress.close();
      }
      const json = JSON.stringify(report, null, 2) + '\n';
      if (opts.out !== undefined) writeFileAtomic(join(opts.out, 'sensitivity.json'), json);
      if (opts.json) process.stdout.write(json);
      else if (!opts.quiet) process.stdout.write(formatSensitivity(report) + '\n' + (opts.out !== undefined ? `\nWrote ${join(opts.out, 'sensitivity.json')}\n` : ''));
    });
}

/** The scenario file's bytes for the workers (they load them and check the hash), without a BOM. */
function scenarioText(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read ${path} again for the workers: ${(error as Error).message}`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
