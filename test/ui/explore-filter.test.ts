import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RunColumns } from '../../src/montecarlo/run-columns.js';
import { filterRuns, inRange, parseRunCondition, type RunCondition } from '../../src/montecarlo/run-filter.js';
import { outcomeTable, pairedDifference } from '../../src/ui/explore/explore-figures.js';
import { duelBatch } from './explore-fixture.js';

const batch = duelBatch(400);
/** runs.csv read by a general CSV parser: the reference the columnar store is checked against. */
const records = parse(batch.csv, { columns: true }) as Record<string, string>[];
const numberColumns = ['rounds', 'dealRound', 'cityUtility', 'price', 'newcomerRisk', 'incumbentPatience'];
const textColumns = ['outcome', 'incumbent', 'newcomer', 'strategy'];

/** Does a record pass a condition, read straight from the CSV text? */
function passes(r: Record<string, string>, c: RunCondition): boolean {
  const cell = r[c.column]!;
  if (c.kind === 'values') return c.values.includes(cell);
  return cell !== '' && inRange(Number(cell), c);
}

const values = (column: string) => [...new Set(records.map((r) => r[column]!))];
const condition: fc.Arbitrary<RunCondition> = fc.oneof(
  fc.record({
    column: fc.constantFrom(...numberColumns),
    a: fc.integer({ min: 0, max: records.length - 1 }),
    b: fc.integer({ min: 0, max: records.length - 1 }),
    loInclusive: fc.boolean(),
    hiInclusive: fc.boolean(),
    open: fc.constantFrom('none', 'lo', 'hi'),
  }).map(({ column, a, b, loInclusive, hiInclusive, open }): RunCondition => {
    // Bounds taken from the data itself, so ties at the bounds are exercised.
    const x = Number(records[a]![column] || 0);
    const y = Number(records[b]![column] || 0);
    return { column, kind: 'range', lo: open === 'lo' ? -Infinity : Math.min(x, y), hi: open === 'hi' ? Infinity : Math.max(x, y), loInclusive, hiInclusive };
  }),
  fc.constantFrom(...textColumns).chain((column) => fc.subarray(values(column), { minLength: 1 }).map((v): RunCondition => ({ column, kind: 'values', values: v }))),
);

describe('conditioning the columnar runs', () => {
  it('keeps exactly the rows of runs.csv that pass every condition, per arm and outcome', () => {
    fc.assert(
      fc.property(fc.array(condition, { maxLength: 3 }), (conditions) => {
        const { mask, kept } = filterRuns(batch.store, conditions);
        const expected = records.map((r) => conditions.every((c) => passes(r, c)));
        expect(kept).toBe(expected.filter(Boolean).length);
        expected.forEach((e, i) => expect(mask[i]).toBe(e ? 1 : 0));
        const outcomes = values('outcome');
        const table = outcomeTable(batch.store, mask, 2, outcomes);
        for (let a = 0; a < 2; a++) {
          const armRows = records.filter((r, i) => i % 2 === a && expected[i]);
          expect(table.arms[a]!.kept).toBe(armRows.length);
          outcomes.forEach((o, j) => expect(table.arms[a]!.counts[j]).toBe(armRows.filter((r) => r.outcome === o).length));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reads every cell as the CSV holds it (numbers exactly, empty cells as NaN)', () => {
    for (const [i, r] of records.entries()) {
      for (const column of numberColumns) {
        const v = batch.store.numbers(column)[i]!;
        if (r[column] === '') expect(v).toBeNaN();
        else expect(v).toBe(Number(r[column]));
      }
      for (const column of textColumns) expect(batch.store.cell(i, batch.store.columnIndex(column))).toBe(r[column]);
    }
  });

  it('gives the same store whatever the chunks the bytes arrive in', () => {
    const bytes = new TextEncoder().encode(batch.csv);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), (cuts) => {
        const store = new RunColumns(batch.shape, { withHeader: true });
        let at = 0;
        for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
          store.append(bytes.subarray(at, cut));
          at = cut;
        }
        store.append(bytes.subarray(at));
        store.end();
        expect(store.length).toBe(records.length);
        expect(Array.from(store.numbers('price').subarray(0, store.length))).toEqual(Array.from(batch.store.numbers('price').subarray(0, store.length)));
        expect(Array.from(store.text('outcome').codes.subarray(0, store.length))).toEqual(Array.from(batch.store.text('outcome').codes.subarray(0, store.length)));
      }),
      { numRuns: 50 },
    );
  });

  it('parses conditions as users type them, and says what is wrong with the others', () => {
    expect(parseRunCondition('price < 2', batch.store)).toEqual({ column: 'price', kind: 'range', lo: -Infinity, hi: 2, loInclusive: false, hiInclusive: false });
    expect(parseRunCondition('0.1 <= newcomerRisk < 0.3', batch.store)).toEqual({ column: 'newcomerRisk', kind: 'range', lo: 0.1, hi: 0.3, loInclusive: true, hiInclusive: false });
    expect(parseRunCondition('rounds in 2..5', batch.store)).toEqual({ column: 'rounds', kind: 'range', lo: 2, hi: 5, loInclusive: true, hiInclusive: true });
    expect(parseRunCondition(`outcome = ${values('outcome')[0]}`, batch.store)).toEqual({ column: 'outcome', kind: 'values', values: [values('outcome')[0]] });
    expect(parseRunCondition('nosuch < 1', batch.store)).toHaveProperty('error');
    expect(parseRunCondition('outcome < 1', batch.store)).toHaveProperty('error');
  });

  it('computes paired differences as the per-run indicator differences', () => {
    const { mask } = filterRuns(batch.store, []);
    const o = values('outcome')[0]!;
    const d = pairedDifference(batch.store, mask, 2, 1, 0, o);
    const diffs = records.filter((_, i) => i % 2 === 0).map((r, i) => (records[2 * i + 1]!.outcome === o ? 1 : 0) - (r.outcome === o ? 1 : 0));
    const mean = diffs.reduce((s, x) => s + x, 0) / diffs.length;
    expect(d.n).toBe(diffs.length);
    expect(d.diff).toBeCloseTo(mean, 12);
  });
});
