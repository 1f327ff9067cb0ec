import { openInputFile } from './input-file.js';
import { closeSync, fsyncSync, ftruncateSync, openSync, readSync, renameSync, statSync, writeSync } from 'node:fs';
import { createHash, type Hash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { makeFolder, syncFolder } from './atomic-file.js';
import { injectedFaults } from './injected-faults.js';
import { asOutputFileError, onFile } from './output-file-error.js';
import { BatchFileError } from '../montecarlo/batch-file-error.js';
import type { RunsCsvPrefix } from './batch-checkpoint.js';

/** The rows file of a batch in progress, in its --out folder; renamed to runs.csv when the batch ends. */
export const JOURNAL_FILE = 'runs.partial.csv';

/**
 * Why a runs.csv's header is not the one this batch writes, as precisely as the two headers say: a
 * file written before runs.csv had each track's path lacks exactly the `<track>_path` columns, and
 * cannot be continued by this version.
 */
function columnsError(source: string, found: string, header: string): BatchFileError {
  const expected = header.replace(/\r?\n$/, '').split(',');
  const columns = found.replace(/\r$/, '').replace(/^\ufeff/, '').split(',');
  const have = new Set(columns);
  const want = new Set(expected);
  const missing = expected.filter((c) => !have.has(c));
  const extra = columns.filter((c) => !want.has(c));
  const list = (names: string[]) => names.slice(0, 8).join(', ') + (names.length > 8 ? ` and ${names.length - 8} more` : '');
  const withoutPaths = expected.filter((c) => !missing.includes(c));
  if (missing.length > 0 && extra.length === 0 && missing.every((c) => c.endsWith('_path')) && withoutPaths.join(',') === columns.join(',')) {
    return new BatchFileError(
      source,
      `was written before runs.csv had track paths: it lacks the ${missing.length === 1 ? 'column' : 'columns'} ${list(missing)} (each track's sequence of states), which this version writes, so the batch cannot be continued in this folder`,
      'finish the batch with the parley version that started it, or start a new --out folder (the explorer still opens this one as it is)',
    );
  }
  const parts = [missing.length > 0 ? `lacks ${list(missing)}` : '', extra.length > 0 ? `has ${list(extra)}, which this batch does not write` : ''].filter((p) => p !== '');
  return new BatchFileError(
    source,
    `has other columns than this batch writes${parts.length > 0 ? ` (${parts.join('; ')})` : ' (the same names in another order)'}`,
    'resume with the same scenario and options, or start a new --out folder',
  );
}

/**
 * runs.csv while a batch runs: an append-only file of rows in run order (`runs.partial.csv`), with a
 * running sha256 and row count, so a checkpoint can record exactly which prefix of it is durable
 * (`sync()`). Rows written after the last checkpoint are cut off when the batch resumes. `commit()`
 * renames it to runs.csv.
 */
export class RunsJournal {
  private rows = 0;
  private bytes = 0;

  private constructor(
    readonly path: string,
    private fd: number | undefined,
    private readonly hash: Hash,
  ) {}

  /** A new journal in `folder` holding only the header line (any old one is replaced). */
  static create(folder: string, header: string): RunsJournal {
    const path = join(folder, JOURNAL_FILE);
    makeFolder(folder);
    const journal = new RunsJournal(path, onFile(path, 'create', () => openSync(path, 'w')), createHash('sha256'));
    journal.appendText(header, 0);
    return journal;
  }

  /**
   * Continues from the first `prefix.bytes` bytes of `source` (the journal of a killed batch, or the
   * runs.csv of a finished one), after checking that they are the rows a checkpoint recorded (row
   * count and sha256) under the expected header. A journal is cut to that prefix; a finished
   * runs.csv, which must be exactly that long, is copied, so it stays in place until the new commit.
   */
  static resume(folder: string, source: string, prefix: Omit<RunsCsvPrefix, 'sha256'> & { readonly sha256: string | undefined }, header: string): RunsJournal {
    // Without a checksum (a summary.json written without a checkpoint) only the row count is checked.
    const by = prefix.sha256 === undefined ? 'summary.json counts' : 'the checkpoint recorded';
    const path = join(folder, JOURNAL_FILE);
    const inPlace = source === path;
    // A regular file only: a FIFO or device standing in for runs.csv is refused before it is read.
    closeSync(openInputFile(source, 'runs.csv'));
    const size = onFile(source, 'read', () => statSync(source).size);
    if (size < prefix.bytes || (!inPlace && size !== prefix.bytes)) {
      throw new BatchFileError(source, `holds ${size} bytes, ${by} ${prefix.rows} rows in ${prefix.bytes}: it was cut short or added to`, 'start the batch over without --resume, or in a new --out folder');
    }
    // The header first, before anything is written: a refused folder is left as it was.
    const head = Buffer.alloc(Math.min(prefix.bytes, Math.max(1 << 16, Buffer.byteLength(header))));
    const headFd = onFile(source, 'read', () => openSync(source, 'r'));
    try {
      const n = onFile(source, 'read', () => readSync(headFd, head, 0, head.length, 0));
      const text = head.subarray(0, n).toString('latin1');
      if (!text.startsWith(Buffer.from(header).toString('latin1'))) {
        const nl = head.subarray(0, n).indexOf(10);
        throw columnsError(source, head.subarray(0, nl < 0 ? n : nl).toString('utf8'), header);
      }
    } finally {
      closeSync(headFd);
    }
    const hash = createHash('sha256');
    const fd = onFile(path, inPlace ? 'write' : 'create', () => openSync(path, inPlace ? 'r+' : 'w'));
    const journal = new RunsJournal(path, fd, hash);
    const input = inPlace ? fd : onFile(source, 'read', () => openSync(source, 'r'));
    try {
      const chunk = Buffer.alloc(1 << 20);
      let rows = -1; // the header's newline is not a row
      for (let at = 0; at < prefix.bytes; ) {
        const n = onFile(source, 'read', () => readSync(input, chunk, 0, Math.min(chunk.length, prefix.bytes - at), at));
        if (n === 0) break;
        const bytes = chunk.subarray(0, n);
        hash.update(bytes);
        for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) rows++;
        if (!inPlace) journal.writeAll(bytes);
        at += n;
      }
      const sha256 = hash.copy().digest('hex');
      if (rows !== prefix.rows || (prefix.sha256 !== undefined && sha256 !== prefix.sha256)) {
        throw new BatchFileError(
          source,
          rows !== prefix.rows ? `its first ${prefix.bytes} bytes hold ${rows} rows, ${by} ${prefix.rows}` : 'its rows differ from those the checkpoint recorded (sha256 mismatch): the file was changed',
          'start the batch over without --resume, or in a new --out folder',
        );
      }
      if (inPlace) onFile(path, 'write', () => ftruncateSync(fd, prefix.bytes));
    } catch (error) {
      if (!inPlace) closeSync(input);
      journal.close();
      throw error;
    }
    if (!inPlace) closeSync(input);
    journal.rows = prefix.rows;
    journal.bytes = prefix.bytes;
    journal.written = prefix.bytes;
    return journal;
  }

  /** Appends rows (UTF-8 bytes of `rows` whole lines) after everything so far. */
  append(bytes: Uint8Array, rows: number): void {
    this.writeAll(bytes);
    this.hash.update(bytes);
    this.rows += rows;
    this.bytes += bytes.length;
  }

  /** Makes everything appended durable and says what it is (for a checkpoint). */
  sync(): RunsCsvPrefix {
    const fd = this.fd!;
    onFile(this.path, 'write', () => fsyncSync(fd));
    return { rows: this.rows, bytes: this.bytes, sha256: this.hash.copy().digest('hex') };
  }

  /** Closes the journal and renames it to runs.csv (call sync() first). */
  commit(): void {
    this.close();
    const target = join(dirname(this.path), 'runs.csv');
    onFile(target, 'rename', () => renameSync(this.path, target));
    syncFolder(dirname(this.path));
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      /* closing after a failed write: nothing more to lose */
    }
    this.fd = undefined;
  }

  private appendText(text: string, rows: number): void {
    this.append(Buffer.from(text, 'utf8'), rows);
  }

  private writeAll(bytes: Uint8Array): void {
    try {
      injectedFaults.failWrite(this.path);
      const fd = this.fd!;
      // Positioned writes at the end of what is kept: after a resume, cut-off rows are overwritten.
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off, this.written + off);
      this.written += bytes.length;
    } catch (error) {
      throw asOutputFileError(error, this.path, 'write');
    }
  }

  /** Bytes of the file that are kept (the end of the journal, where the next rows go). */
  private written = 0;
}
