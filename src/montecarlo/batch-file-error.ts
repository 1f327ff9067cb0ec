/**
 * A batch file (checkpoint.json, summary.json, runs.csv) that cannot be trusted: unreadable, cut
 * short, tampered with, or from another batch. Data for the CLI to print (exit 2, no stack trace).
 *
 * @example
 *   new BatchFileError('out/runs.csv', 'has 1200 rows, the checkpoint says 1500', 'start over without --resume')
 */
export class BatchFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly hint?: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'BatchFileError';
  }
}
