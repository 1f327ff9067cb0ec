import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvBytes, runsCsvRow } from '../../src/report/runs-csv.js';
import type { RunResult } from '../../src/engine/simulation.js';

const result = (run: number, metrics: number[], parameters: number[]): RunResult => ({
  run,
  outcome: 'deal',
  outcomeIndex: 0,
  rounds: 3,
  dealRound: -1,
  dealTrack: '',
  metrics,
  finalStates: ['a.b'],
  paths: [['a', 'a.b']],
  pathTexts: ['a > a.b'],
  parameters,
});

describe('runs.csv numbers (written without V8 number-string cache)', () => {
  it('writes every finite number exactly as String() would, and round-trips it', () => {
    const special = [0, -0, 1e21, 1e-7, 123e-20, 5e-324, Number.MAX_VALUE, -Number.MIN_VALUE, 2 ** 53, 0.1 + 0.2, 1 / 3];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(...special)), { minLength: 1, maxLength: 6 }), fc.nat(), (xs, run) => {
        const line = runsCsvRow(result(run, xs, xs), 'keepWarm', undefined);
        const cells = line.trimEnd().split(',');
        expect(cells[0]).toBe(String(run));
        const metricCells = cells.slice(6, 6 + xs.length);
        expect(metricCells).toEqual(xs.map((x) => String(x)));
        expect(metricCells.map(Number)).toEqual(xs.map((x) => (Object.is(x, -0) ? 0 : x)));
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves NaN and infinities empty', () => {
    const cells = runsCsvRow(result(7, [NaN, Infinity, -Infinity], [1.5]), 's', undefined).trimEnd().split(',');
    expect(cells.slice(6, 9)).toEqual(['', '', '']);
    expect(cells.at(-1)).toBe('1.5');
  });

  it('writes the same bytes straight into a buffer as the UTF-8 of the line (batches use the byte writer)', () => {
    const num = fc.oneof(fc.double(), fc.integer({ min: -(2 ** 53), max: 2 ** 53 }), fc.constantFrom(0, -0, 1e15, -1e15, 999999999999999, 1e21, 5e-324, NaN, Infinity));
    const text = fc.oneof(fc.constantFrom('keepWarm', 'a.b', 'süd,ost', 'say "yes"', 'line\nbreak', '中国', ''), fc.string());
    fc.assert(
      fc.property(
        fc.record({ run: fc.nat(), rounds: fc.nat({ max: 1000 }), dealRound: fc.integer({ min: -1, max: 1000 }), outcome: text, dealTrack: text, metrics: fc.array(num, { maxLength: 5 }), finalStates: fc.array(text, { maxLength: 4 }), parameters: fc.array(num, { maxLength: 5 }) }),
        text,
        fc.option(text, { nil: undefined }),
        (r, strategy, variant) => {
          const run: RunResult = { ...result(r.run, r.metrics, r.parameters), outcome: r.outcome, rounds: r.rounds, dealRound: r.dealRound, dealTrack: r.dealTrack, finalStates: r.finalStates };
          // A small buffer, so rows also cross its growth.
          const out = new CsvBytes(new ArrayBuffer(16));
          out.row(run, strategy, variant);
          out.row(run, strategy, variant);
          const line = runsCsvRow(run, strategy, variant);
          expect(Buffer.from(out.bytes()).toString('utf8')).toBe(line + line);
        },
      ),
      { numRuns: 3000, seed: 4 },
    );
  });
});
