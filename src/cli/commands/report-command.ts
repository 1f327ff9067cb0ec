import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CompiledScenario } from '../../scenario/compiled-scenario.js';
import type { BatchSummary } from '../../montecarlo/batch-summary.js';
import { SENSITIVITY_FORMAT_VERSION, type SensitivityReport } from '../../analysis/sensitivity-analysis.js';
import type { ParetoBatch } from '../../analysis/pareto-batch.js';
import { htmlReport, optimizeHtmlReport, type MetricHistogram } from '../../report/html-report.js';
import type { PolicySearchResult } from '../../analysis/policy-search.js';
import { runsCsvHistogram } from '../../report/runs-csv-histogram.js';
import { writeFileAtomic } from '../../report/atomic-file.js';
import { batchJsonFile, readInputFile } from '../../report/input-file.js';
import { readScenario } from '../read-scenario.js';
import { loadOrExit } from '../load-or-exit.js';
import { UserError } from '../user-error.js';
import { readSummaryFile } from '../run-batch-command.js';
import { BatchFileError } from '../../montecarlo/batch-file-error.js';

/** `parley report DIR -o report.html`: a batch's outputs as one self-contained HTML file. */
export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description(
      "Write a batch's results (a --out folder of `parley run`) as one self-contained HTML file to share: the scenario's question and sources, outcome probabilities with intervals, time to deal, the strategy comparison, each track's diagram and most frequent paths, and, when the folder has them, the sensitivity tornado (sensitivity.json) and the Pareto analysis (pareto.json) and the best policy search (optimize.json); a folder of `parley optimize --out` alone gives the search's own report.",
    )
    .argument('<dir>', 'folder with summary.json (and runs.csv, sensitivity.json, pareto.json, optimize.json), or an optimize --out folder')
    .option('-o, --output <file>', 'the HTML file to write', 'report.html')
    .option('--scenario <file>', "the scenario file (default: found by the summary's file name and checked by hash)")
    .option('--no-runs', 'do not read runs.csv (the distribution chart needs it; large files take a while)')
    .option('--skip-mismatched', "leave out a sensitivity.json or pareto.json computed on another version of the scenario than summary.json (without it the report is refused)")
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ parley run scenarios/supplier-duel.json --runs 20000 --strategy all --out out/duel',
        '  $ parley sensitivity scenarios/supplier-duel.json --out out/duel',
        '  $ parley report out/duel -o duel.html',
        '  $ parley optimize scenarios/supplier-duel.json --strategy tunedDuel --out out/opt && parley report out/opt -o opt.html',
      ].join('\n'),
    )
    .action(async (dir: string, opts: { output: string; scenario?: string; runs: boolean; skipMismatched?: boolean }) => {
      let optimize = existsSync(join(dir, 'optimize.json')) ? readOptimize(join(dir, 'optimize.json')) : undefined;
      if (optimize && !existsSync(join(dir, 'summary.json'))) {
        // An optimize --out folder: the search's own report.
        const html = optimizeHtmlReport(optimize);
        writeFileAtomic(opts.output, html);
        process.stdout.write(`Wrote ${opts.output} (${Math.round(html.length / 1024)} kB, self-contained; from optimize.json)\n`);
        return;
      }
      if (!existsSync(join(dir, 'summary.json'))) throw new UserError(`${join(dir, 'summary.json')} does not exist`, `run a batch with: parley run <scenario> --runs N --out ${dir} (or parley optimize ... --out ${dir})`);
      const summary = readSummaryFile(join(dir, 'summary.json'));
      let sensitivity = existsSync(join(dir, 'sensitivity.json')) ? readJson<SensitivityReport>(join(dir, 'sensitivity.json'), 'parley-sensitivity', 'rerun `parley sensitivity ... --out DIR` with this version of parley', SENSITIVITY_FORMAT_VERSION) : undefined;
      let paretoFile = existsSync(join(dir, 'pareto.json')) ? readJson<ParetoBatch>(join(dir, 'pareto.json'), 'parley-pareto') : undefined;
      const scenario = findScenario(dir, summary, opts.scenario);
      // A tornado, a frontier or a policy search of another scenario would be read as this batch's:
      // the HTML carries no stderr warning, so such a file is refused, or left out on request, never embedded.
      const mismatched = (other: { scenario?: { hash?: unknown } } | undefined, what: string): boolean => {
        if (other === undefined || other.scenario?.hash === summary.scenario.hash) return false;
        const file = join(dir, what);
        if (!opts.skipMismatched) {
          throw new BatchFileError(
            file,
            `computed on another version of the scenario than summary.json (sha256 ${String(other.scenario?.hash).slice(0, 12)}… vs ${summary.scenario.hash.slice(0, 12)}…): the report would show its results as this batch's`,
            `rerun \`parley ${what.replace('.json', '')} <scenario> --out ${dir}\` on the batch's scenario, move the file away, or pass --skip-mismatched to leave it out`,
          );
        }
        process.stderr.write(`parley: leaving ${file} out of the report: it was computed on another version of the scenario than summary.json\n`);
        return true;
      };
      if (mismatched(sensitivity, 'sensitivity.json')) sensitivity = undefined;
      if (mismatched(paretoFile, 'pareto.json')) paretoFile = undefined;
      if (mismatched(optimize, 'optimize.json')) optimize = undefined;
      const pareto = sensitivity
        ? { ...sensitivity.pareto, runs: sensitivity.runs, seed: sensitivity.seed, strategy: sensitivity.strategy }
        : paretoFile;
      let histograms: MetricHistogram[] | undefined;
      const utilityMetric = scenario.metrics.find((m) => m.expr.source.replace(/\s+/g, '') === 'utility.host');
      if (opts.runs && utilityMetric && existsSync(join(dir, 'runs.csv'))) {
        const hist = await runsCsvHistogram(join(dir, 'runs.csv'), summary, utilityMetric.id);
        if (hist) histograms = [hist];
        else process.stderr.write(`parley: warning: ${join(dir, 'runs.csv')} does not have the columns of this summary's batch; skipping it\n`);
      }
      const html = htmlReport({ summary, scenario, sensitivity, pareto, histograms, optimize, chartLibrary: chartLibrary() });
      writeFileAtomic(opts.output, html);
      process.stdout.write(`Wrote ${opts.output} (${Math.round(html.length / 1024)} kB, self-contained)\n`);
    });
}

function readJson<T extends { kind?: string; formatVersion?: number }>(file: string, kind: string, hint?: string, version = 1): T {
  if (!existsSync(file)) throw new UserError(`${file} does not exist`, hint);
  const text = readInputFile(file, batchJsonFile(basename(file)));
  let value: T;
  try {
    value = JSON.parse(text) as T;
  } catch (error) {
    throw new UserError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (value?.kind !== kind) throw new UserError(`${file} is not a ${kind} file (kind ${JSON.stringify(value?.kind)})`);
  if (value.formatVersion !== version) throw new UserError(`${file} has format version ${value.formatVersion}; this parley reads version ${version}`, 'rerun the batch with this version of parley');
  return value;
}

/** optimize.json of `parley optimize --out`, checked for its format and version. */
function readOptimize(file: string): PolicySearchResult {
  let value: PolicySearchResult;
  try {
    value = JSON.parse(readFileSync(file, 'utf8')) as PolicySearchResult;
  } catch (error) {
    throw new UserError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (value?.format !== 'parley-optimize') throw new UserError(`${file} is not a parley-optimize file (format ${JSON.stringify((value as { format?: unknown })?.format)})`);
  if (value.version !== 1) throw new UserError(`${file} has version ${value.version}; this parley reads version 1`, 'rerun parley optimize with this version of parley');
  return value;
}

/** The scenario of a summary: --scenario, or its file name next to the folder, in the current folder, or in scenarios/. */
function findScenario(dir: string, summary: BatchSummary, given: string | undefined): CompiledScenario {
  if (given !== undefined) {
    const scenario = loadOrExit(given, { quietWarnings: true });
    if (scenario.hash !== summary.scenario.hash) process.stderr.write(`parley: warning: ${given} is not the file the batch ran (its hash differs); diagrams and text come from ${given}\n`);
    return scenario;
  }
  const name = summary.scenario.file;
  const candidates = [join(dir, name), join(dirname(resolve(dir)), name), name, join('scenarios', name)];
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    const { scenario } = readScenario(file);
    if (scenario && scenario.hash === summary.scenario.hash) return scenario;
  }
  throw new UserError(`cannot find the scenario ${name} that ${join(dir, 'summary.json')} was run on (sha256 ${summary.scenario.hash.slice(0, 12)}…)`, 'give it with --scenario FILE');
}

/** Chart.js's browser build, read from node_modules to be inlined in the report. */
function chartLibrary(): string {
  const require = createRequire(import.meta.url);
  const main = require.resolve('chart.js');
  const file = join(dirname(main), 'chart.umd.min.js');
  if (!existsSync(file)) throw new Error(`Chart.js's browser build is missing (${file}); reinstall with npm ci`);
  return readFileSync(file, 'utf8');
}
