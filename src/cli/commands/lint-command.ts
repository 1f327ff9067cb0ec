import type { Command } from 'commander';
import { readScenarioDocument } from '../read-scenario-document.js';
import { formatProblem } from '../format-problem.js';
import { parseInteger } from '../parse-integer.js';
import { runCountLimits } from '../run-count-limits.js';
import { lintScenario } from '../../lint/lint-scenario.js';
import { lintRules } from '../../lint/lint-rules.js';
import type { ScenarioProblem } from '../../scenario/scenario-error.js';

interface LintCommandOptions {
  json?: boolean;
  strict?: boolean;
  runs: number;
  seed: string;
  static?: boolean;
  rules?: boolean;
}

/** `parley lint <files...>`: semantic warnings on top of `validate`. */
export function registerLintCommand(program: Command): void {
  program
    .command('lint')
    .description(
      'Check scenarios for likely mistakes: unreachable states, dead ends, unclassified final states, events nobody sends, moves that are never offered, probabilities outside [0, 1], unused variables. Exit 0 when clean or only warnings, 1 on warnings with --strict, 2 on errors.',
    )
    .argument('[files...]', 'scenario files (.json)')
    .option('--json', 'print problems as JSON')
    .option('--strict', 'exit 1 when there are warnings')
    .option('--runs <n>', 'sampled runs with the exploring host (strategies get a quarter of that each)', parseInteger('--runs', 1, runCountLimits.inMemory, 'every sampled run is kept in memory'), 200)
    .option('--seed <seed>', 'seed for the sampled runs', 'lint')
    .option('--static', 'skip the rules that sample runs (faster; proves less)')
    .option('--rules', 'list the rules and their codes, then exit')
    .addHelpText('after', '\nExamples:\n  $ parley lint scenarios/*.json\n  $ parley lint my-scenario.json --strict --json')
    .action((files: string[], opts: LintCommandOptions) => {
      if (opts.rules) {
        const width = Math.max(...lintRules.map((r) => r.code.length));
        for (const r of lintRules) process.stdout.write(`${r.code.padEnd(width)} ${r.sampled ? '(sampled) ' : ''}${r.summary}\n`);
        return;
      }
      if (files.length === 0) {
        process.stderr.write('parley lint: name at least one scenario file, e.g. `parley lint scenarios/*.json`\n');
        process.exitCode = 2;
        return;
      }
      let errors = 0;
      let warnings = 0;
      const all: { file: string; problems: ScenarioProblem[] }[] = [];
      for (const file of files) {
        const { scenario, document, problems: loadProblems } = readScenarioDocument(file);
        const problems = [...loadProblems];
        if (scenario && document) {
          problems.push(...lintScenario(scenario, document, { seed: opts.seed, exploreRuns: opts.runs, strategyRuns: Math.max(1, Math.round(opts.runs / 4)), staticOnly: opts.static }));
        }
        const e = problems.filter((p) => p.severity === 'error').length;
        const w = problems.length - e;
        errors += e;
        warnings += w;
        if (opts.json) all.push({ file, problems });
        else {
          for (const p of problems) process.stderr.write(formatProblem(p) + '\n');
          if (e > 0) process.stdout.write(`${file}: ${e} error${e === 1 ? '' : 's'}${w ? `, ${w} warning${w === 1 ? '' : 's'}` : ''}\n`);
          else process.stdout.write(`${file}: ${w === 0 ? 'clean' : `${w} warning${w === 1 ? '' : 's'}`}\n`);
        }
      }
      if (opts.json) process.stdout.write(JSON.stringify(all, null, 2) + '\n');
      process.exitCode = errors > 0 ? 2 : warnings > 0 && opts.strict ? 1 : 0;
    });
}
