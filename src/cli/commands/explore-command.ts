import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CompiledScenario } from '../../scenario/compiled-scenario.js';
import type { BatchSummary } from '../../montecarlo/batch-summary.js';
import { scenarioInfo } from '../../montecarlo/batch-summary.js';
import { BLOCK_SIZE, type BatchPlan } from '../../montecarlo/batch-plan.js';
import { aggregateShape } from '../../montecarlo/run-block.js';
import { RunColumns, RunColumnsError } from '../../montecarlo/run-columns.js';
import { readBatchRunColumns } from '../../report/batch-run-columns.js';
import { startLiveBatch } from '../../ui/explore/live-batch.js';
import { replayRow } from '../../ui/explore/replay-row.js';
import type { ExploreSource } from '../../ui/explore/explore-source.js';
import { buildArms, parseStrategies, strategyOption } from '../batch-options.js';
import { loadOrExit } from '../load-or-exit.js';
import { parseInteger } from '../parse-integer.js';
import { parseWorkers } from '../parse-workers.js';
import { runCountLimits } from '../run-count-limits.js';
import { readScenario, scenarioTextForWorkers } from '../read-scenario.js';
import { readSummaryFile } from '../run-batch-command.js';
import { UserError } from '../user-error.js';

interface ExploreOptions {
  runs: number;
  strategy: string;
  seed: string;
  workers?: number;
  scenario?: string;
}

/** `parley explore <out-dir | scenario>`: browse a batch's runs in the terminal, finished or live. */
export function registerExploreCommand(program: Command): void {
  program
    .command('explore')
    .description(
      'Explore a batch in the terminal: outcome probabilities per strategy with intervals and paired differences, drill-down from an outcome to its track paths, runs and one run\'s trace, conditions on parameters and metrics, metric distributions and drivers. Opens a finished --out folder, or runs a scenario live.',
    )
    .argument('<target>', 'a --out folder of `parley run` (summary.json and runs.csv), or a scenario file to run live')
    .option('--runs <n>', 'live: number of runs', parseInteger('--runs', 1, runCountLimits.inMemory, 'a live batch keeps every run in memory; for more, run a batch with --out and explore the folder'), 20_000)
    .option('--strategy <names>', "live: 'all', a strategy, or a comma list", strategyOption, 'all')
    .option('--seed <seed>', 'live: master seed', '1')
    .option('--workers <k>', `live: worker threads (default: ${availableParallelism()})`, parseWorkers)
    .option('--scenario <file>', "folder: the scenario file to replay runs with (default: found by the summary's file name and checked by hash)")
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ parley run scenarios/supplier-duel.json --runs 20000 --strategy all --out out/duel',
        '  $ parley explore out/duel',
        '  $ parley explore scenarios/turkey-rare-earths.yaml --runs 5000 --strategy all --seed 7',
        '',
        'Keys: 1-5 screens, ←→ arm, ↑↓ move, Enter drill in, Esc back, / condition (containedREO < 2), ? help, q quit.',
      ].join('\n'),
    )
    .action(async (target: string, opts: ExploreOptions) => {
      if (!process.stdin.isTTY || !process.stdout.isTTY) throw new UserError('parley explore needs a terminal', 'for files and scripts use parley run --json or runs.csv');
      // Ink (and its WebAssembly layout engine) loads only here: importing it costs every other
      // command about 0.5 s of start-up. It loads before a live batch starts, so that its main-thread
      // time is not taken from the batch's workers (the screen cannot show before it anyway).
      const { startExploreApp } = await import('../../ui/explore/start-explore-app.js');
      const source = existsSync(target) && statSync(target).isDirectory() ? await openFolder(target, opts.scenario) : startLive(target, opts);
      await startExploreApp(source);
    });
}

async function openFolder(dir: string, scenarioFile: string | undefined): Promise<ExploreSource> {
  const summaryFile = join(dir, 'summary.json');
  const csv = join(dir, 'runs.csv');
  if (!existsSync(summaryFile)) throw new UserError(`${summaryFile} does not exist`, `run a batch with: parley run <scenario> --runs N --out ${dir}`);
  if (!existsSync(csv)) throw new UserError(`${csv} does not exist`, 'the explorer reads every run from runs.csv: rerun the batch with --out');
  const summary = readSummaryFile(summaryFile);
  const info = summary.scenario;
  const tty = process.stderr.isTTY;
  let store: RunColumns;
  try {
    const read = await readBatchRunColumns(dir, summary, { writeColumns: true, onProgress: (f) => tty && process.stderr.write(`\rparley: reading ${csv}: ${Math.round(100 * f)}%`) });
    if (tty && read.from === 'csv') process.stderr.write('\n');
    for (const note of read.notes) process.stderr.write(`parley: ${note}\n`);
    store = read.store;
  } catch (error) {
    if (error instanceof RunColumnsError) throw new UserError(`${csv}: ${error.message}`, 'was it written by the batch of this summary.json?');
    throw error;
  }
  if (store.length !== summary.runs * summary.arms.length) throw new UserError(`${csv} has ${store.length} rows, summary.json counts ${summary.runs * summary.arms.length}`, 'the files are from different batches; rerun the batch');
  const scenario = findScenario(dir, summary, scenarioFile);
  return {
    store,
    scenario: { title: info.title, outcomes: info.outcomes, metrics: info.metrics, tracks: info.tracks, parameters: info.parameters },
    arms: summary.arms,
    seed: summary.seed,
    origin: dir,
    replay: scenario ? (row) => replayRow(scenario, store, summary.arms, summary.seed, row) : undefined,
  };
}

function startLive(file: string, opts: ExploreOptions): ExploreSource {
  const scenario = loadOrExit(file, { quietWarnings: true });
  const strategies = parseStrategies(opts.strategy, scenario);
  const arms = buildArms(strategies, [], []);
  const info = scenarioInfo(scenario);
  const store = new RunColumns({ metrics: info.metrics.map((m) => m.id), tracks: info.tracks.map((t) => t.id), parameters: info.parameters.map((p) => p.name), variants: false });
  const text = scenarioTextForWorkers(scenario);
  const plan: BatchPlan = { scenarioText: text, scenarioFile: scenario.path, scenarioHash: scenario.hash, seed: opts.seed, start: 0, end: opts.runs, runs: opts.runs, arms, variants: false };
  // Small blocks, so the screens move while the batch runs (results never depend on the block size).
  const live = startLiveBatch(plan, aggregateShape(scenario), store, { workers: opts.workers ?? availableParallelism(), blockSize: BLOCK_SIZE });
  return {
    store,
    scenario: { title: info.title, outcomes: info.outcomes, metrics: info.metrics, tracks: info.tracks, parameters: info.parameters },
    arms,
    seed: opts.seed,
    origin: `${file}, live`,
    replay: (row) => replayRow(scenario, store, arms, opts.seed, row),
    live,
  };
}

/** The scenario of a summary: --scenario, or its file name in the folder, next to it, here, or in scenarios/ (checked by hash). */
function findScenario(dir: string, summary: BatchSummary, given: string | undefined): CompiledScenario | undefined {
  if (given !== undefined) {
    const scenario = loadOrExit(given, { quietWarnings: true });
    if (scenario.hash !== summary.scenario.hash) process.stderr.write(`parley: warning: ${given} is not the file the batch ran (its hash differs); replays may differ from runs.csv\n`);
    return scenario;
  }
  const name = summary.scenario.file;
  for (const file of [join(dir, name), join(dirname(resolve(dir)), name), name, join('scenarios', name)]) {
    if (!existsSync(file)) continue;
    const { scenario } = readScenario(file);
    if (scenario && scenario.hash === summary.scenario.hash) return scenario;
  }
  process.stderr.write(`parley: warning: cannot find the scenario ${name} of this batch (sha256 ${summary.scenario.hash.slice(0, 12)}…): traces need --scenario FILE\n`);
  return undefined;
}
