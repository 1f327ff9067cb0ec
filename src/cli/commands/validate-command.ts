import type { Command } from 'commander';
import { readScenario } from '../read-scenario.js';
import { formatProblem } from '../format-problem.js';
import { watchFiles } from '../watch-files.js';

/** `parley validate <files...>`: syntax, schema, references, expressions. */
export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('Check scenario files: syntax, schema, references and every expression. Exit 0 when clean, 2 on errors.')
    .argument('<files...>', 'scenario files (.json)')
    .option('--json', 'print problems as JSON')
    .option('--watch', 're-check whenever a file is saved (Ctrl-C to stop)')
    .addHelpText('after', '\nExample:\n  $ parley validate scenarios/turkey-rare-earths.yaml')
    .action((files: string[], opts: { json?: boolean; watch?: boolean }) => {
      if (opts.watch) return watchFiles(files, () => validateFiles(files, opts));
      validateFiles(files, opts);
    });
}

function validateFiles(files: string[], opts: { json?: boolean }): void {
      let errors = 0;
      const all = [];
      for (const file of files) {
        const { problems } = readScenario(file);
        errors += problems.filter((p) => p.severity === 'error').length;
        if (opts.json) all.push({ file, problems });
        else {
          for (const p of problems) process.stderr.write(formatProblem(p) + '\n');
          if (problems.every((p) => p.severity !== 'error')) process.stdout.write(`${file}: ok${problems.length ? ` (${problems.length} warning${problems.length === 1 ? '' : 's'})` : ''}\n`);
        }
      }
      if (opts.json) process.stdout.write(JSON.stringify(all, null, 2) + '\n');
      process.exitCode = errors > 0 ? 2 : 0;
}
