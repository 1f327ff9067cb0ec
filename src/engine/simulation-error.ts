import type { ErrorCode } from '../scenario/error-codes.js';
import type { SourceLocation } from '../scenario/scenario-error.js';

/**
 * An error that stops a run: a scenario that loaded but misbehaves at run time (a probability that is
 * not a number, an eventless loop, signal ping-pong). Data like load problems: a code, a message,
 * and where it happened.
 */
export class SimulationError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly where: { readonly track?: string; readonly state?: string; readonly round?: number; readonly run?: number; readonly path?: readonly (string | number)[]; readonly location?: SourceLocation } = {},
  ) {
    super(message);
    this.name = 'SimulationError';
  }
}
