import type { Command } from 'commander';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readScenarioDocument } from '../read-scenario-document.js';
import { formatProblem } from '../format-problem.js';
import { parseInteger } from '../parse-integer.js';
import { UserError } from '../user-error.js';
import { checkExpectations, type ExpectationResult } from '../../lint/check-expectations.js';
import type { SourceLocation } from '../../scenario/scenario-error.js';
import { formatBound, formatEstimate, type EstimateFormatOptions } from '../../report/format-estimate.js';
import { isScenarioFileName } from '../../scenario/scenario-file-format.js';

interface TestCommandOptions {
  seed: string;
  maxRuns: number;
  json?: boolean;
  strict?: boolean;
  verbose?: boolean;
}

/** An expectation's result with where the expectation is written. */
export interface LocatedExpectationResult extends ExpectationResult {
  readonly location: SourceLocation;
}

const INDENT = ' '.repeat(12);

function scaleOf(r: ExpectationResult): EstimateFormatOptions {
  return { scale: r.kind === 'outcome' ? 'probability' : 'number', signed: r.compare !== undefined };
}

function expected(r: ExpectationResult): string {
  const o = scaleOf(r);
  if (r.min !== undefined && r.max !== undefined) return `in [${formatBound(r.min, o)}, ${formatBound(r.max, o)}]`;
  return r.min !== undefined ? `≥ ${formatBound(r.min, o)}` : `≤ ${formatBound(r.max!, o)}`;
}

/** What was measured: "P(noDeal) with westFirst" or "mean(surplus), westTogether − westFirst". */
function subject(r: ExpectationResult): string {
  return r.compare ? `${r.measure}, ${r.compare[0]} − ${r.compare[1]}` : `${r.measure} with ${r.strategy}`;
}

function where(l: SourceLocation): string {
  return `${l.file}:${l.line}:${l.column}`;
}

/**
 * One expectation as test runners print a test: verdict, what was measured, the estimate and its 95%
 * interval at one precision (probabilities as percentages, comparisons signed), what was expected and
 * how many runs; then, for a failed or undecided expectation (or any, with `verbose`), where it is
 * written as file:line:column, and its description.
 */
export function formatExpectation(r: LocatedExpectationResult, verbose = false): string {
  const verdict = r.verdict === 'pass' ? 'pass     ' : r.verdict === 'fail' ? 'FAIL     ' : 'undecided';
  const runs = `${r.runs.toLocaleString('en-US')} ${r.compare ? 'paired runs' : 'runs'}`;
  const samples = r.kind === 'metric' && r.samples !== r.runs ? `, defined in ${r.samples.toLocaleString('en-US')}` : '';
  const e = formatEstimate(r.value, r.lo, r.hi, scaleOf(r));
  const lines = [`  ${verdict} ${subject(r)} = ${e.value}, 95% CI [${e.lo}, ${e.hi}], expected ${expected(r)} (${runs}${samples})`];
  if (verbose || r.verdict !== 'pass') lines.push(`${INDENT}at ${where(r.location)}`);
  if (r.description) lines.push(`${INDENT}${r.description}`);
  return lines.join('\n');
}

/** The short list after the totals: each failed or undecided expectation as file:line:column and what it measured. */
function formatFailures(results: readonly LocatedExpectationResult[], strict: boolean): string[] {
  const lines: string[] = [];
  for (const r of results) {
    if (r.verdict === 'pass') continue;
    const e = formatEstimate(r.value, r.lo, r.hi, scaleOf(r));
    const label = r.verdict === 'fail' ? 'FAIL' : strict ? 'UNDECIDED' : 'undecided';
    lines.push(`${label} ${where(r.location)}  ${subject(r)} = ${e.value} [${e.lo}, ${e.hi}], expected ${expected(r)}`);
  }
  return lines;
}

/** `parley test [files...]`: checks each scenario's expectations with as many runs as it takes. */
export function registerTestCommand(program: Command): void {
  program
    .command('test')
    .description(
      "Check scenarios' expectations (e.g. P(noDeal) at most 0.3 with a strategy, or one strategy's mean surplus at least another's on the same runs): runs 1,000, then 4,000, 16,000... until the 95% interval decides. Failed expectations are listed as file:line:column. Exit 1 when an expectation fails, 2 on scenario errors.",
    )
    .argument('[files...]', 'scenario files (default: every .json, .yaml and .yml file in scenarios/)')
    .option('--seed <seed>', 'master seed', 'test')
    .option('--max-runs <n>', "most runs per expectation (an expectation's own \"runs\" overrides it)", parseInteger('--max-runs', 1), 16_000)
    .option('--strict', 'count undecided expectations as failures')
    .option('--verbose', 'print where every expectation is written (file:line:column), not only the failed and undecided ones')
    .option('--json', 'print the results as JSON (each with its file:line:column), for CI')
    .addHelpText('after', '\nExamples:\n  $ parley test\n  $ parley test scenarios/supplier-duel.json --max-runs 64000\n  $ parley test scenarios/turkey-rare-earths.yaml --json > test-results.json')
    .action((files: string[], opts: TestCommandOptions) => {
      if (files.length === 0) {
        if (!existsSync('scenarios')) throw new UserError('no files given and no scenarios/ folder here', 'name the scenario files, e.g. `parley test my-deal.json`');
        files = readdirSync('scenarios')
          .filter(isScenarioFileName)
          .sort()
          .map((f) => join('scenarios', f));
        if (files.length === 0) throw new UserError('scenarios/ holds no .json, .yaml or .yml files', 'name the scenario files to test');
      }
      let errors = 0;
      let failed = 0;
      let undecided = 0;
      let passed = 0;
      const all: LocatedExpectationResult[] = [];
      const report: { file: string; scenarioHash?: string; seed: string; results: LocatedExpectationResult[]; errors?: number }[] = [];
      for (const file of files) {
        const { scenario, document, problems } = readScenarioDocument(file);
        if (!scenario) {
          errors++;
          if (!opts.json) {
            for (const p of problems) if (p.severity === 'error') process.stderr.write(formatProblem(p) + '\n');
            process.stdout.write(`${file}: cannot be tested: ${problems.filter((p) => p.severity === 'error').length} error(s)\n`);
          }
          report.push({ file, seed: opts.seed, results: [], errors: problems.length });
          continue;
        }
        const results = checkExpectations(scenario, { seed: opts.seed, maxRuns: opts.maxRuns }).map(
          (r): LocatedExpectationResult => ({ ...r, location: document?.locate(['expectations', r.index]) ?? { file, line: 1, column: 1 } }),
        );
        for (const r of results) {
          if (r.verdict === 'pass') passed++;
          else if (r.verdict === 'fail') failed++;
          else undecided++;
        }
        all.push(...results);
        report.push({ file, scenarioHash: scenario.hash, seed: opts.seed, results });
        if (!opts.json) {
          process.stdout.write(`${file}${results.length === 0 ? ': no expectations (add some under "expectations")' : ''}\n`);
          for (const r of results) process.stdout.write(formatExpectation(r, opts.verbose) + '\n');
        }
      }
      if (opts.json) {
        const totals = { passed, failed, undecided, errors };
        process.stdout.write(JSON.stringify({ formatVersion: 1, seed: opts.seed, totals, files: report }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');
      } else {
        process.stdout.write(`\n${passed} passed, ${failed} failed, ${undecided} undecided${errors ? `, ${errors} file(s) with errors` : ''} (seed '${opts.seed}')\n`);
        const failures = formatFailures(all, opts.strict === true);
        if (failures.length > 0) process.stdout.write(`\n${failures.join('\n')}\n`);
        if (undecided > 0) process.stdout.write('\nundecided: the 95% interval still straddles a bound; raise --max-runs (or the expectation\'s "runs"), or widen the bounds\n');
      }
      process.exitCode = errors > 0 ? 2 : failed > 0 || (opts.strict && undecided > 0) ? 1 : 0;
    });
}
