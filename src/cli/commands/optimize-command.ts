import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadOrExit } from '../load-or-exit.js';
import { scenarioTextForWorkers } from '../read-scenario.js';
import { parseInteger } from '../parse-integer.js';
import { parseWorkers } from '../parse-workers.js';
import { UserError } from '../user-error.js';
import { strategyHint, strategyOption } from '../batch-options.js';
import { parseObjective, runValueOf } from '../../analysis/optimize-objective.js';
import { searchPolicies } from '../../analysis/policy-search.js';
import { PolicyWorkerPool } from '../../analysis/policy-worker-pool.js';
import { formatOptimize } from '../../report/format-optimize.js';
import { writeFileAtomic } from '../../report/atomic-file.js';

interface OptimizeCommandOptions {
  strategy?: string;
  objective?: string;
  minimize?: boolean;
  budgetRuns: number;
  initial?: number;
  seed: string;
  workers: number;
  out?: string;
  json?: boolean;
  quiet?: boolean;
}

/** `parley optimize <scenario> --strategy NAME`: searches a strategy's knobs for the best policy on common random numbers. */
export function registerOptimizeCommand(program: Command): void {
  program
    .command('optimize')
    .description(
      "Find the best setting of a strategy's knobs: a Latin-hypercube design over the knob grid, raced by successive halving on the same runs for every candidate (paired comparisons), refined around the leader, compared with the scenario's named strategies and confirmed on fresh runs; prints the top policies with paired 95% intervals, which knobs matter, and the winner as a strategy to paste.",
    )
    .argument('<scenario>', 'scenario file')
    .option('--strategy <name>', 'the strategy whose knobs are searched (it must declare "knobs")', strategyOption)
    .option('--objective <spec>', 'mean:<metric>, p:<outcome> or cvar10:<metric> (the mean of the worst 10% of runs); default: mean of the metric named surplus, else of the metric utility.host')
    .option('--minimize', 'lower is better (e.g. --objective mean:price --minimize)')
    .option('--budget-runs <n>', 'simulation runs the whole search may play (every candidate\'s every run counts)', parseInteger('--budget-runs', 200), 100_000)
    .option('--initial <n>', 'candidates in the initial design (default: from the budget, 8 to 256)', parseInteger('--initial', 2))
    .option('--seed <seed>', 'master seed; run i depends on (seed, i) alone, and the search on the seed', '1')
    .option('--workers <k>', `worker threads (up to ${availableParallelism()} here); results do not depend on it`, parseWorkers, Math.max(1, Math.min(availableParallelism(), 8)))
    .option('--out <dir>', 'write optimize.json (for tools and `parley report`) and best-policy.json (the strategy block) to this folder')
    .option('--json', 'print optimize.json instead of the report')
    .option('--quiet', 'no progress lines')
    .addHelpText(
      'after',
      [
        '',
        'Every candidate plays the same run indices of the seed, so two candidates are compared on the same',
        'random numbers; the winner is then confirmed on fresh runs of another seed (seed/confirm), so its',
        'figure is not inflated by having been picked as the best of many. Deterministic for a seed and',
        'budget, whatever --workers.',
        '',
        'Examples:',
        '  $ parley optimize scenarios/supplier-duel.json --strategy tunedDuel --budget-runs 40000',
        '  $ parley optimize scenarios/supplier-duel.json --strategy tunedDuel --objective p:newcomerDeal',
        '  $ parley optimize scenarios/supplier-duel.json --strategy tunedDuel --objective mean:price --minimize --out out/optimize',
      ].join('\n'),
    )
    .action(async (file: string, opts: OptimizeCommandOptions) => {
      const scenario = loadOrExit(file, { quietWarnings: opts.json || opts.quiet });
      const all = [...scenario.strategies.keys()];
      const knobbed = [...scenario.strategies.values()].filter((s) => s.knobs.length > 0).map((s) => s.id);
      if (opts.strategy === undefined) {
        throw new UserError('--strategy is required: the strategy whose knobs are searched', knobbed.length > 0 ? `strategies with knobs here: ${knobbed.join(', ')}` : 'no strategy of this scenario declares "knobs" (see docs/optimize.md)');
      }
      const strategy = scenario.strategies.get(opts.strategy);
      if (!strategy) throw new UserError(`no strategy '${opts.strategy}'`, strategyHint(opts.strategy, all).replace(/; or --strategy all to compare them/, ''));
      if (strategy.knobs.length === 0) {
        throw new UserError(`strategy '${strategy.id}' has no knobs to search`, knobbed.length > 0 ? `strategies with knobs here: ${knobbed.join(', ')}` : 'declare "knobs" on a strategy and read them in its rules as knob.<name> (see docs/optimize.md)', 'E_KNOB_VALUE');
      }
      const objective = parseObjective(scenario, opts.objective, opts.minimize === true);
      if ('error' in objective) throw new UserError(objective.error, objective.hint);
      const quiet = opts.quiet === true || opts.json === true;
      const pool = new PolicyWorkerPool(scenario, scenarioTextForWorkers(scenario), runValueOf(objective), opts.workers);
      const started = Date.now();
      let result;
      try {
        result = await searchPolicies(scenario, pool, {
          strategy: strategy.id,
          objective,
          seed: opts.seed,
          budgetRuns: opts.budgetRuns,
          initial: opts.initial,
          onProgress: (p) => {
            if (!quiet) process.stderr.write(`parley: ${p.phase}: ${p.message} (${p.used.toLocaleString('en-US')}/${p.budget.toLocaleString('en-US')} runs, ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
          },
        });
      } finally {
        await pool.close();
      }
      const json = JSON.stringify(result, null, 2) + '\n';
      if (opts.out !== undefined) {
        writeFileAtomic(join(opts.out, 'optimize.json'), json);
        writeFileAtomic(join(opts.out, 'best-policy.json'), JSON.stringify(result.policy, null, 2) + '\n');
      }
      if (opts.json) process.stdout.write(json);
      else {
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        process.stdout.write(formatOptimize(result) + '\n' + `\n${seconds} s on ${opts.workers} worker${opts.workers === 1 ? '' : 's'}` + (opts.out !== undefined ? `; wrote ${join(opts.out, 'optimize.json')} and ${join(opts.out, 'best-policy.json')}` : '') + '\n');
      }
    });
}
