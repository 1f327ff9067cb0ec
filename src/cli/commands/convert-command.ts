import type { Command } from 'commander';
import { Option } from 'commander';
import { existsSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseSourceDocument } from '../../scenario/source-document.js';
import { scenarioFileFormat, type ScenarioFileFormat } from '../../scenario/scenario-file-format.js';
import { sourceComments } from '../../scenario/scenario-comments.js';
import { scenarioText, yamlSchemaComment } from '../../scenario/scenario-text.js';
import { formatProblem } from '../format-problem.js';
import { readScenarioText } from '../read-scenario.js';
import { UserError } from '../user-error.js';

/** `parley convert <file> --to yaml|json`: the same scenario in the other syntax. */
export function registerConvertCommand(program: Command): void {
  program
    .command('convert')
    .description(
      'Write a scenario in the other syntax, JSON or YAML, with every value and comment kept: // and /* */ comments become # lines, # comments become // lines (JSON with comments, which Parley reads), before the same key, after the same value or at the end of the same object or list. The schema reference moves between "$schema" and the YAML editors\' comment. Never overwrites.',
    )
    .argument('<scenario>', 'scenario file (.json, .yaml or .yml)')
    .addOption(new Option('--to <format>', 'the syntax to write').choices(['yaml', 'json']).makeOptionMandatory())
    .option('--out <file>', "where to write (default: the scenario's name with the new extension; - for stdout)")
    .addHelpText('after', '\nExamples:\n  $ parley convert scenarios/supplier-duel.json --to yaml\n  $ parley convert my-deal.yaml --to json --out - | less')
    .action((file: string, opts: { to: ScenarioFileFormat; out?: string }) => {
      const { text, problem } = readScenarioText(file);
      if (problem) {
        process.stderr.write(formatProblem(problem) + '\n');
        process.exit(2);
      }
      const { document, problems } = parseSourceDocument(text, file);
      if (problems.length > 0) {
        for (const p of problems) process.stderr.write(formatProblem(p) + '\n');
        process.stderr.write(`${file}: ${problems.length} error${problems.length === 1 ? '' : 's'}; nothing was converted\n`);
        process.exit(2);
      }
      const schema = scenarioFileFormat(file) === 'yaml' ? yamlSchemaComment(text) : undefined;
      const converted = scenarioText(document.value, opts.to, schema, sourceComments(text, file, document.value));
      if (opts.out === '-') {
        process.stdout.write(converted);
        return;
      }
      const target = resolve(opts.out ?? file.replace(/\.(json|ya?ml)$/i, '') + (opts.to === 'yaml' ? '.yaml' : '.json'));
      const shown = relative(process.cwd(), target) || target;
      if (target === resolve(file)) throw new UserError(`${shown} is the scenario itself`, 'give another file with --out', 'E_USAGE');
      if (existsSync(target)) throw new UserError(`${shown} already exists; \`parley convert\` never overwrites a file`, 'choose another name with --out, or delete the file first', 'E_USAGE');
      try {
        writeFileSync(target, converted, { flag: 'wx' });
      } catch (error) {
        throw new UserError(`cannot write ${shown}: ${(error as Error).message}`, undefined, 'E_WRITE_FAILED');
      }
      process.stdout.write(`wrote ${shown}\n`);
    });
}
