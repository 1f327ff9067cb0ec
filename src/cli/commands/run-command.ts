import { availableParallelism } from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';
import { loadOrExit } from '../load-or-exit.js';
import { UserError } from '../user-error.js';
import { parseInteger } from '../parse-integer.js';
import { parseWorkers } from '../parse-workers.js';
import { runCountLimits } from '../run-count-limits.js';
import type { CompiledScenario } from '../../scenario/compiled-scenario.js';
import { buildArms, collectSetting, parseKnobs, parseSettings, parseShard, parseStrategies, parseWidth, settingWarnings, strategyOption } from '../batch-options.js';
import { CHECKPOINT_SECONDS, runBatchCommand } from '../run-batch-command.js';
import { printRun } from '../print-run.js';

/** The --until-ci cap when --runs is not given. */
const DEFAULT_MAX_RUNS = 1_000_000;

export interface RunOptions {
  seed: string;
  run?: number;
  strategy?: string;
  trace?: boolean;
  json?: boolean;
  runs?: number;
  workers?: number;
  set: string[];
  knob: string[];
  compareSet: string[];
  out?: string;
  quiet?: boolean;
  detail?: boolean;
  untilCi?: number;
  shard?: { index: number; count: number };
  resume?: boolean;
  checkpointEvery?: number;
  columns?: boolean;
}

/** `parley run <scenario>`: one run as a timeline, or with --runs a Monte Carlo batch. */
export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('Run a scenario once and print the timeline of what happened and why; with --runs, run a seeded Monte Carlo batch.')
    .argument('<scenario>', 'scenario file')
    .option('--seed <seed>', 'master seed (any string); run i of a batch depends on (seed, i) alone', '1')
    .option('--run <index>', "one run: its index within the seed's batch", parseInteger('--run'))
    .option('--strategy <name>', "host strategy (default: the scenario's default); in a batch also a comma list or 'all' to compare them", strategyOption)
    .option('--trace', 'one run: show every probability, draw, signal and world change (the default shows the story)')
    .option('--json', 'print the run (or the batch summary) as JSON on stdout')
    .option('--set <param=value>', 'hold a parameter at a value instead of sampling it (repeatable)', collectSetting, [])
    .option('--knob <name=value>', "play the strategy with a knob at this value instead of its default (repeatable; see the strategy's \"knobs\")", collectSetting, [])
    .option('--runs <n>', 'batch: number of runs (with --until-ci: the most to run)', parseInteger('--runs', 1, runCountLimits.batch))
    .option('--workers <k>', `batch: worker threads (default: ${availableParallelism()}, the available cores)`, parseWorkers)
    .option('--compare-set <param=value,...>', 'batch: add a variant holding these values on top of --set, compared on the same runs (repeatable)', collectSetting, [])
    .option('--until-ci <width>', 'batch: stop once every outcome probability\'s 95% interval is narrower than this (0.02 or 2%)', parseWidth)
    .option('--shard <k/n>', 'batch: run only the k-th of n contiguous slices of the runs (combine with `parley merge`)', parseShard)
    .option('--out <dir>', 'batch: write summary.json and runs.csv to this folder')
    .option('--quiet', 'batch: no progress and no summary on the terminal (errors still print)')
    .option('--detail', 'batch comparing strategies: after the verdict, every paired comparison and each strategy\'s full report (quantiles, time to deal, final states, paths)')
    .option('--resume', 'batch: continue the batch in --out (after Ctrl-C, kill -9 or a full disk, or to more --runs) from its last checkpoint instead of starting over')
    .option('--columns', 'batch with --out: also write runs.columns, a binary copy of runs.csv that `parley explore` opens in a fraction of the time (costs reading runs.csv back once, and its rows in memory)')
    .option('--checkpoint-every <seconds>', `batch with --out: seconds between checkpoints of the finished runs (default ${CHECKPOINT_SECONDS}; 0: after every block)`, parseSeconds)
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ parley run scenarios/supplier-duel.json --seed 7 --trace',
        '  $ parley run scenarios/supplier-duel.json --seed 7 --json | jq .outcome',
        '  $ parley run scenarios/supplier-duel.json --runs 100000 --seed 7 --out out/duel',
        '  $ parley run scenarios/supplier-duel.json --runs 20000 --strategy all',
        '  $ parley run scenarios/supplier-duel.json --runs 20000 --strategy all --detail',
        '  $ parley run scenarios/supplier-duel.json --runs 20000 --strategy tunedDuel,playBoth --knob lead=incumbent --knob switchAt=3',
        '  $ parley run scenarios/supplier-duel.json --runs 20000 --compare-set newcomerRisk=0.02 --compare-set newcomerRisk=0.08',
        '  $ parley run scenarios/supplier-duel.json --until-ci 0.01 --runs 1000000',
        '  $ parley run scenarios/supplier-duel.json --runs 1000000 --shard 3/8 --out out/shard-3',
        '  $ parley run scenarios/supplier-duel.json --runs 1000000 --seed 7 --out out/duel --resume   # after Ctrl-C or kill -9',
      ].join('\n'),
    )
    .action(async (file: string, opts: RunOptions) => {
      const batch =
        opts.runs !== undefined ||
        opts.untilCi !== undefined ||
        opts.shard !== undefined ||
        opts.out !== undefined ||
        opts.workers !== undefined ||
        opts.compareSet.length > 0 ||
        opts.quiet === true ||
        opts.resume === true ||
        opts.checkpointEvery !== undefined ||
        opts.columns === true ||
        (opts.strategy !== undefined && (opts.strategy === 'all' || opts.strategy.includes(',')));
      if (!batch) {
        printRun(file, { seed: opts.seed, run: opts.run ?? 0, strategy: opts.strategy, set: opts.set, knob: opts.knob, json: opts.json === true, explain: opts.trace === true });
        return;
      }
      if (opts.run !== undefined) throw new UserError('--run picks one run; it does not go with batch options', 'to see run I of a batch: parley replay <scenario> --seed S --run I');
      if (opts.trace) throw new UserError('--trace shows one run; it does not go with batch options', 'to see run I of a batch: parley replay <scenario> --seed S --run I');
      if (opts.untilCi !== undefined && opts.shard !== undefined) throw new UserError('--until-ci and --shard do not go together', 'a shard cannot know when the whole batch is precise enough; run --until-ci on one machine');
      const scenario = loadOrExit(file, { quietWarnings: opts.json || opts.quiet });
      const strategies = parseStrategies(opts.strategy, scenario);
      const sets = parseSettings(opts.set, scenario, '--set');
      const knobs = parseKnobs(opts.knob, strategies.map((s) => scenario.strategies.get(s)!));
      const variants = opts.compareSet.map((text) => parseSettings([text], scenario, '--compare-set'));
      warnSettings(scenario, [sets, ...variants], opts);
      const runs = opts.runs ?? (opts.untilCi !== undefined ? DEFAULT_MAX_RUNS : undefined);
      if (runs === undefined) throw new UserError('a batch needs --runs N (or --until-ci W)', 'for example --runs 10000');
      const arms = buildArms(strategies, sets, variants, knobs);
      if (runs * arms.length > runCountLimits.batchRows) {
        throw new UserError(`--runs ${runs.toLocaleString('en-US')} x ${arms.length} arms is more rows than runs.csv can count exactly (${runCountLimits.batchRows.toLocaleString('en-US')})`, 'run fewer runs, or compare fewer strategies and variants at once');
      }
      await runBatchCommand(scenario, {
        seed: opts.seed,
        runs,
        arms,
        variants: variants.length > 0,
        sets,
        workers: opts.workers ?? availableParallelism(),
        untilCi: opts.untilCi,
        shard: opts.shard,
        out: opts.out,
        json: opts.json === true,
        quiet: opts.quiet === true,
        detail: opts.detail === true,
        resume: opts.resume === true,
        checkpointEvery: opts.checkpointEvery,
        columns: opts.columns === true,
      });
    });
}

function warnSettings(scenario: CompiledScenario, lists: readonly (readonly [string, number])[][], opts: { json?: boolean; quiet?: boolean }): void {
  if (opts.json || opts.quiet) return;
  const seen = new Set<string>();
  for (const list of lists) for (const w of settingWarnings(list, scenario)) if (!seen.has(w)) seen.add(w) && process.stderr.write(`parley: warning: ${w}\n`);
}

/** --checkpoint-every: a number of seconds, 0 or more (0: a checkpoint after every block). */
function parseSeconds(value: string): number {
  const n = Number(value.trim().replace(/s$/, ''));
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 86_400) throw new InvalidArgumentError('--checkpoint-every takes seconds between 0 and 86400, e.g. 30 or 0 (after every block)');
  return n;
}
