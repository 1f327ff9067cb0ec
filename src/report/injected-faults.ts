import { basename } from 'node:path';

/**
 * Faults injected on purpose, for the tests of what a batch leaves on disk: a kill -9 at a chosen
 * checkpoint (before it, halfway through writing it, just after it) or between the two renames that
 * commit runs.csv and summary.json, and a write error (ENOSPC, EROFS...) on a chosen file once some
 * checkpoints are written. Timers cannot place a kill at such points on a loaded machine; a hook can.
 *
 * Read once from the environment variable PARLEY_FAULT, a `;`-separated list of:
 *   kill:checkpoint:N:before|during|after   kill -9 this process at checkpoint N (counted from 1)
 *   kill:commit                             kill -9 after runs.csv is renamed into place, before summary.json
 *   fail:CODE:FILE:N                        every write to FILE (a file name) fails with CODE after N checkpoints
 * Unset (always, outside tests), every call here is a no-op.
 */
export class InjectedFaults {
  private checkpoints = 0;

  constructor(private readonly directives: readonly string[][]) {}

  static fromEnvironment(): InjectedFaults {
    const text = process.env.PARLEY_FAULT ?? '';
    return new InjectedFaults(text.split(';').filter((d) => d.trim() !== '').map((d) => d.trim().split(':')));
  }

  /** The number of the checkpoint about to be written (from 1). */
  get nextCheckpoint(): number {
    return this.checkpoints + 1;
  }

  checkpointWritten(): void {
    this.checkpoints++;
  }

  /** Kills this process with SIGKILL when a directive names this point. */
  killAt(point: 'before' | 'during' | 'after' | 'commit'): void {
    for (const d of this.directives) {
      if (d[0] !== 'kill') continue;
      const hit = point === 'commit' ? d[1] === 'commit' : d[1] === 'checkpoint' && Number(d[2]) === this.nextCheckpoint - (point === 'after' ? 1 : 0) && d[3] === point;
      if (hit) process.kill(process.pid, 'SIGKILL');
    }
  }

  /** Throws the system error a directive asks for on writes to `file`. */
  failWrite(file: string): void {
    for (const d of this.directives) {
      if (d[0] === 'fail' && d[2] === basename(file) && this.checkpoints >= Number(d[3] ?? 0)) {
        throw Object.assign(new Error(`${d[1]}: injected write error, write '${file}'`), { code: d[1], syscall: 'write', path: file });
      }
    }
  }
}

/** The faults of this process (none unless PARLEY_FAULT is set). */
export const injectedFaults = InjectedFaults.fromEnvironment();
