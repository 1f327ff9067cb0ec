import { readFileSync, statSync } from 'node:fs';
import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { UserError } from './user-error.js';
import { loadScenario, type LoadResult } from '../scenario/load-scenario.js';
import { limits } from '../scenario/limits.js';

/** Reads and loads a scenario file; I/O problems become located problems like any other. */
export function readScenario(file: string): LoadResult {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > limits.fileBytes) {
      return {
        problems: [
          {
            code: 'E_FILE_TOO_LARGE',
            severity: 'error',
            path: [],
            location: { file, line: 1, column: 1 },
            message: `the file is ${size} bytes; the limit is ${limits.fileBytes}`,
            hint: 'scenarios are written by hand; remove generated bulk',
          },
        ],
      };
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      problems: [
        {
          code: 'E_FILE',
          severity: 'error',
          path: [],
          location: { file, line: 1, column: 1 },
          message: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'this is a folder, not a scenario file' : `cannot read the file (${code})`,
          hint: code === 'ENOENT' ? 'check the path; scenarios live in scenarios/' : undefined,
        },
      ],
    };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return loadScenario(text, file);
}

/**
 * The text of a loaded scenario, read again for worker threads, which load it themselves (they check
 * its hash against the scenario's, so a file changed in between is caught there).
 */
export function scenarioTextForWorkers(scenario: CompiledScenario): string {
  let text: string;
  try {
    text = readFileSync(scenario.path, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read ${scenario.path} again for the workers: ${(error as Error).message}`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
