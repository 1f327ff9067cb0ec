import { closeSync, readSync } from 'node:fs';
import { openInputFile } from './input-file.js';
import { createHash } from 'node:crypto';
import type { AtomicFile } from './atomic-file.js';
import { BatchFileError } from '../montecarlo/batch-file-error.js';
import { onFile } from './output-file-error.js';

/** What copyCsvRows found in the file it copied. */
export interface CopiedCsv {
  /** The header line, with its newline. */
  readonly header: string;
  /** Data rows (lines after the header). */
  readonly rows: number;
  /** sha256 of the whole file, header included (what a checkpoint records). */
  readonly sha256: string;
}

/**
 * Copies a CSV file's rows to `out` (with its header line when `withHeader`), counting them and
 * hashing the file on the way. A file without a header line, or whose last line is cut short
 * (no final newline), is refused: it is not what a batch writes.
 */
export function copyCsvRows(file: string, out: AtomicFile, withHeader: boolean): CopiedCsv {
  const fd = openInputFile(file, 'runs.csv');
  try {
    const chunk = Buffer.alloc(1 << 20);
    const hash = createHash('sha256');
    let header: string | undefined;
    let pending = Buffer.alloc(0);
    let lines = 0;
    let last = -1;
    for (;;) {
      const n = onFile(file, 'read', () => readSync(fd, chunk, 0, chunk.length, null));
      if (n === 0) break;
      let bytes = chunk.subarray(0, n);
      hash.update(bytes);
      for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) lines++;
      last = bytes[n - 1]!;
      if (header === undefined) {
        pending = Buffer.concat([pending, bytes]);
        const nl = pending.indexOf(10);
        if (nl < 0) continue;
        header = pending.subarray(0, nl + 1).toString('utf8');
        bytes = withHeader ? pending : pending.subarray(nl + 1);
      }
      out.writeBytes(Buffer.from(bytes));
    }
    if (header === undefined) throw new BatchFileError(file, 'empty, or no header line', 'run the batch that writes it again');
    if (last !== 10) throw new BatchFileError(file, 'its last row is cut short (no final line break)', 'run the batch that writes it again');
    return { header, rows: lines - 1, sha256: hash.digest('hex') };
  } finally {
    closeSync(fd);
  }
}
