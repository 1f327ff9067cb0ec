import { createHash } from 'node:crypto';
import { createReadStream, fstatSync, readSync } from 'node:fs';
import { openInputFile } from './input-file.js';
import { RunColumns } from '../montecarlo/run-columns.js';
import { runsCsvHeader, type RunsCsvShape } from '../montecarlo/runs-csv.js';

/** runs.csv read into columns, with what identifies the file read: its rows, size and sha256. */
export interface RunsCsvColumns {
  readonly store: RunColumns;
  readonly runsCsv: { readonly rows: number; readonly bytes: number; readonly sha256: string };
}

/**
 * Reads runs.csv into columns, in chunks (the text is never held whole), checking that its header
 * is the one a batch of this shape writes, and hashing the bytes on the way (a binary runs file
 * records them). A runs.csv written before the `<track>_path` columns existed is read without them
 * (the store's `paths` is then false). `onProgress` gets the fraction of bytes read.
 */
export async function readRunsCsvColumns(file: string, shape: RunsCsvShape, onProgress?: (fraction: number) => void): Promise<RunsCsvColumns> {
  const fd = openInputFile(file, 'runs.csv');
  const size = fstatSync(fd).size;
  const legacy = { ...shape, paths: false };
  const store = new RunColumns(startsWith(fd, runsCsvHeader(legacy)) && shape.tracks.length > 0 ? legacy : shape, { withHeader: true });
  const hash = createHash('sha256');
  let read = 0;
  for await (const chunk of createReadStream('', { fd, highWaterMark: 1 << 20, start: 0 }) as AsyncIterable<Buffer>) {
    store.append(chunk);
    hash.update(chunk);
    read += chunk.length;
    onProgress?.(size > 0 ? read / size : 1);
  }
  store.end();
  return { store, runsCsv: { rows: store.length, bytes: read, sha256: hash.digest('hex') } };
}

/** runs.csv read into columns (see readRunsCsvColumns). */
export async function readRunColumns(file: string, shape: RunsCsvShape, onProgress?: (fraction: number) => void): Promise<RunColumns> {
  return (await readRunsCsvColumns(file, shape, onProgress)).store;
}

/** Whether the file's first bytes are `text` (read at position 0, the file position unmoved). */
function startsWith(fd: number, text: string): boolean {
  const want = Buffer.from(text);
  const got = Buffer.alloc(want.length);
  const n = readSync(fd, got, 0, want.length, 0);
  return n === want.length && got.equals(want);
}
