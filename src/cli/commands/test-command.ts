import type { Command } from 'commander';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readScenario } from '../read-scenario.js';
import { formatProblem } from '../format-problem.js';
import { parseInteger } from '../parse-integer.js';
import { UserError } from '../user-error.js';
import { checkExpectations, type ExpectationResult } from '../../lint/check-expectations.js';

interface TestCommandOptions {
  seed: string;
  maxRuns: number;
  json?: boolean;
  strict?: boolean;
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '-∞' : 'n/a';
  return Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(3);
}

function expected(r: ExpectationResult): string {
  if (r.min !== undefined && r.max !== undefined) return `in [${r.min}, ${r.max}]`;
  return r.min !== undefined ? `≥ ${r.min}` : `≤ ${r.max}`;
}

/** One line per expectation: verdict, what was measured, the interval, what was expected, how many runs. */
export function formatExpectation(r: ExpectationResult): string {
  const verdict = r.verdict === 'pass' ? 'pass     ' : r.verdict === 'fail' ? 'FAIL     ' : 'undecided';
  const samples = r.kind === 'metric' && r.samples !== r.runs ? `, defined in ${r.samples.toLocaleString('en-US')}` : '';
  const head = `  ${verdict} ${r.measure} with ${r.strategy} = ${fmt(r.value)}, 95% CI [${fmt(r.lo)}, ${fmt(r.hi)}], expected ${expected(r)} (${r.runs.toLocaleString('en-US')} runs${samples})`;
  return r.description ? `${head}\n            ${r.description}` : head;
}

/** `parley test [files...]`: checks each scenario's expectations with as many runs as it takes. */
export function registerTestCommand(program: Command): void {
  program
    .command('test')
    .description(
      "Check scenarios' expectations (e.g. P(noDeal) at most 0.3 with a strategy): runs 1,000, then 4,000, 16,000... until the 95% interval decides. Exit 1 when an expectation fails, 2 on scenario errors.",
    )
    .argument('[files...]', 'scenario files (default: every scenarios/*.json)')
    .option('--seed <seed>', 'master seed', 'test')
    .option('--max-runs <n>', "most runs per expectation (an expectation's own \"runs\" overrides it)", parseInteger('--max-runs', 1), 16_000)
    .option('--strict', 'count undecided expectations as failures')
    .option('--json', 'print the results as JSON')
    .addHelpText('after', '\nExamples:\n  $ parley test\n  $ parley test scenarios/supplier-duel.json --max-runs 64000')
    .action((files: string[], opts: TestCommandOptions) => {
      if (files.length === 0) {
        if (!existsSync('scenarios')) throw new UserError('no files given and no scenarios/ folder here', 'name the scenario files, e.g. `parley test my-deal.json`');
        files = readdirSync('scenarios')
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => join('scenarios', f));
        if (files.length === 0) throw new UserError('scenarios/ holds no .json files', 'name the scenario files to test');
      }
      let errors = 0;
      let failed = 0;
      let undecided = 0;
      let passed = 0;
      const report: { file: string; scenarioHash?: string; seed: string; results: ExpectationResult[]; errors?: number }[] = [];
      for (const file of files) {
        const { scenario, problems } = readScenario(file);
        if (!scenario) {
          errors++;
          if (!opts.json) {
            for (const p of problems) if (p.severity === 'error') process.stderr.write(formatProblem(p) + '\n');
            process.stdout.write(`${file}: cannot be tested: ${problems.filter((p) => p.severity === 'error').length} error(s)\n`);
          }
          report.push({ file, seed: opts.seed, results: [], errors: problems.length });
          continue;
        }
        const results = checkExpectations(scenario, { seed: opts.seed, maxRuns: opts.maxRuns });
        for (const r of results) {
          if (r.verdict === 'pass') passed++;
          else if (r.verdict === 'fail') failed++;
          else undecided++;
        }
        report.push({ file, scenarioHash: scenario.hash, seed: opts.seed, results });
        if (!opts.json) {
          process.stdout.write(`${file}${results.length === 0 ? ': no expectations (add some under "expectations")' : ''}\n`);
          for (const r of results) process.stdout.write(formatExpectation(r) + '\n');
        }
      }
      if (opts.json) process.stdout.write(JSON.stringify({ formatVersion: 1, files: report }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n');
      else {
        process.stdout.write(`\n${passed} passed, ${failed} failed, ${undecided} undecided${errors ? `, ${errors} file(s) with errors` : ''} (seed '${opts.seed}')\n`);
        if (undecided > 0) process.stdout.write('undecided: the 95% interval still straddles a bound; raise --max-runs (or the expectation\'s "runs"), or widen the bounds\n');
      }
      process.exitCode = errors > 0 ? 2 : failed > 0 || (opts.strict && undecided > 0) ? 1 : 0;
    });
}
