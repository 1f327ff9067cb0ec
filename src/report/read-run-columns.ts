import { createReadStream, fstatSync, readSync } from 'node:fs';
import { openInputFile } from './input-file.js';
import { RunColumns } from '../montecarlo/run-columns.js';
import { runsCsvHeader, type RunsCsvShape } from '../montecarlo/runs-csv.js';

/**
 * Reads runs.csv into columns, in chunks (the text is never held whole), checking that its header
 * is the one a batch of this shape writes. A runs.csv written before the `<track>_path` columns
 * existed is read without them (the store's `paths` is then false). `onProgress` gets the fraction
 * of bytes read.
 */
export async function readRunColumns(file: string, shape: RunsCsvShape, onProgress?: (fraction: number) => void): Promise<RunColumns> {
  const fd = openInputFile(file, 'runs.csv');
  const size = fstatSync(fd).size;
  const legacy = { ...shape, paths: false };
  const store = new RunColumns(startsWith(fd, runsCsvHeader(legacy)) && shape.tracks.length > 0 ? legacy : shape, { withHeader: true });
  let read = 0;
  for await (const chunk of createReadStream('', { fd, highWaterMark: 1 << 20, start: 0 }) as AsyncIterable<Buffer>) {
    store.append(chunk);
    read += chunk.length;
    onProgress?.(size > 0 ? read / size : 1);
  }
  store.end();
  return store;
}

/** Whether the file's first bytes are `text` (read at position 0, the file position unmoved). */
function startsWith(fd: number, text: string): boolean {
  const want = Buffer.from(text);
  const got = Buffer.alloc(want.length);
  const n = readSync(fd, got, 0, want.length, 0);
  return n === want.length && got.equals(want);
}
