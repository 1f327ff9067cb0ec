import { createReadStream } from 'node:fs';
import { openInputFile } from './input-file.js';
import { parse } from 'csv-parse';
import type { BatchSummary } from '../montecarlo/batch-summary.js';
import { runsCsvColumns } from '../montecarlo/runs-csv.js';
import type { MetricHistogram } from './html-report.js';
import { BatchFileError } from '../montecarlo/batch-file-error.js';

/** Bins per histogram. */
const BINS = 20;

/**
 * Bins one metric of runs.csv per arm, streaming (memory stays flat for any number of runs). Rows
 * hold each run under every arm in arm order, so row k belongs to arm k mod arms. The range is the
 * metric's min and max over the arms, from the summary. Returns undefined when the file's columns are
 * not the ones this summary's batch writes.
 */
export async function runsCsvHistogram(file: string, summary: Omit<BatchSummary, 'aggregate'>, metricId: string): Promise<MetricHistogram | undefined> {
  const info = summary.scenario;
  const m = info.metrics.findIndex((x) => x.id === metricId);
  if (m < 0) return undefined;
  const variants = summary.arms.some((a) => a.variant !== 'base');
  const shape = { metrics: info.metrics.map((x) => x.id), tracks: info.tracks.map((t) => t.id), parameters: info.parameters.map((p) => p.name), variants };
  // runs.csv written before the `<track>_path` columns: the metric columns are where they were.
  const headers = [runsCsvColumns(shape).join(','), runsCsvColumns({ ...shape, paths: false }).join(',')];
  const column = (variants ? 7 : 6) + m;
  const lo = Math.min(...summary.results.map((r) => r.metrics[m]?.min ?? Infinity));
  const hi = Math.max(...summary.results.map((r) => r.metrics[m]?.max ?? -Infinity));
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return undefined;
  const width = hi > lo ? (hi - lo) / BINS : 1;
  const edges = Array.from({ length: BINS + 1 }, (_, i) => lo + i * width);
  const arms = summary.results.map((r) => ({ label: r.label, counts: new Array<number>(BINS).fill(0), missing: 0 }));
  const parser = createReadStream('', { fd: openInputFile(file, 'runs.csv') }).pipe(parse({ relax_column_count: false }));
  let row = -1;
  const hint = 'run the batch again, or leave the chart out with --no-runs';
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (row === -1) {
        if (!headers.includes(record.join(','))) {
          parser.destroy();
          return undefined;
        }
        row++;
        continue;
      }
      const arm = arms[row % arms.length]!;
      row++;
      const cell = record[column]!;
      const v = cell === '' ? NaN : Number(cell);
      if (!Number.isFinite(v)) {
        arm.missing++;
        continue;
      }
      arm.counts[Math.min(BINS - 1, Math.max(0, Math.floor((v - lo) / width)))]!++;
    }
  } catch (error) {
    // A row cut short or with other columns: the file was truncated or edited after the batch.
    throw new BatchFileError(file, `not a runs.csv parley wrote (${(error as Error).message})`, hint);
  }
  // A chart of some of the runs would be read as the batch's distribution.
  const expected = summary.runs * summary.arms.length;
  if (row !== expected) throw new BatchFileError(file, `has ${Math.max(0, row)} rows, its summary.json counts ${expected}: it was cut short or added to`, hint);
  return { metric: metricId, label: info.metrics[m]!.label, edges, arms };
}
