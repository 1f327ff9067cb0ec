import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { aggregateShapeOf } from '../montecarlo/batch-aggregate.js';
import type { BatchSummary } from '../montecarlo/batch-summary.js';
import type { RunColumns } from '../montecarlo/run-columns.js';
import type { RunsCsvShape } from '../montecarlo/runs-csv.js';
import { readCheckpoint } from './batch-checkpoint.js';
import { readRunsCsvColumns } from './read-run-columns.js';
import { readRunsColumnsFile, RUNS_COLUMNS_FILE, runsColumnsPath, writeRunsColumnsFile } from './runs-columns-file.js';

/** The runs.csv shape of a summary's batch. */
export function runsCsvShapeOf(summary: Pick<BatchSummary, 'scenario' | 'arms'>): RunsCsvShape {
  const info = summary.scenario;
  return { metrics: info.metrics.map((m) => m.id), tracks: info.tracks.map((t) => t.id), parameters: info.parameters.map((p) => p.name), variants: summary.arms.some((a) => a.variant !== 'base') };
}

/** A batch folder's runs as columns, and where they came from. */
export interface BatchRunColumns {
  readonly store: RunColumns;
  /** `columns`: the binary runs file; `csv`: runs.csv (parsed). */
  readonly from: 'columns' | 'csv';
  /** What the user should know: why runs.columns was not used, or that it was written. */
  readonly notes: readonly string[];
}

/**
 * A finished batch folder's runs, as fast as they can be had: from runs.columns when it is there
 * and is this batch's (rows as summary.json counts them, the scenario hash and seed, runs.csv's
 * size and, when checkpoint.json recorded it, sha256, and its own body's sha256); else from
 * runs.csv, after which runs.columns is written for the next time (`writeColumns`; a folder that
 * cannot be written to only gets a note).
 */
export async function readBatchRunColumns(dir: string, summary: BatchSummary, options: { readonly writeColumns: boolean; readonly onProgress?: (fraction: number) => void }): Promise<BatchRunColumns> {
  const csv = join(dir, 'runs.csv');
  const shape = runsCsvShapeOf(summary);
  const notes: string[] = [];
  const file = runsColumnsPath(dir);
  if (existsSync(file)) {
    const r = readRunsColumnsFile(file, shape, { scenarioHash: summary.scenario.hash, seed: summary.seed, rows: summary.runs * summary.arms.length, runsCsv: { bytes: statSync(csv).size, sha256: checkpointSha256(dir, summary) } });
    if (!('problem' in r)) return { store: r, from: 'columns', notes };
    notes.push(`${file} not used (${r.problem}); reading runs.csv`);
  }
  const { store, runsCsv } = await readRunsCsvColumns(csv, shape, options.onProgress);
  if (options.writeColumns && store.length === summary.runs * summary.arms.length) {
    try {
      writeRunsColumnsFile(file, store, { scenarioHash: summary.scenario.hash, seed: summary.seed, runsCsv });
      notes.push(`wrote ${file}: this folder opens from it next time`);
    } catch (error) {
      notes.push(`could not write ${file} (${(error as Error).message}); the folder opens from runs.csv`);
    }
  }
  return { store, from: 'csv', notes };
}

/**
 * Writes a folder's runs.columns from its runs.csv (`parley run --columns`, `parley merge
 * --columns`); returns the file written and its size.
 */
export async function writeBatchRunColumns(dir: string, summary: BatchSummary): Promise<{ readonly file: string; readonly bytes: number }> {
  const { store, runsCsv } = await readRunsCsvColumns(join(dir, 'runs.csv'), runsCsvShapeOf(summary));
  const file = runsColumnsPath(dir);
  writeRunsColumnsFile(file, store, { scenarioHash: summary.scenario.hash, seed: summary.seed, runsCsv });
  return { file, bytes: statSync(file).size };
}

/** runs.csv's sha256 as the folder's checkpoint recorded it for the summary's runs, if it did. */
function checkpointSha256(dir: string, summary: BatchSummary): string | undefined {
  try {
    const cp = readCheckpoint(dir, aggregateShapeOf(summary.scenario));
    if (cp && cp.range.start === summary.range.start && cp.range.end === summary.range.end) return cp.runsCsv.sha256;
  } catch {
    // A damaged checkpoint says nothing about runs.csv; the size and the body's sha256 still check.
  }
  return undefined;
}

export { RUNS_COLUMNS_FILE };
