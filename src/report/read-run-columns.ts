import { createReadStream, fstatSync } from 'node:fs';
import { openInputFile } from './input-file.js';
import { RunColumns } from '../montecarlo/run-columns.js';
import type { RunsCsvShape } from '../montecarlo/runs-csv.js';

/**
 * Reads runs.csv into columns, in chunks (the text is never held whole), checking that its header
 * is the one a batch of this shape writes. `onProgress` gets the fraction of bytes read.
 */
export async function readRunColumns(file: string, shape: RunsCsvShape, onProgress?: (fraction: number) => void): Promise<RunColumns> {
  const fd = openInputFile(file, 'runs.csv');
  const size = fstatSync(fd).size;
  const store = new RunColumns(shape, { withHeader: true });
  let read = 0;
  for await (const chunk of createReadStream('', { fd, highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    store.append(chunk);
    read += chunk.length;
    onProgress?.(size > 0 ? read / size : 1);
  }
  store.end();
  return store;
}
