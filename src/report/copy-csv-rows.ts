import { closeSync, openSync, readSync } from 'node:fs';
import type { AtomicFile } from './atomic-file.js';

/** Copies a CSV file's rows to `out` (with its header line when `withHeader`); returns the header line. */
export function copyCsvRows(file: string, out: AtomicFile, withHeader: boolean): string {
  const fd = openSync(file, 'r');
  try {
    const chunk = Buffer.alloc(1 << 20);
    let header: string | undefined;
    let pending = Buffer.alloc(0);
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      let bytes = chunk.subarray(0, n);
      if (header === undefined) {
        pending = Buffer.concat([pending, bytes]);
        const nl = pending.indexOf(10);
        if (nl < 0) continue;
        header = pending.subarray(0, nl + 1).toString('utf8');
        bytes = withHeader ? pending : pending.subarray(nl + 1);
      }
      out.writeBytes(Buffer.from(bytes));
    }
    if (header === undefined) throw new Error(`${file} is empty or has no header line`);
    return header;
  } finally {
    closeSync(fd);
  }
}
