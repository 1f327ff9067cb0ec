import { availableParallelism } from 'node:os';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { CompiledScenario } from '../../scenario/compiled-scenario.js';
import { blockSizeFor, type BatchPlan } from '../../montecarlo/batch-plan.js';
import { runBatch } from '../../montecarlo/run-batch.js';
import { aggregateShape } from '../../montecarlo/run-block.js';
import { scenarioInfo, summarizeBatch } from '../../montecarlo/batch-summary.js';
import { backtestCase, type BacktestCase } from '../../analysis/backtest-case.js';
import { backtestReport } from '../../analysis/backtest-report.js';
import { formatBacktest } from '../../report/format-backtest.js';
import { writeFileAtomic } from '../../report/atomic-file.js';
import { formatProblem } from '../format-problem.js';
import { readScenario, scenarioTextForWorkers } from '../read-scenario.js';
import { parseInteger } from '../parse-integer.js';
import { parseWorkers } from '../parse-workers.js';
import { runCountLimits } from '../run-count-limits.js';
import { UserError } from '../user-error.js';
import { isScenarioFileName } from '../../scenario/scenario-file-format.js';

interface BacktestOptions {
  seed: string;
  runs: number;
  workers?: number;
  bins: number;
  json?: boolean;
  out?: string;
  quiet?: boolean;
}

/** `parley backtest <dir>`: scores every scenario in a folder that records its real outcome. */
export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description(
      'Score the scenarios in a folder that record what really happened ("asOf" and "resolution"): Brier and log score of the real outcome, CRPS of the time to deal, a reliability table, each against a base rate.',
    )
    .argument('<dir>', 'folder of scenario files (*.json, *.yaml, *.yml; those without "resolution" are skipped)')
    .option('--runs <n>', 'runs per scenario', parseInteger('--runs', 1, runCountLimits.inMemory, 'every run is kept in memory'), 2000)
    .option('--seed <seed>', 'master seed (any string)', '1')
    .option('--workers <k>', `worker threads (default: ${availableParallelism()}, the available cores)`, parseWorkers)
    .option('--bins <n>', 'bins of the reliability table', parseInteger('--bins', 1), 5)
    .option('--json', 'print the backtest as JSON on stdout')
    .option('--out <dir>', 'write backtest.json to this folder')
    .option('--quiet', 'no progress and no table on the terminal (errors still print)')
    .addHelpText('after', ['', 'Examples:', '  $ parley backtest scenarios', '  $ parley backtest scenarios --runs 10000 --seed 7 --out out/backtest'].join('\n'))
    .action(async (dir: string, opts: BacktestOptions) => {
      const files = scenarioFiles(dir);
      const loaded = loadAll(files);
      const resolved = loaded.filter((s) => s.file.resolution !== undefined);
      const skipped = loaded.filter((s) => s.file.resolution === undefined).map((s) => ({ file: s.path, reason: 'no "resolution": not a resolved case' }));
      if (resolved.length === 0) {
        throw new UserError(`${dir}: none of its ${files.length} scenario${files.length === 1 ? '' : 's'} records a real outcome`, 'add "asOf" and "resolution" to a scenario (docs/scenario-format.md, "Back-testing")', 'E_NO_RESOLUTION');
      }
      const workers = opts.workers ?? availableParallelism();
      const chatty = !opts.quiet && !opts.json;
      const cases: BacktestCase[] = [];
      for (const scenario of resolved) {
        if (chatty) process.stderr.write(`parley: ${scenario.path}: ${opts.runs} runs...\n`);
        cases.push(await scoreScenario(scenario, opts.seed, opts.runs, workers));
      }
      const report = backtestReport({ seed: opts.seed, runs: opts.runs, folder: dir, bins: opts.bins, cases, skipped });
      const out = opts.out === undefined ? undefined : join(opts.out, 'backtest.json');
      if (out !== undefined) writeFileAtomic(out, JSON.stringify(report, null, 2) + '\n');
      if (opts.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      else if (!opts.quiet) process.stdout.write(formatBacktest(report, { out }) + '\n');
    });
}

/** The folder's scenario files (*.json, *.yaml, *.yml), sorted; a missing folder or one without scenarios is a user error. */
function scenarioFiles(dir: string): string[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new UserError(`${dir} is a file, not a folder`, 'give the folder that holds the scenarios, e.g. scenarios', 'E_BACKTEST_FOLDER');
    names = readdirSync(dir);
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`${dir}: ${code === 'ENOENT' ? 'no such folder' : `cannot read the folder (${code})`}`, 'give the folder that holds the scenarios, e.g. scenarios', 'E_BACKTEST_FOLDER');
  }
  const files = names.filter(isScenarioFileName).sort().map((n) => join(dir, n));
  if (files.length === 0) throw new UserError(`${dir} holds no scenario files (*.json, *.yaml, *.yml)`, undefined, 'E_NO_RESOLUTION');
  return files;
}

/** Loads every file; if any has errors, prints them all (file:line:column) and exits 2. */
function loadAll(files: readonly string[]): CompiledScenario[] {
  const out: CompiledScenario[] = [];
  let failed = 0;
  for (const file of files) {
    const { scenario, problems } = readScenario(file);
    for (const p of problems) if (p.severity === 'error') process.stderr.write(formatProblem(p) + '\n');
    if (scenario) out.push(scenario);
    else failed++;
  }
  if (failed > 0) {
    process.stderr.write(`parley: ${failed} of ${files.length} scenario files have errors; nothing was scored\n`);
    process.exit(2);
  }
  return out;
}

/** One batch of the strategy the real host followed (else the default), scored against the resolution. */
async function scoreScenario(scenario: CompiledScenario, seed: string, runs: number, workers: number): Promise<BacktestCase> {
  const strategy = scenario.file.resolution?.strategy ?? scenario.defaultStrategy;
  const arms = [{ label: strategy, strategy, sets: [], variant: 'base' }];
  const plan: BatchPlan = {
    scenarioText: scenarioTextForWorkers(scenario),
    scenarioFile: scenario.path,
    scenarioHash: scenario.hash,
    seed,
    start: 0,
    end: runs,
    runs,
    arms,
    variants: false,
  };
  const batch = await runBatch(plan, aggregateShape(scenario), { workers, blockSize: blockSizeFor(runs, workers, false) });
  const summary = summarizeBatch(
    { scenario: scenarioInfo(scenario), seed, batchRuns: runs, range: { start: 0, end: batch.end }, shard: null, sets: {}, arms },
    batch.aggregate,
    { reason: batch.stop, untilCi: null, met: null, widestInterval: 0 },
  );
  return backtestCase(scenario, summary.results[0]!);
}
