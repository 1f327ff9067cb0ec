import type { Command } from 'commander';
import { loadOrExit } from '../load-or-exit.js';
import { UserError } from '../user-error.js';
import { parseInteger } from '../parse-integer.js';
import { runOnce } from '../../engine/run-once.js';
import { formatTimeline } from '../../report/format-timeline.js';
import { ENGINE_VERSION } from '../../engine/engine-version.js';

/** `parley run <scenario>`: one run as a timeline (batch options arrive with the Monte Carlo runner). */
export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('Run a scenario once and print the timeline of what happened and why.')
    .argument('<scenario>', 'scenario file')
    .option('--seed <seed>', 'master seed (any string)', '1')
    .option('--run <index>', 'run index within the seed\'s batch', parseInteger('--run'), 0)
    .option('--strategy <name>', 'host strategy (default: the scenario\'s default)')
    .option('--trace', 'show every probability, draw, signal and world change (the default shows the story)')
    .option('--json', 'print the run (result and trace) as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ parley run scenarios/supplier-duel.json --seed 7 --trace\n  $ parley run scenarios/supplier-duel.json --seed 7 --json | jq .outcome',
    )
    .action((file: string, opts: { seed: string; run: number; strategy?: string; trace?: boolean; json?: boolean }) => {
      const scenario = loadOrExit(file, { quietWarnings: opts.json });
      const strategy = opts.strategy ?? scenario.defaultStrategy;
      if (!scenario.strategies.has(strategy)) {
        throw new UserError(`no strategy '${strategy}'`, `the scenario has: ${[...scenario.strategies.keys()].join(', ')}`);
      }
      const result = runOnce(scenario, { seed: opts.seed, run: opts.run, strategy, trace: true });
      if (opts.json) {
        const metrics = Object.fromEntries(scenario.metrics.map((m, i) => [m.id, Number.isNaN(result.metrics[i]) ? null : result.metrics[i]]));
        const parameters = Object.fromEntries(scenario.parameters.map((p, i) => [p.name, result.parameters[i]]));
        process.stdout.write(
          JSON.stringify(
            {
              formatVersion: 1,
              engineVersion: ENGINE_VERSION,
              scenario: scenario.file.id,
              scenarioHash: scenario.hash,
              seed: opts.seed,
              run: result.run,
              strategy,
              outcome: result.outcome,
              rounds: result.rounds,
              dealRound: result.dealRound >= 0 ? result.dealRound : null,
              dealTrack: result.dealTrack || null,
              metrics,
              parameters,
              finalStates: Object.fromEntries(scenario.tracks.map((t, i) => [t.id, result.finalStates[i]])),
              trace: result.trace,
            },
            null,
            2,
          ) + '\n',
        );
      } else {
        process.stdout.write(formatTimeline(scenario, result, { seed: opts.seed, strategy, explain: opts.trace === true }) + '\n');
      }
    });

}
