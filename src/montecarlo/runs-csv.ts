import type { RunResult } from '../engine/simulation.js';

/** What the runs.csv columns are named after. */
export interface RunsCsvShape {
  readonly metrics: readonly string[];
  readonly tracks: readonly string[];
  readonly parameters: readonly string[];
  /** Add a `variant` column (batches that compare --compare-set variants). */
  readonly variants: boolean;
  /**
   * Add a `<track>_path` column per track (the states the track went through). Default true; false
   * reads a runs.csv written before the path columns existed.
   */
  readonly paths?: boolean;
}

/**
 * The columns of runs.csv: run, strategy, [variant], outcome, rounds, dealRound, dealTrack, deals
 * (every track in a deal state at the end, joined with "+": a portfolio of deals), then one
 * column per metric, per track (its final state), per track again (`<track>_path`: the states it
 * went through, `active.mou > active.study > signed`, as summary.json's path tallies write them) and
 * per parameter (its sampled value), named after them. A track or parameter whose name is already
 * taken gets a suffix (`_state`, `_param`), so every column name is unique and pandas/R need no
 * renaming.
 */
export function runsCsvColumns(shape: RunsCsvShape): string[] {
  const cols = ['run', 'strategy', ...(shape.variants ? ['variant'] : []), 'outcome', 'rounds', 'dealRound', 'dealTrack', 'deals'];
  const taken = new Set(cols);
  const unique = (name: string, suffix: string) => {
    let n = taken.has(name) ? `${name}${suffix}` : name;
    for (let i = 2; taken.has(n); i++) n = `${name}${suffix}${i}`;
    taken.add(n);
    return n;
  };
  for (const m of shape.metrics) cols.push(unique(m, '_metric'));
  for (const t of shape.tracks) cols.push(unique(t, '_state'));
  if (shape.paths !== false) for (const t of shape.tracks) cols.push(unique(`${t}_path`, '_track'));
  for (const p of shape.parameters) cols.push(unique(p, '_param'));
  return cols;
}

export function runsCsvHeader(shape: RunsCsvShape): string {
  return runsCsvColumns(shape).map(csvField).join(',') + '\n';
}

/** RFC 4180: quote a field that holds a comma, a quote or a line break; double the quotes inside. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * runs.csv lines, one per run, written straight into bytes: the run index, strategy, [variant],
 * outcome, rounds, deal round, deal track, then the metrics, final states, paths and parameters (see
 * runsCsvColumns). Numbers are written as String() writes them (the shortest round-trip form), NaN,
 * infinities and "no deal" as empty cells, text quoted as RFC 4180 says (csvField). Building each
 * line as a string, then encoding it, cost a worker about an eighth of its time; here field strings
 * are encoded once and cached, integers are written digit by digit, and other numbers go through
 * JSON.stringify, which writes what String() writes but without V8's number-to-string cache (strings
 * in that cache outlive the young generation and pile up in the old one: with String() a worker's
 * heap, and the batch's peak memory, grew with the number of runs).
 *
 * The bytes are off-heap: a block's worth of text kept as strings would outlive several scavenges,
 * get promoted, and make the old generation, hence peak memory, grow with the number of runs.
 * Batches transfer the buffer to the main thread, which hands it back once written.
 */
export class CsvBytes {
  private static readonly encoder = new TextEncoder();
  private buffer: Uint8Array;
  private length = 0;

  /**
   * Starts in `reuse` (a buffer handed back) when there is one. The buffer is shared so that a batch
   * worker posts its rows without transferring (detaching) it: see batch-worker.
   */
  constructor(reuse?: SharedArrayBuffer) {
    this.buffer = new Uint8Array(reuse ?? new SharedArrayBuffer(64 * 1024));
  }

  /** The bytes written so far (a view of the buffer). */
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  /** One run's line (with its newline). */
  row(result: RunResult, strategy: string, variant: string | undefined): void {
    this.integer(result.run);
    this.byte(44);
    this.field(strategy);
    if (variant !== undefined) {
      this.byte(44);
      this.field(variant);
    }
    this.byte(44);
    this.field(result.outcome);
    this.byte(44);
    this.integer(result.rounds);
    this.byte(44);
    if (result.dealRound >= 0) this.integer(result.dealRound);
    this.byte(44);
    this.field(result.dealTrack);
    this.byte(44);
    this.field(result.dealSet);
    for (const v of result.metrics) {
      this.byte(44);
      this.number(v);
    }
    for (const s of result.finalStates) {
      this.byte(44);
      this.field(s);
    }
    for (const s of result.pathTexts) {
      this.byte(44);
      this.field(s);
    }
    for (const v of result.parameters) {
      this.byte(44);
      this.number(v);
    }
    this.byte(10);
  }

  private number(v: number): void {
    if (!Number.isFinite(v)) return;
    if (Number.isInteger(v) && v > -1e15 && v < 1e15) this.integer(v);
    else this.ascii(JSON.stringify(v));
  }

  /** An integer, as String() writes it (-0 as 0). */
  private integer(v: number): void {
    if (!(v > -1e15 && v < 1e15)) {
      this.ascii(JSON.stringify(v));
      return;
    }
    this.room(17);
    const b = this.buffer;
    if (v < 0) {
      b[this.length++] = 45;
      v = -v;
    }
    if (v < 10) {
      b[this.length++] = 48 + v;
      return;
    }
    let digits = 0;
    for (let x = v; x >= 1; x = Math.floor(x / 10)) digits++;
    let at = this.length + digits;
    this.length = at;
    for (let x = v; at > this.length - digits; x = Math.floor(x / 10)) b[--at] = 48 + (x % 10);
  }

  private field(s: string): void {
    let bytes = fieldBytes.get(s);
    if (bytes === undefined) {
      bytes = CsvBytes.encoder.encode(csvField(s));
      if (fieldBytes.size < 10_000) fieldBytes.set(s, bytes);
    }
    this.room(bytes.length);
    const b = this.buffer;
    for (let i = 0; i < bytes.length; i++) b[this.length++] = bytes[i]!;
  }

  /** Text known to be ASCII (a number's digits, sign, point and exponent). */
  private ascii(s: string): void {
    this.room(s.length);
    const b = this.buffer;
    for (let i = 0; i < s.length; i++) b[this.length++] = s.charCodeAt(i);
  }

  private byte(c: number): void {
    this.room(1);
    this.buffer[this.length++] = c;
  }

  private room(n: number): void {
    if (this.buffer.length - this.length >= n) return;
    const next = new Uint8Array(new SharedArrayBuffer(Math.max(this.buffer.length * 2, this.length + n)));
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }
}

/** Field strings as quoted UTF-8 bytes (rows repeat the same few). */
const fieldBytes = new Map<string, Uint8Array>();
