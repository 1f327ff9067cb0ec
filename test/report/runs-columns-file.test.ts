import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunColumns } from '../../src/montecarlo/run-columns.js';
import { runsCsvHeader } from '../../src/montecarlo/runs-csv.js';
import { readRunsCsvColumns } from '../../src/report/read-run-columns.js';
import { readRunsColumnsFile, writeRunsColumnsFile, type RunsColumnsExpectation } from '../../src/report/runs-columns-file.js';
import { duelBatch } from '../ui/explore-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-columns-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const batch = duelBatch(300);

/** Every cell of two stores, as runs.csv would show them. */
function expectSameStore(a: RunColumns, b: RunColumns): void {
  expect(b.length).toBe(a.length);
  expect(b.columns).toEqual(a.columns);
  for (let c = 0; c < a.columns.length; c++) {
    if (a.columns[c]!.kind === 'number') expect(Array.from(b.numbers(c).subarray(0, b.length))).toEqual(Array.from(a.numbers(c).subarray(0, a.length)));
    else {
      expect(b.text(c).values).toEqual(a.text(c).values);
      expect(Array.from(b.text(c).codes.subarray(0, b.length))).toEqual(Array.from(a.text(c).codes.subarray(0, a.length)));
    }
  }
}

async function written(name: string, csv = batch.csv, shape = batch.shape) {
  const csvFile = join(dir, `${name}.csv`);
  writeFileSync(csvFile, csv);
  const read = await readRunsCsvColumns(csvFile, shape);
  const file = join(dir, `${name}.columns`);
  writeRunsColumnsFile(file, read.store, { scenarioHash: 'h', seed: '7', runsCsv: read.runsCsv });
  const expected: RunsColumnsExpectation = { scenarioHash: 'h', seed: '7', rows: read.store.length, runsCsv: { bytes: read.runsCsv.bytes, sha256: read.runsCsv.sha256 } };
  return { file, read, expected };
}

describe('runs.columns, the binary runs file', () => {
  it('reads back exactly the store runs.csv gives: every number (NaN for empty cells), every text code and dictionary, the path columns', async () => {
    const { file, read, expected } = await written('duel');
    const back = readRunsColumnsFile(file, batch.shape, expected);
    if ('problem' in back) throw new Error(back.problem);
    expect(back.paths).toBe(true);
    expectSameStore(read.store, back);
    expect(back.columns.filter((c) => c.role === 'path').map((c) => c.name)).toEqual(['incumbent_path', 'newcomer_path']);
    // The store reads runs.csv's cells.
    expect(back.cell(3, back.columnIndex('newcomer_path'))).toBe(batch.csv.split('\n')[4]!.split(',')[12]);
  });

  it('reads a runs.csv written before the path columns, and its binary file, without them', async () => {
    const legacy = { ...batch.shape, paths: false };
    const drop = (line: string) => line.split(',').filter((_, i) => i !== 11 && i !== 12).join(',');
    const csv = batch.csv.split('\n').map((l, i) => (i === 0 || l === '' ? l : drop(l))).join('\n').replace(/^[^\n]*\n/, runsCsvHeader(legacy));
    const { file, read, expected } = await written('legacy', csv, batch.shape);
    expect(read.store.paths).toBe(false);
    const back = readRunsColumnsFile(file, batch.shape, expected);
    if ('problem' in back) throw new Error(back.problem);
    expect(back.paths).toBe(false);
    expectSameStore(read.store, back);
  });

  it('is refused, with the reason, when it is not the batch of summary.json and runs.csv, or was cut short or edited', async () => {
    const { file, expected } = await written('refused');
    const problem = (f: string, e: RunsColumnsExpectation = expected) => {
      const r = readRunsColumnsFile(f, batch.shape, e);
      return 'problem' in r ? r.problem : 'read';
    };
    expect(problem(file, { ...expected, seed: '8' })).toMatch(/another batch/);
    expect(problem(file, { ...expected, rows: expected.rows + 2 })).toMatch(/summary.json counts/);
    expect(problem(file, { ...expected, runsCsv: { bytes: expected.runsCsv.bytes + 1 } })).toMatch(/runs.csv changed/);
    expect(problem(file, { ...expected, runsCsv: { ...expected.runsCsv, sha256: '0'.repeat(64) } })).toMatch(/runs.csv changed/);
    const bytes = readFileSync(file);
    const cut = join(dir, 'cut.columns');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 8));
    expect(problem(cut)).toMatch(/cut short/);
    const edited = Buffer.from(bytes);
    edited[edited.length - 20]! ^= 1;
    writeFileSync(cut, edited);
    expect(problem(cut)).toMatch(/sha256 mismatch/);
    const version = Buffer.from(bytes);
    version.writeUInt32LE(99, 8);
    writeFileSync(cut, version);
    expect(problem(cut)).toMatch(/format version 99/);
    writeFileSync(cut, 'run,strategy\n');
    expect(problem(cut)).toMatch(/not a parley runs.columns file/);
    expect(problem(file)).toBe('read');
  });
});
