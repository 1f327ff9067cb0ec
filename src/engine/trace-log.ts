import { limits } from '../scenario/limits.js';
import type { TraceEntry } from './trace-entry.js';

/**
 * A run's trace with a bound on its length (`limits.traceEntries`). A file can make a run record an
 * entry for every event, news item, signal and effect of up to 1,000 rounds (a million lines of up to
 * 1,000 characters), which no terminal, JSON document or JavaScript string can hold: the run stops
 * at the bound instead, with an error built by `full` from the entry that did not fit. Only runs
 * that keep a trace (one run, a replay, the game) pay for the check; batches keep none.
 */
export class TraceLog extends Array<TraceEntry> {
  // Array methods that make new arrays (map, filter, slice) make plain ones, not TraceLogs.
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  static create(full: (entry: TraceEntry) => Error): TraceLog {
    const log = new TraceLog();
    fullErrors.set(log, full);
    return log;
  }

  override push(...entries: TraceEntry[]): number {
    if (this.length + entries.length > limits.traceEntries) throw (fullErrors.get(this) ?? defaultFull)(entries[0]!);
    return super.push(...entries);
  }
}

// Kept outside the array (not a field) so that a trace compares, prints and serialises as its entries alone.
const fullErrors = new WeakMap<TraceLog, (entry: TraceEntry) => Error>();
const defaultFull = (): Error => new Error(`a trace holds at most ${limits.traceEntries} entries`);
