import { createHash } from 'node:crypto';
import { closeSync, fstatSync, readSync } from 'node:fs';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { RunColumns, RunColumnsError } from '../montecarlo/run-columns.js';
import { runsCsvColumns, type RunsCsvShape } from '../montecarlo/runs-csv.js';
import { AtomicFile } from './atomic-file.js';
import { openInputFile } from './input-file.js';

/** The binary runs file's name, next to runs.csv in a batch's --out folder. */
export const RUNS_COLUMNS_FILE = 'runs.columns';
export const RUNS_COLUMNS_FORMAT_VERSION = 1;
const MAGIC = 'PARLEYRC';
/** A header (names, dictionaries) larger than this is not one parley wrote. */
const MAX_HEADER_BYTES = 256 * 1024 * 1024;

/** What a runs.columns file says of itself, in its JSON header. */
export interface RunsColumnsHeader {
  readonly kind: 'parley-runs-columns';
  readonly formatVersion: number;
  /** The batch: its scenario's sha256, seed and rows (runs x arms), as summary.json has them. */
  readonly scenarioHash: string;
  readonly seed: string;
  readonly rows: number;
  /** runs.csv's column names, in order. */
  readonly columns: readonly string[];
  /** The runs.csv these columns were read from: its rows, size and sha256. */
  readonly runsCsv: { readonly rows: number; readonly bytes: number; readonly sha256: string };
  /** The columns' bytes after the header: their size and sha256. */
  readonly body: { readonly bytes: number; readonly sha256: string };
  /** Per column: the dictionary of a text column (code k is values[k]), null for a number column. */
  readonly dictionaries: readonly (readonly string[] | null)[];
}

/** Who the batch is: written into the header and checked on reading. */
export interface RunsColumnsIdentity {
  readonly scenarioHash: string;
  readonly seed: string;
  readonly runsCsv: { readonly rows: number; readonly bytes: number; readonly sha256: string };
}

/**
 * Writes the store as a binary runs file, atomically (a temporary file renamed into place). Layout
 * (version 1, little-endian): the 8 bytes `PARLEYRC`, the format version (uint32), the header's
 * length (uint32), the header (UTF-8 JSON, see RunsColumnsHeader), zero padding to a multiple of
 * 8 bytes, then each column in runs.csv's order, `rows` values each: float64 for a number column
 * (NaN for an empty cell), uint32 dictionary codes for a text column. Reading it back copies bytes
 * into typed arrays: no text is parsed but the header.
 */
export function writeRunsColumnsFile(file: string, store: RunColumns, identity: RunsColumnsIdentity): void {
  const rows = store.length;
  const parts = store.columns.map((c, i) => {
    const a = c.kind === 'number' ? store.numbers(i).subarray(0, rows) : store.text(i).codes.subarray(0, rows);
    return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  });
  const hash = createHash('sha256');
  let bytes = 0;
  for (const p of parts) {
    hash.update(p);
    bytes += p.length;
  }
  const header: RunsColumnsHeader = {
    kind: 'parley-runs-columns',
    formatVersion: RUNS_COLUMNS_FORMAT_VERSION,
    scenarioHash: identity.scenarioHash,
    seed: identity.seed,
    rows,
    columns: store.columns.map((c) => c.name),
    runsCsv: identity.runsCsv,
    body: { bytes, sha256: hash.digest('hex') },
    dictionaries: store.columns.map((c, i) => (c.kind === 'text' ? store.text(i).values : null)),
  };
  const json = Buffer.from(JSON.stringify(header));
  const lead = Buffer.alloc(16);
  lead.write(MAGIC, 0, 'latin1');
  lead.writeUInt32LE(RUNS_COLUMNS_FORMAT_VERSION, 8);
  lead.writeUInt32LE(json.length, 12);
  const out = new AtomicFile(file);
  try {
    out.writeBytes(lead);
    out.writeBytes(json);
    out.writeBytes(new Uint8Array((8 - ((16 + json.length) % 8)) % 8));
    for (const p of parts) out.writeBytes(p);
    out.commit();
  } catch (error) {
    out.abort();
    throw error;
  }
}

/** What the explorer expects of a folder's binary runs file: the batch of its summary.json and runs.csv. */
export interface RunsColumnsExpectation extends Omit<RunsColumnsIdentity, 'runsCsv'> {
  readonly rows: number;
  /** runs.csv's size now, and its sha256 when a checkpoint recorded it. */
  readonly runsCsv: { readonly bytes: number; readonly sha256?: string };
}

/**
 * Reads a binary runs file into a store, or says why it cannot be used (another format version, a
 * different batch, a runs.csv changed since, a body whose sha256 differs: truncated or edited), so
 * the caller falls back to runs.csv. The shape is tried with and without path columns, as runs.csv is.
 */
export function readRunsColumnsFile(file: string, shape: RunsCsvShape, expected: RunsColumnsExpectation): RunColumns | { readonly problem: string } {
  if (endianness() !== 'LE') return { problem: 'this machine is big-endian; the file is little-endian' };
  const fd = openInputFile(file, RUNS_COLUMNS_FILE);
  try {
    const size = fstatSync(fd).size;
    const lead = Buffer.alloc(16);
    if (readSync(fd, lead, 0, 16, 0) < 16 || lead.toString('latin1', 0, 8) !== MAGIC) return { problem: 'not a parley runs.columns file' };
    const version = lead.readUInt32LE(8);
    if (version !== RUNS_COLUMNS_FORMAT_VERSION) return { problem: `format version ${version}; this parley reads version ${RUNS_COLUMNS_FORMAT_VERSION}` };
    const length = lead.readUInt32LE(12);
    if (length > MAX_HEADER_BYTES || 16 + length > size) return { problem: 'its header is cut short' };
    const json = Buffer.alloc(length);
    readSync(fd, json, 0, length, 16);
    let header: RunsColumnsHeader;
    try {
      header = JSON.parse(json.toString('utf8')) as RunsColumnsHeader;
    } catch {
      return { problem: 'its header is not JSON' };
    }
    if (header.kind !== 'parley-runs-columns') return { problem: 'not a parley runs.columns file' };
    if (header.scenarioHash !== expected.scenarioHash || header.seed !== expected.seed) return { problem: 'it is from another batch (scenario hash or seed differ from summary.json)' };
    if (header.rows !== expected.rows) return { problem: `it holds ${header.rows} rows, summary.json counts ${expected.rows}` };
    if (header.runsCsv?.bytes !== expected.runsCsv.bytes || (expected.runsCsv.sha256 !== undefined && header.runsCsv.sha256 !== expected.runsCsv.sha256)) {
      return { problem: 'runs.csv changed since it was written' };
    }
    const names = header.columns.join(',');
    const fitting = [shape, { ...shape, paths: false }].find((s) => runsCsvColumns(s).join(',') === names);
    if (!fitting) return { problem: 'its columns are not the ones this batch writes' };
    const start = 16 + length + ((8 - ((16 + length) % 8)) % 8);
    if (size !== start + header.body.bytes) return { problem: `it has ${size} bytes, its header says ${start + header.body.bytes}: cut short or added to` };
    const rows = header.rows;
    const probe = new RunColumns(fitting);
    if (header.body.bytes !== probe.columns.reduce((n, c) => n + rows * (c.kind === 'number' ? 8 : 4), 0)) return { problem: 'its body size does not fit its rows and columns' };
    const hash = createHash('sha256');
    let at = start;
    const cells = probe.columns.map((c, i) => {
      const a = c.kind === 'number' ? new Float64Array(rows) : new Uint32Array(rows);
      const view = new Uint8Array(a.buffer);
      for (let done = 0; done < view.length; ) {
        const n = readSync(fd, view, done, Math.min(view.length - done, 1 << 26), at + done);
        if (n === 0) break;
        done += n;
      }
      hash.update(view);
      at += view.length;
      return a instanceof Float64Array ? a : { codes: a, values: header.dictionaries[i] ?? [] };
    });
    if (hash.digest('hex') !== header.body.sha256) return { problem: 'its columns differ from what was written (sha256 mismatch)' };
    try {
      return RunColumns.fromColumns(fitting, rows, cells);
    } catch (error) {
      if (error instanceof RunColumnsError) return { problem: error.message };
      throw error;
    }
  } finally {
    closeSync(fd);
  }
}

/** The binary runs file of a folder. */
export function runsColumnsPath(folder: string): string {
  return join(folder, RUNS_COLUMNS_FILE);
}
