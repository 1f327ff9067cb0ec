import type { Command } from 'commander';
import { parseInteger } from '../parse-integer.js';
import { collectSetting, strategyOption } from '../batch-options.js';
import { printRun } from '../print-run.js';

/** `parley replay <scenario> --seed S --run I`: the full trace of one run of a batch. */
export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description("Replay run I of a batch and print its trace: every probability, draw, signal and world change (the same as `parley run --run I --trace`).")
    .argument('<scenario>', 'scenario file')
    .option('--seed <seed>', "the batch's master seed", '1')
    .requiredOption('--run <index>', 'the run index within the batch (runs.csv column `run`)', parseInteger('--run'))
    .option('--strategy <name>', "the strategy of the run (runs.csv column `strategy`; default: the scenario's default)", strategyOption)
    .option('--set <param=value>', 'parameters the batch held with --set (and --compare-set for a variant)', collectSetting, [])
    .option('--knob <name=value>', 'knobs the batch set with --knob', collectSetting, [])
    .option('--json', 'print the run and its trace as JSON')
    .addHelpText('after', '\nExamples:\n  $ parley replay scenarios/supplier-duel.json --seed 7 --run 4182\n  $ parley replay scenarios/supplier-duel.json --seed 7 --run 4182 --strategy random --json | jq .outcome')
    .action((file: string, opts: { seed: string; run: number; strategy?: string; set: string[]; knob: string[]; json?: boolean }) => {
      printRun(file, { seed: opts.seed, run: opts.run, strategy: opts.strategy, set: opts.set, knob: opts.knob, json: opts.json === true, explain: true });
    });
}
