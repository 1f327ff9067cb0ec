import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { limits } from '../scenario/limits.js';

/**
 * An input file Parley will not read: missing, unreadable, a folder, not a regular file (a FIFO, a
 * device such as /dev/zero, a socket), or larger than its limit. Data for the CLI to print: exit 2,
 * one line naming the file, no stack trace.
 *
 * @example
 *   new InputFileError('save.json', 'E_FILE_TOO_LARGE', 'has more than 50000000 bytes; the limit for a saved game is 50000000')
 */
export class InputFileError extends Error {
  constructor(
    readonly file: string,
    readonly code: 'E_FILE' | 'E_FILE_TOO_LARGE',
    readonly problem: string,
    readonly hint?: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'InputFileError';
  }
}

/** What a file is, for the messages: "scenario", "saved game", "batch summary"... */
export interface InputFileKind {
  readonly what: string;
  /** The most bytes a file of this kind may have; more is refused after reading one byte past it. */
  readonly maxBytes: number;
  readonly hint?: string;
}

/** A scenario file. */
export const SCENARIO_FILE: InputFileKind = { what: 'scenario', maxBytes: limits.fileBytes, hint: 'scenarios are written by hand; remove generated bulk' };
/** A saved game (`play --load`). */
export const SAVE_FILE: InputFileKind = { what: 'saved game', maxBytes: limits.saveBytes, hint: 'parley writes saved games far smaller than this; this file is not one' };
/** A moves file (`play --moves`). */
export const MOVES_FILE: InputFileKind = { what: 'moves', maxBytes: limits.saveBytes };
/** A batch's JSON file read back: summary.json, checkpoint.json, sensitivity.json, pareto.json. */
export function batchJsonFile(name: string): InputFileKind {
  return { what: name, maxBytes: limits.batchJsonBytes, hint: 'parley writes these files far smaller than this; this one was not written by parley' };
}

/**
 * Opens a file for reading and checks that it is a regular file. Opened without blocking, so a FIFO
 * with no writer does not hang the open; devices, FIFOs, sockets and folders are refused here,
 * before a byte is read (reading /dev/zero or a FIFO would never end, or end where the writer says).
 * Returns the descriptor; the caller closes it.
 */
export function openInputFile(file: string, what: string): number {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw cannotRead(error, file, what);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new InputFileError(file, 'E_FILE', `this is a folder, not a ${what} file`);
    if (!stat.isFile()) {
      const kind = stat.isFIFO() ? 'a pipe (FIFO)' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : stat.isSocket() ? 'a socket' : 'not a regular file';
      throw new InputFileError(file, 'E_FILE', `this is ${kind}, not a ${what} file; parley reads ${what} files only from regular files`, 'save the content to a file first');
    }
  } catch (error) {
    closeSync(fd);
    throw error instanceof InputFileError ? error : cannotRead(error, file, what);
  }
  return fd;
}

/**
 * Reads a whole input file as UTF-8 text (a leading byte-order mark removed), refusing anything but
 * a regular file and reading at most `maxBytes + 1` bytes whatever size the file system reports:
 * a file that grows while it is read, or one whose size is not what it says (under /proc, say),
 * cannot make Parley read without limit.
 */
export function readInputFile(file: string, kind: InputFileKind): string {
  const fd = openInputFile(file, kind.what);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.allocUnsafe(1 << 16);
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, chunk, 0, Math.min(chunk.length, kind.maxBytes + 1 - total), null);
      } catch (error) {
        throw cannotRead(error, file, kind.what);
      }
      if (n === 0) break;
      chunks.push(Buffer.from(chunk.subarray(0, n)));
      total += n;
      if (total > kind.maxBytes) {
        throw new InputFileError(
          file,
          'E_FILE_TOO_LARGE',
          `the file has more than ${kind.maxBytes} bytes; the limit for a ${kind.what} file is ${kind.maxBytes}`,
          kind.hint,
        );
      }
    }
    const text = Buffer.concat(chunks, total).toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } finally {
    closeSync(fd);
  }
}

function cannotRead(error: unknown, file: string, what: string): InputFileError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new InputFileError(file, 'E_FILE', 'no such file', `check the path of the ${what} file`);
  if (code === 'EISDIR') return new InputFileError(file, 'E_FILE', `this is a folder, not a ${what} file`);
  if (code === 'EACCES' || code === 'EPERM') return new InputFileError(file, 'E_FILE', 'permission denied', 'check the file\'s permissions');
  return new InputFileError(file, 'E_FILE', `cannot read the file (${code ?? (error as Error).message})`);
}
