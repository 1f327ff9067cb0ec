import type { ErrorCode, WarningCode } from './error-codes.js';

/** Where a problem sits in a file. Lines and columns count from 1. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * A problem found in a scenario, as data. Only cli/ formats and prints these.
 *
 * @example
 * { code: 'E_UNKNOWN_TARGET', severity: 'error', path: ['tracks', 'us', 'machine', 'states', 'mou', 'on', 'SIGN'],
 *   location: { file: 'us.json', line: 40, column: 19 }, message: "transition target 'bindng' does not exist",
 *   hint: "did you mean 'binding'?" }
 */
export interface ScenarioProblem {
  /** An error code for an error, a warning code for a warning (error-codes.ts says what each means). */
  readonly code: ErrorCode | WarningCode;
  readonly severity: 'error' | 'warning';
  readonly path: readonly (string | number)[];
  readonly location: SourceLocation;
  readonly message: string;
  readonly hint?: string;
}

/** Thrown by loaders when a scenario has errors; carries every problem found, not only the first. */
export class ScenarioLoadError extends Error {
  constructor(readonly problems: readonly ScenarioProblem[]) {
    super(problems.map((p) => `${p.location.file}:${p.location.line}:${p.location.column} ${p.code} ${p.message}`).join('\n'));
    this.name = 'ScenarioLoadError';
  }
}
