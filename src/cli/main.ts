import { Command, CommanderError } from 'commander';
import { UserError } from './user-error.js';
import { OutputFileError } from '../report/output-file-error.js';
import { BatchFileError } from '../montecarlo/batch-file-error.js';
import { InputFileError } from '../report/input-file.js';
import { SimulationError } from '../engine/simulation-error.js';
import { ENGINE_VERSION } from '../engine/engine-version.js';
import { registerValidateCommand } from './commands/validate-command.js';
import { registerRunCommand } from './commands/run-command.js';
import { registerReplayCommand } from './commands/replay-command.js';
import { registerMergeCommand } from './commands/merge-command.js';
import { registerLintCommand } from './commands/lint-command.js';
import { registerGraphCommand } from './commands/graph-command.js';
import { registerNewCommand } from './commands/new-command.js';
import { registerConvertCommand } from './commands/convert-command.js';
import { registerTestCommand } from './commands/test-command.js';
import { registerPlayCommand } from './commands/play-command.js';
import { registerSensitivityCommand } from './commands/sensitivity-command.js';
import { registerParetoCommand } from './commands/pareto-command.js';
import { registerReportCommand } from './commands/report-command.js';
import { registerBacktestCommand } from './commands/backtest-command.js';
import { registerExploreCommand } from './commands/explore-command.js';
import { registerOptimizeCommand } from './commands/optimize-command.js';

/** The CLI: one file per command under commands/, registered here. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('parley')
    .description('Negotiation scenario simulator: XState tracks, CEL conditions, seeded Monte Carlo batches, a terminal game.')
    .version(ENGINE_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (str, write) => write(str) })
    // Before the commands are added, so that they inherit it: errors reach main() to exit 2.
    .exitOverride();
  registerValidateCommand(program);
  registerRunCommand(program);
  registerReplayCommand(program);
  registerMergeCommand(program);
  registerLintCommand(program);
  registerGraphCommand(program);
  registerNewCommand(program);
  registerConvertCommand(program);
  registerTestCommand(program);
  registerPlayCommand(program);
  registerSensitivityCommand(program);
  registerParetoCommand(program);
  registerReportCommand(program);
  registerBacktestCommand(program);
  registerExploreCommand(program);
  registerOptimizeCommand(program);
  return program;
}
/** Entry point: runs the CLI; user errors print a message and exit 2, never a stack trace. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    if (error instanceof UserError) {
      process.stderr.write(`parley: ${error.code === 'E_USAGE' ? '' : `${error.code}: `}${error.message}\n${error.hint ? `    hint: ${error.hint}\n` : ''}`);
      process.exitCode = 2;
      return;
    }
    if (error instanceof SimulationError) {
      const where = [error.where.track && `track ${error.where.track}`, error.where.state && `state ${error.where.state}`, error.where.run !== undefined && `run ${error.where.run}`, error.where.round !== undefined && `round ${error.where.round}`, error.where.path && `at ${error.where.path.join('.')}`]
        .filter(Boolean)
        .join(', ');
      const at = error.where.location ? `${error.where.location.file}:${error.where.location.line}:${error.where.location.column} ` : '';
      process.stderr.write(`parley: ${at}${error.code}: ${error.message}${where ? `\n    (${where})` : ''}\n`);
      process.exitCode = 2;
      return;
    }
    // File problems any command can meet (a full disk, a read-only folder, a batch file cut short):
    // one line naming the file and the cause, as `parley run` prints them.
    if (error instanceof OutputFileError) {
      process.stderr.write(`parley: E_WRITE_FAILED: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    if (error instanceof InputFileError) {
      process.stderr.write(`parley: ${error.code}: ${error.message}\n${error.hint ? `    hint: ${error.hint}\n` : ''}`);
      process.exitCode = 2;
      return;
    }
    if (error instanceof BatchFileError) {
      process.stderr.write(`parley: E_BATCH_FILE: ${error.message}\n${error.hint ? `    hint: ${error.hint}\n` : ''}`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}
