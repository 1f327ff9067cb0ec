import type { RunResult } from '../engine/simulation.js';
import { runsCsvColumns, type RunsCsvShape } from './runs-csv.js';

/** How a runs.csv column is stored: numbers in a Float64Array (NaN for an empty cell), text as dictionary codes. */
export type RunColumnKind = 'number' | 'text';

/** What a column is in the domain: it decides where the explorer offers it. */
export type RunColumnRole = 'run' | 'arm' | 'outcome' | 'result' | 'metric' | 'track' | 'path' | 'parameter';

export interface RunColumn {
  readonly name: string;
  readonly kind: RunColumnKind;
  readonly role: RunColumnRole;
  /** The metric id, track id or parameter name behind it (the column name may carry a suffix). */
  readonly source: string;
}

/**
 * The runs of a batch, column by column: one typed array per column, text (strategy, outcome, final
 * states) as codes into a dictionary per column. A filter then reads one or two arrays of numbers
 * instead of a million objects, which is what makes conditioning 10^6 runs take milliseconds.
 *
 * Rows are added from runs.csv bytes (a file read in chunks), from blocks of columns a live batch's
 * workers build (`appendBlock`), or from a binary runs file, in the order runs.csv has them: run by
 * run, each run under every arm in arm order.
 *
 * @example
 * const store = new RunColumns(shape);
 * store.append(bytes); store.end();
 * store.numbers('containedREO')[7] // containedREO of row 7, NaN when the cell was empty
 */
export class RunColumns {
  readonly columns: readonly RunColumn[];
  /** Whether the rows hold each track's path (`<track>_path`), not only its final state (runs.csv of older batches). */
  readonly paths: boolean;
  /** Rows held. */
  length = 0;
  private capacity = 0;
  private readonly numeric: (Float64Array | undefined)[];
  private readonly codes: (Uint32Array | undefined)[];
  private readonly dictionaries: (string[] | undefined)[];
  private readonly lookups: (Map<string, number> | undefined)[];
  private readonly index = new Map<string, number>();
  /** How many parameter columns end each row. */
  private readonly parameterColumns: number;
  /**
   * Parameters of rows added as column blocks, kept as the blocks send them: once per draw
   * (`parameterTable`, row-major, `parameterCount` sets), each row pointing at its set
   * (`rowSets`). A parameter column is written out from them when it is read (`numbers`), so a
   * live batch that nobody conditions on never spends the main thread on ~100 cells per row.
   * Rows [0, filled[k]) of parameter column k are written out.
   */
  private parameterTable = new Float64Array(0);
  private parameterCount = 0;
  private rowSets = new Uint32Array(0);
  private readonly filled: number[];
  private readonly header: string;
  private headerSeen: boolean;
  /** The bytes of a line cut by the end of a chunk. */
  private rest: Uint8Array = new Uint8Array(0);
  private readonly decoder = new TextDecoder();

  /**
   * `withHeader`: the bytes start with runs.csv's header line, which must be the one this shape
   * writes (a live batch's onRows lines have none).
   */
  constructor(shape: RunsCsvShape, options: { readonly withHeader?: boolean } = {}) {
    const names = runsCsvColumns(shape);
    this.header = names.join(',');
    this.headerSeen = options.withHeader !== true;
    const fixed = shape.variants ? 8 : 7;
    const M = shape.metrics.length;
    const T = shape.tracks.length;
    const P = shape.paths === false ? 0 : T;
    this.paths = P > 0;
    this.parameterColumns = shape.parameters.length;
    this.filled = shape.parameters.map(() => 0);
    this.columns = names.map((name, i): RunColumn => {
      if (i === 0) return { name, kind: 'number', role: 'run', source: name };
      if (name === 'strategy' || (shape.variants && name === 'variant')) return { name, kind: 'text', role: 'arm', source: name };
      if (name === 'outcome') return { name, kind: 'text', role: 'outcome', source: name };
      if (i < fixed) return { name, kind: name === 'dealTrack' || name === 'deals' ? 'text' : 'number', role: 'result', source: name };
      if (i < fixed + M) return { name, kind: 'number', role: 'metric', source: shape.metrics[i - fixed]! };
      if (i < fixed + M + T) return { name, kind: 'text', role: 'track', source: shape.tracks[i - fixed - M]! };
      if (i < fixed + M + T + P) return { name, kind: 'text', role: 'path', source: shape.tracks[i - fixed - M - T]! };
      return { name, kind: 'number', role: 'parameter', source: shape.parameters[i - fixed - M - T - P]! };
    });
    this.columns.forEach((c, i) => this.index.set(c.name, i));
    this.numeric = this.columns.map(() => undefined);
    this.codes = this.columns.map(() => undefined);
    this.dictionaries = this.columns.map((c) => (c.kind === 'text' ? [] : undefined));
    this.lookups = this.columns.map((c) => (c.kind === 'text' ? new Map<string, number>() : undefined));
    this.grow(1024);
  }

  /**
   * A store over whole columns (a binary runs file read back): `cells[i]` is column i's numbers, or
   * its codes with their dictionary (in order of first appearance, as every other way of adding rows
   * leaves it), each `rows` long. The arrays are kept, not copied.
   */
  static fromColumns(shape: RunsCsvShape, rows: number, cells: readonly (Float64Array | { readonly codes: Uint32Array; readonly values: readonly string[] })[]): RunColumns {
    const store = new RunColumns(shape);
    if (cells.length !== store.columns.length) throw new RunColumnsError(`it has ${cells.length} columns, this batch writes ${store.columns.length}`);
    store.columns.forEach((c, i) => {
      const cell = cells[i]!;
      if (cell instanceof Float64Array) {
        if (c.kind !== 'number' || cell.length < rows) throw new RunColumnsError(`column ${c.name} is not ${rows} numbers`);
        store.numeric[i] = cell;
        return;
      }
      if (c.kind !== 'text' || cell.codes.length < rows) throw new RunColumnsError(`column ${c.name} is not ${rows} text codes`);
      const values = [...cell.values];
      const lookup = new Map(values.map((v, k) => [v, k] as const));
      if (lookup.size !== values.length) throw new RunColumnsError(`column ${c.name} repeats a value in its dictionary`);
      for (let r = 0; r < rows; r++) if (cell.codes[r]! >= values.length) throw new RunColumnsError(`column ${c.name}, row ${r + 1}: code ${cell.codes[r]} is not in its dictionary`);
      store.codes[i] = cell.codes;
      store.dictionaries[i] = values;
      store.lookups[i] = lookup;
    });
    store.length = rows;
    store.capacity = rows;
    store.filled.fill(rows);
    return store;
  }

  /** The column's position, or -1. */
  columnIndex(name: string): number {
    return this.index.get(name) ?? -1;
  }

  /** A number column's values (rows [0, length) are filled). Throws for a text column. */
  numbers(name: string | number): Float64Array {
    const i = typeof name === 'number' ? name : this.mustIndex(name);
    if (this.columns[i]!.kind !== 'number') throw new Error(`column ${this.columns[i]!.name} holds text, not numbers`);
    const k = i - (this.columns.length - this.parameterColumns);
    if (k >= 0 && (this.filled[k]! < this.length || !this.numeric[i])) this.fill(k);
    return this.numeric[i]!;
  }

  /** A text column's codes and the dictionary they index (rows [0, length) are filled). */
  text(name: string | number): { readonly codes: Uint32Array; readonly values: readonly string[] } {
    const i = typeof name === 'number' ? name : this.mustIndex(name);
    const codes = this.codes[i];
    if (!codes) throw new Error(`column ${this.columns[i]!.name} holds numbers, not text`);
    return { codes, values: this.dictionaries[i]! };
  }

  /** The code of a text value in a column, or -1 when no row has it. */
  code(name: string | number, value: string): number {
    const i = typeof name === 'number' ? name : this.mustIndex(name);
    return this.lookups[i]?.get(value) ?? -1;
  }

  /** A cell as runs.csv shows it (empty for NaN). */
  cell(row: number, column: number): string {
    if (this.columns[column]!.kind === 'number') {
      const n = this.numbers(column);
      const v = n[row]!;
      return Number.isNaN(v) ? '' : String(v);
    }
    return this.dictionaries[column]![this.codes[column]![row]!]!;
  }

  /** Adds the complete lines in `bytes`; a line cut at the end waits for the next call (or end()). */
  append(bytes: Uint8Array): void {
    this.fillAll();
    let data = bytes;
    if (this.rest.length > 0) {
      data = new Uint8Array(this.rest.length + bytes.length);
      data.set(this.rest);
      data.set(bytes, this.rest.length);
      this.rest = new Uint8Array(0);
    }
    let at = 0;
    if (!this.headerSeen) {
      const nl = data.indexOf(10);
      if (nl < 0) {
        this.rest = data.slice();
        return;
      }
      const line = this.decoder.decode(data.subarray(0, nl)).replace(/\r$/, '').replace(/^\ufeff/, '');
      if (line !== this.header) throw new RunColumnsError(`its header is not the one this batch writes (expected ${this.header.slice(0, 60)}…, found ${line.slice(0, 60)}…)`);
      this.headerSeen = true;
      at = nl + 1;
    }
    at = this.parseLines(data, at);
    if (at < data.length) this.rest = data.slice(at);
    this.filled.fill(this.length);
  }

  /** No more bytes: a last line without its newline is added. */
  end(): void {
    if (this.rest.length === 0) return;
    const last = new Uint8Array(this.rest.length + 1);
    last.set(this.rest);
    last[this.rest.length] = 10;
    this.rest = new Uint8Array(0);
    this.fillAll();
    this.parseLines(last, 0);
    this.filled.fill(this.length);
  }

  /**
   * Adds a block of rows a worker built as columns (see ColumnBlockWriter): numbers are copied as
   * they are (a parameter from its run's set), text codes are mapped from the block's dictionaries
   * into the store's (copied as they are when the mapping changes nothing). The store ends exactly
   * as if the block's runs.csv lines had been appended: the same numbers, and text codes in the
   * order of first appearance.
   */
  appendBlock(block: ColumnBlock): void {
    const rows = block.rows;
    if (rows === 0) return;
    if (this.length + rows > this.capacity) this.grow(this.length + rows);
    const at = this.length;
    const P = this.parameterColumns;
    const first = this.columns.length - P;
    let n = 0;
    let t = 0;
    for (let c = 0; c < first; c++) {
      const num = this.numeric[c];
      if (num) {
        num.set(block.numbers.subarray(n * rows, (n + 1) * rows), at);
        n++;
        continue;
      }
      const dictionary = this.dictionaries[c]!;
      const lookup = this.lookups[c]!;
      const values = block.dictionaries[t]!;
      const map = new Uint32Array(values.length);
      let same = true;
      for (let k = 0; k < values.length; k++) {
        map[k] = codeOf(dictionary, lookup, values[k]!);
        if (map[k] !== k) same = false;
      }
      const to = this.codes[c]!;
      const from = block.codes.subarray(t * rows, (t + 1) * rows);
      if (same) to.set(from, at);
      else for (let r = 0; r < rows; r++) to[at + r] = map[from[r]!]!;
      t++;
    }
    if (P > 0) {
      const sets = block.parameters.length / P;
      const base = this.parameterCount;
      if ((base + sets) * P > this.parameterTable.length) {
        const table = new Float64Array(Math.max((base + sets) * P, 2 * this.parameterTable.length));
        table.set(this.parameterTable.subarray(0, base * P));
        this.parameterTable = table;
      }
      this.parameterTable.set(block.parameters, base * P);
      const from = block.parameterSets;
      for (let r = 0; r < rows; r++) this.rowSets[at + r] = base + from[r]!;
      this.parameterCount = base + sets;
    }
    this.length += rows;
  }

  /**
   * Writes out parameter column k's rows added as blocks (see parameterTable), allocating the column
   * when it is read for the first time.
   */
  private fill(k: number): void {
    const P = this.parameterColumns;
    const i = this.columns.length - P + k;
    const to = (this.numeric[i] ??= new Float64Array(this.capacity));
    const table = this.parameterTable;
    const sets = this.rowSets;
    for (let r = this.filled[k]!; r < this.length; r++) to[r] = table[sets[r]! * P + k]!;
    this.filled[k] = this.length;
  }

  private fillAll(): void {
    const first = this.columns.length - this.parameterColumns;
    for (let k = 0; k < this.parameterColumns; k++) if (this.filled[k]! < this.length || !this.numeric[first + k]) this.fill(k);
  }

  /**
   * Makes room for `rows` rows in all, and for `parameterSets` parameter sets of rows added as blocks
   * (about one per run index), so that rows added up to there need no growing (copying).
   */
  reserve(rows: number, parameterSets = 0): void {
    this.grow(rows, true);
    const P = this.parameterColumns;
    if (parameterSets * P > this.parameterTable.length) {
      const table = new Float64Array(parameterSets * P);
      table.set(this.parameterTable.subarray(0, this.parameterCount * P));
      this.parameterTable = table;
    }
  }

  private mustIndex(name: string): number {
    const i = this.index.get(name);
    if (i === undefined) throw new Error(`no column ${name}`);
    return i;
  }

  /**
   * Room for `rows` rows (at least doubling, unless `exact`). Every column but the parameters gets
   * a view on one new buffer: allocating ~150 arrays one by one cost more than filling them (tens
   * of ms for 18,000 flagship rows). A parameter column is allocated when first written (see fill).
   */
  private grow(rows: number, exact = false): void {
    if (rows <= this.capacity) return;
    const capacity = exact ? rows : Math.max(rows, this.capacity * 2);
    const texts = this.columns.filter((c) => c.kind === 'text').length;
    const first = this.columns.length - this.parameterColumns;
    const buffer = new ArrayBuffer(capacity * (8 * (first - texts) + 4 * texts));
    let at = 0;
    this.columns.forEach((c, i) => {
      if (i >= first) {
        // A parameter column has its own array, once it has been read or parsed into (see fill).
        const old = this.numeric[i];
        if (old) {
          this.numeric[i] = new Float64Array(capacity);
          this.numeric[i]!.set(old.subarray(0, this.length));
        }
      } else if (c.kind === 'number') {
        const next = new Float64Array(buffer, at, capacity);
        at += 8 * capacity;
        if (this.numeric[i]) next.set(this.numeric[i]!.subarray(0, this.length));
        this.numeric[i] = next;
      }
    });
    const rowSets = new Uint32Array(capacity);
    rowSets.set(this.rowSets.subarray(0, this.length));
    this.rowSets = rowSets;
    // Text codes after the numbers, so every float64 column stays 8-byte aligned.
    this.columns.forEach((c, i) => {
      if (c.kind === 'text') {
        const next = new Uint32Array(buffer, at, capacity);
        at += 4 * capacity;
        if (this.codes[i]) next.set(this.codes[i]!.subarray(0, this.length));
        this.codes[i] = next;
      }
    });
    this.capacity = capacity;
  }

  /** Parses the whole lines of data from `at`; returns where the unfinished line starts. */
  private parseLines(data: Uint8Array, at: number): number {
    const C = this.columns.length;
    const n = data.length;
    for (;;) {
      const nl = data.indexOf(10, at);
      if (nl < 0) return at;
      if (nl === at || (nl === at + 1 && data[at] === 13)) {
        at = nl + 1;
        continue;
      }
      if (this.length === this.capacity) this.grow(this.length + 1);
      const row = this.length;
      let p = at;
      for (let c = 0; c < C; c++) {
        // Field [p, e): quoted fields may hold commas, quotes (doubled) and line breaks.
        let e: number;
        let quoted = false;
        if (data[p] === 34) {
          quoted = true;
          e = p + 1;
          for (;;) {
            if (e >= n) return at; // the quote closes in a later chunk
            if (data[e] === 34) {
              if (data[e + 1] === 34) e += 2;
              else break;
            } else e++;
          }
          e++; // past the closing quote
        } else {
          e = p;
          while (e < n && data[e] !== 44 && data[e] !== 10 && data[e] !== 13) e++;
        }
        const last = c === C - 1;
        const sep = data[e];
        if (last ? sep !== 10 && sep !== 13 : sep !== 44) {
          if (e >= n) return at;
          throw new RunColumnsError(`row ${row + 1} does not have ${C} columns`);
        }
        const num = this.numeric[c];
        if (num) num[row] = parseNumber(data, p, e);
        else {
          const text = quoted ? this.decoder.decode(data.subarray(p + 1, e - 1)).replace(/""/g, '"') : this.decoder.decode(data.subarray(p, e));
          this.codes[c]![row] = codeOf(this.dictionaries[c]!, this.lookups[c]!, text);
        }
        p = e + 1;
        if (last && sep === 13 && data[p] === 10) p++;
      }
      this.length = row + 1;
      at = p;
    }
  }
}

/**
 * Rows of a block as columns, in runs.csv's column order: the number columns other than the
 * parameters one after the other in `numbers` (rows values each), the text columns' codes likewise
 * in `codes`, each text column with its own dictionary (codes in order of first appearance in the
 * block). The parameters come once per distinct draw, not once per row: the arms of one run index
 * draw the same parameters (unless an arm holds some), so `parameters` holds `sets` rows of P values
 * (row-major) and `parameterSets[row]` says which one a row has.
 *
 * The arrays may be views on larger buffers, which a batch sends back to the worker for its next
 * block (see ColumnBlockWriter's `spare`): whoever receives a block copies what it needs and drops it.
 */
export interface ColumnBlock {
  readonly rows: number;
  readonly numbers: Float64Array;
  readonly codes: Uint32Array;
  readonly dictionaries: readonly (readonly string[])[];
  readonly parameters: Float64Array;
  readonly parameterSets: Uint32Array;
}

/** The buffers of a ColumnBlock, handed back for reuse. */
export interface ColumnBuffers {
  readonly numbers: ArrayBufferLike;
  readonly codes: ArrayBufferLike;
  readonly parameters: ArrayBufferLike;
  readonly parameterSets: ArrayBufferLike;
}

/** The buffers behind a block's arrays, to send them back to their worker for reuse. */
export function columnBuffers(block: ColumnBlock): ColumnBuffers {
  return {
    numbers: block.numbers.buffer,
    codes: block.codes.buffer,
    parameters: block.parameters.buffer,
    parameterSets: block.parameterSets.buffer,
  };
}

/**
 * Builds a block's rows as columns on a batch worker, holding what runs.csv would say of each run
 * (a number as runs.csv reads back: NaN for an empty cell, -0 as 0), so the main thread copies
 * arrays instead of parsing text: what the live explorer needs to keep up with the workers.
 *
 * A row's parameters (most of a flagship row's cells) are written only when they differ from the
 * last set written, i.e. once per run index rather than once per arm.
 */
export class ColumnBlockWriter {
  private readonly numbers: Float64Array;
  private readonly codes: Uint32Array;
  /** Parameter sets, row-major (grown when a block has more sets than expected). */
  private parameters: Float64Array;
  private readonly parameterSets: Uint32Array;
  private readonly dictionaries: string[][];
  private readonly lookups: Map<string, number>[];
  private readonly numberColumns: number;
  private readonly textColumns: number;
  private readonly parameterCount: number;
  private rows = 0;
  private sets = 0;

  /**
   * `capacity` rows; `sets` parameter sets expected (the block's run indices: more when arms hold
   * parameters); `spare`: buffers of an earlier block to write into when they are large enough.
   */
  constructor(
    private readonly shape: RunsCsvShape,
    private readonly capacity: number,
    spare?: ColumnBuffers,
    sets = capacity,
  ) {
    this.parameterCount = shape.parameters.length;
    this.numberColumns = 3 + shape.metrics.length;
    this.textColumns = (shape.variants ? 5 : 4) + shape.tracks.length * (shape.paths === false ? 1 : 2);
    // Shared buffers: a batch worker posts them without detaching anything (see batch-worker).
    const take = <T>(make: new (buffer: ArrayBufferLike, offset: number, length: number) => T, bytes: number, length: number, buffer: ArrayBufferLike | undefined): T =>
      new make(buffer !== undefined && buffer.byteLength >= length * bytes ? buffer : new SharedArrayBuffer(length * bytes), 0, length);
    this.numbers = take(Float64Array, 8, this.numberColumns * capacity, spare?.numbers);
    this.codes = take(Uint32Array, 4, this.textColumns * capacity, spare?.codes);
    this.parameters = take(Float64Array, 8, this.parameterCount * Math.max(1, sets), spare?.parameters);
    this.parameterSets = take(Uint32Array, 4, capacity, spare?.parameterSets);
    this.dictionaries = Array.from({ length: this.textColumns }, () => []);
    this.lookups = Array.from({ length: this.textColumns }, () => new Map());
  }

  /** One run's row, in the order CsvBytes.row writes it. */
  row(result: RunResult, strategy: string, variant: string | undefined): void {
    const r = this.rows;
    const cap = this.capacity;
    if (r === cap) throw new Error('ColumnBlockWriter: more rows than its capacity');
    const numbers = this.numbers;
    numbers[r] = cell(result.run);
    numbers[cap + r] = cell(result.rounds);
    numbers[2 * cap + r] = result.dealRound >= 0 ? cell(result.dealRound) : NaN;
    const metrics = result.metrics;
    for (let m = 0, at = 3 * cap + r; m < metrics.length; m++, at += cap) numbers[at] = cell(metrics[m]!);
    let t = 0;
    this.text(t++, strategy);
    if (this.shape.variants) this.text(t++, variant ?? '');
    this.text(t++, result.outcome);
    this.text(t++, result.dealTrack);
    this.text(t++, result.dealSet);
    const finals = result.finalStates;
    for (let i = 0; i < finals.length; i++) this.text(t++, finals[i]!);
    if (this.shape.paths !== false) {
      const paths = result.pathTexts;
      for (let i = 0; i < paths.length; i++) this.text(t++, paths[i]!);
    }
    this.parameterSets[r] = this.parameterSet(result.parameters);
    this.rows = r + 1;
  }

  /** The set of parameter values `values` is: the last one written when they are equal, else a new one. */
  private parameterSet(values: readonly number[]): number {
    const P = this.parameterCount;
    const p = this.parameters;
    if (this.sets > 0) {
      const at = (this.sets - 1) * P;
      let same = true;
      for (let i = 0; i < P; i++) {
        if (p[at + i] !== cell(values[i]!)) {
          same = false;
          break;
        }
      }
      if (same) return this.sets - 1;
    }
    const at = this.sets * P;
    if (at + P > p.length) {
      this.parameters = new Float64Array(new SharedArrayBuffer(8 * Math.max(2 * p.length, at + P)));
      this.parameters.set(p);
    }
    const q = this.parameters;
    for (let i = 0; i < P; i++) q[at + i] = cell(values[i]!);
    return this.sets++;
  }

  /** The next text cell of the current row. */
  private text(t: number, v: string): void {
    this.codes[t * this.capacity + this.rows] = codeOf(this.dictionaries[t]!, this.lookups[t]!, v);
  }

  /** The block: arrays cut to the rows written (copies only when fewer rows than the capacity). */
  take(): ColumnBlock {
    const rows = this.rows;
    const cut = <T extends Float64Array | Uint32Array>(a: T, columns: number, make: (size: number) => T): T => {
      if (rows === this.capacity) return a;
      const out = make(columns * rows);
      for (let c = 0; c < columns; c++) out.set(a.subarray(c * this.capacity, c * this.capacity + rows), c * rows);
      return out;
    };
    return {
      rows,
      numbers: cut(this.numbers, this.numberColumns, (k) => new Float64Array(k)),
      codes: cut(this.codes, this.textColumns, (k) => new Uint32Array(k)),
      dictionaries: this.dictionaries,
      parameters: this.parameters.subarray(0, this.sets * this.parameterCount),
      parameterSets: this.parameterSets.subarray(0, rows),
    };
  }
}

/** A number cell as runs.csv reads it back: NaN for an empty cell (no number, or not finite), 0 for -0. */
function cell(v: number | undefined): number {
  return v !== undefined && Number.isFinite(v) ? v + 0 : NaN;
}

/** The code of `text` in a column's dictionary, added (with the next code) when it is new. */
function codeOf(dictionary: string[], lookup: Map<string, number>, text: string): number {
  let code = lookup.get(text);
  if (code === undefined) {
    code = dictionary.length;
    dictionary.push(text);
    lookup.set(text, code);
  }
  return code;
}

/** runs.csv is not what the store expects: a different header, or a row with too few or too many cells. */
export class RunColumnsError extends Error {}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const fallback = new TextDecoder('latin1');

/**
 * A number written as String() writes it, read straight from the bytes. With at most 15 significant
 * digits and no exponent, mantissa / 10^k is exact (both are exact doubles and one division rounds
 * correctly), so it equals Number(text); anything else goes through Number(). Empty is NaN.
 */
function parseNumber(data: Uint8Array, p: number, e: number): number {
  if (p === e) return NaN;
  let i = p;
  let negative = false;
  if (data[i] === 45) {
    negative = true;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let decimals = 0;
  let point = false;
  for (; i < e; i++) {
    const b = data[i]!;
    if (b >= 48 && b <= 57) {
      mantissa = mantissa * 10 + (b - 48);
      if (mantissa > 0) digits++;
      if (point) decimals++;
    } else if (b === 46 && !point) point = true;
    else return Number(fallback.decode(data.subarray(p, e)));
  }
  if (digits > 15 || decimals > 22) return Number(fallback.decode(data.subarray(p, e)));
  const v = decimals === 0 ? mantissa : mantissa / POW10[decimals]!;
  return negative ? -v : v;
}
