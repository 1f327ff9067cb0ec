import type { ErrorCode } from '../scenario/error-codes.js';

/** An error the user can fix (bad arguments, unreadable files): printed without a stack, exit code 2. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly code: ErrorCode = 'E_USAGE',
  ) {
    super(message);
    this.name = 'UserError';
  }
}
