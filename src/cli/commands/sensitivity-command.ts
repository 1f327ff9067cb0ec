import { scenarioTextForWorkers } from '../read-scenario.js';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadOrExit } from '../load-or-exit.js';
import { parseInteger } from '../parse-integer.js';
import { parseWorkers } from '../parse-workers.js';
import { runCountLimits } from '../run-count-limits.js';
import { UserError } from '../user-error.js';
import { strategyHint, strategyOption } from '../batch-options.js';
import { analysisProgress } from '../analysis-progress.js';
import { DEFAULT_CONCENTRATION, runSensitivity, sensitivityPlan, type SensitivityOptions } from '../../analysis/sensitivity-analysis.js';
import { rankedMetric } from '../../analysis/design-evaluator.js';
import type { WeightScope } from '../../analysis/sensitivity-inputs.js';
import { didYouMean } from '../../scenario/did-you-mean.js';
import { formatSensitivity } from '../../report/format-sensitivity.js';
import { writeFileAtomic } from '../../report/atomic-file.js';

interface SensitivityCommandOptions {
  runs: number;
  seed: string;
  strategy?: string;
  metric?: string;
  swingWeights: string;
  morris: number;
  pointRuns: number;
  compare?: string;
  points: number;
  weights?: string;
  workers?: number;
  json?: boolean;
  out?: string;
  quiet?: boolean;
}

/** `parley sensitivity <scenario>`: swings of every input (tornado), Morris screening, strategy robustness, rank correlations, Pareto per track. */
export function registerSensitivityCommand(program: Command): void {
  program
    .command('sensitivity')
    .description(
      "Which judgements matter: swing each parameter, named assumption and preference weight from its low to its high value on the same runs (a tornado with paired 95% intervals), screen them all at once (Morris elementary effects), say which change nothing, and with --compare / --weights dirichlet how often one strategy beats another across the assumption space or across the host's plausible weights. Also Spearman rank correlations over a batch where every parameter is drawn, and each track's deals against its Pareto frontier and Nash point.",
    )
    .argument('<scenario>', 'scenario file')
    .option('--runs <n>', 'runs per arm (the base batch, and each input at its low and at its high value)', parseInteger('--runs', 4, runCountLimits.sensitivity, 'per arm; every swing keeps its runs in memory'), 2000)
    .option('--seed <seed>', 'master seed; run i depends on (seed, i) alone, and the designs on the seed', '1')
    .option('--strategy <name>', "host strategy of the swings and the screening (default: the scenario's default)", strategyOption)
    .option('--metric <name>', 'the metric inputs and strategies are judged by (default: a metric named surplus, else the metric utility.host, else the host utility of each run)')
    .option('--swing-weights <who>', "whose preference weights are inputs: host, all (every party's), none", 'host')
    .option('--morris <r>', 'Morris screening with r trajectories over every input (0: none)', parseInteger('--morris', 0), 10)
    .option('--point-runs <n>', 'runs per design point of the screening, the comparison and the weight draws', parseInteger('--point-runs', 10), 200)
    .option('--compare <strategies>', 'P(A beats B) across the assumption space: "A,B[,C...]" or "all"')
    .option('--points <k>', 'points of the Latin hypercube (--compare) and draws of the weights (--weights dirichlet)', parseInteger('--points', 2), 32)
    .option('--weights <model>', `robustness of the strategy ranking to the host's weights: dirichlet[:concentration] (default concentration ${DEFAULT_CONCENTRATION}); compares the --compare strategies, else all`)
    .option('--workers <k>', `swing the parameters on k worker threads of the batch runner (up to ${availableParallelism()} here); default 1: every run in this process, which is faster on a few cores`, parseWorkers, 1)
    .option('--json', 'print the results as JSON (what --out writes to sensitivity.json)')
    .option('--out <dir>', 'write sensitivity.json to this folder (next to a batch\'s summary.json, `parley report` draws it)')
    .option('--quiet', 'no progress and no report on the terminal')
    .addHelpText(
      'after',
      [
        '',
        'Runs: --runs x (1 + 2 x inputs) for the base batch and the swings; --morris r adds r x (inputs + 1) x --point-runs;',
        '--compare adds --points x strategies x --point-runs; --weights dirichlet adds --points x strategies x --point-runs.',
        'The plan is printed on stderr before it starts. Inputs: parameters with a range (low < high), named assumptions',
        '(fixed parameters with low/high), and preference weights (0.5x to 1.5x the author\'s). Results depend on the seed',
        "alone, not on --workers (which only moves the parameter swings onto the batch runner's threads).",
        '',
        'Examples:',
        '  $ parley sensitivity scenarios/supplier-duel.json --runs 2000',
        '  $ parley sensitivity scenarios/turkey-rare-earths.yaml --runs 1000 --compare westFirst,chinaFirst --weights dirichlet:20',
        '  $ parley run scenarios/turkey-rare-earths.yaml --runs 20000 --out out/tre && parley sensitivity scenarios/turkey-rare-earths.yaml --out out/tre',
        '  $ parley sensitivity scenarios/supplier-duel.json --json | jq \'.morris.inputs[] | {id, muStar: .metric.muStar}\'',
      ].join('\n'),
    )
    .action(async (file: string, opts: SensitivityCommandOptions) => {
      const scenario = loadOrExit(file, { quietWarnings: opts.json || opts.quiet });
      const strategies = [...scenario.strategies.keys()];
      const strategy = opts.strategy ?? scenario.defaultStrategy;
      const known = (name: string) => {
        if (!scenario.strategies.has(name)) throw new UserError(`no strategy '${name}'`, strategyHint(name, strategies).replace(/; or --strategy all to compare them/, ''));
        return name;
      };
      known(strategy);
      const metric = rankedMetric(scenario, opts.metric);
      if ('error' in metric) throw new UserError(metric.error, didYouMean(opts.metric!, metric.known) ?? (metric.known.length > 0 ? `the scenario's metrics: ${metric.known.join(', ')}` : 'the scenario has no metrics; omit --metric to use the host utility'));
      if (!['host', 'all', 'none'].includes(opts.swingWeights)) throw new UserError(`--swing-weights must be host, all or none, not '${opts.swingWeights}'`);
      let compared: string[] | undefined;
      if (opts.compare !== undefined) {
        compared = opts.compare === 'all' ? strategies : [...new Set(opts.compare.split(',').map((x) => x.trim()).filter(Boolean))].map(known);
        if (compared.length < 2) throw new UserError('--compare needs at least two strategies', `e.g. --compare ${strategies.slice(0, 2).join(',')} or --compare all`);
      }
      let concentration: number | undefined;
      if (opts.weights !== undefined) {
        const m = /^dirichlet(?::(\d+(?:\.\d+)?))?$/.exec(opts.weights);
        if (!m) throw new UserError(`--weights must be dirichlet or dirichlet:<concentration>, not '${opts.weights}'`, 'e.g. --weights dirichlet:20 (higher: draws closer to your weights)');
        concentration = m[1] === undefined ? DEFAULT_CONCENTRATION : Number(m[1]);
        if (!(concentration > 0)) throw new UserError('the Dirichlet concentration must be above 0');
        if (scenario.host.preferences.filter((p) => p.weight > 0).length < 2) throw new UserError('--weights dirichlet needs a host with weights on at least two issues');
      }
      const workers = opts.workers ?? 1;
      const options: SensitivityOptions = {
        seed: opts.seed,
        runs: opts.runs,
        strategy,
        metric: opts.metric,
        weights: opts.swingWeights as WeightScope,
        morris: opts.morris > 0 ? { trajectories: opts.morris, runsPerPoint: opts.pointRuns } : undefined,
        compare: compared ? { strategies: compared, points: opts.points, runsPerPoint: opts.pointRuns } : undefined,
        weightDraws: concentration !== undefined ? { strategies: compared ?? strategies, draws: opts.points, concentration, runsPerPoint: opts.pointRuns } : undefined,
        workers: workers > 1 ? { count: workers, scenarioText: scenarioTextForWorkers(scenario) } : undefined,
      };
      if (!opts.quiet) {
        const plan = sensitivityPlan(scenario, options);
        const int = (x: number) => x.toLocaleString('en-US');
        const parts = [`base ${int(plan.base)}`, `swings ${int(plan.swings)}`, plan.morris ? `Morris ${int(plan.morris)}` : '', plan.comparison ? `comparison ${int(plan.comparison)}` : '', plan.weightDraws ? `weight draws ${int(plan.weightDraws)}` : ''].filter(Boolean);
        process.stderr.write(`parley: ${plan.inputs.length} inputs; ${int(plan.total)} runs (${parts.join(', ')})\n`);
      }
      const progress = analysisProgress(opts.quiet === true);
      let report;
      try {
        report = await runSensitivity(scenario, { ...options, onProgress: progress.update });
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
