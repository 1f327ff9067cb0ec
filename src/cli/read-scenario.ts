import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import type { ScenarioProblem } from '../scenario/scenario-error.js';
import { UserError } from './user-error.js';
import { loadScenario, type LoadResult } from '../scenario/load-scenario.js';
import { InputFileError, readInputFile, SCENARIO_FILE } from '../report/input-file.js';

/**
 * The text of a scenario file, read through the one bounded reader: a regular file of at most
 * `limits.fileBytes` bytes (a FIFO, a device or a folder is refused before anything is read), or
 * the problem that stopped it, located at the file's first character.
 */
export function readScenarioText(file: string): { text: string; problem?: undefined } | { text?: undefined; problem: ScenarioProblem } {
  try {
    return { text: readInputFile(file, SCENARIO_FILE) };
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    const notFound = error.problem === 'no such file';
    return {
      problem: {
        code: error.code,
        severity: 'error',
        path: [],
        location: { file, line: 1, column: 1 },
        message: error.problem,
        hint: notFound ? 'check the path; scenarios live in scenarios/' : error.hint,
      },
    };
  }
}

/** Reads and loads a scenario file; I/O problems become located problems like any other. */
export function readScenario(file: string): LoadResult {
  const { text, problem } = readScenarioText(file);
  if (problem) return { problems: [problem] };
  return loadScenario(text, file);
}

/**
 * The text of a loaded scenario, read again for worker threads, which load it themselves (they check
 * its hash against the scenario's, so a file changed in between is caught there).
 */
export function scenarioTextForWorkers(scenario: CompiledScenario): string {
  try {
    return readInputFile(scenario.path, SCENARIO_FILE);
  } catch (error) {
    if (error instanceof InputFileError) throw new UserError(`cannot read ${scenario.path} again for the workers: ${error.problem}`, error.hint, error.code);
    throw error;
  }
}
