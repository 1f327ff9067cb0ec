import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvBytes } from '../../src/montecarlo/runs-csv.js';
import type { RunResult } from '../../src/engine/simulation.js';

const result = (run: number, metrics: number[], parameters: number[]): RunResult => ({
  run,
  outcome: 'deal',
  outcomeIndex: 0,
  rounds: 3,
  dealRound: -1,
  dealTrack: '',
  dealSet: '',
  metrics,
  finalStates: ['a.b'],
  paths: [['a', 'a.b']],
  pathTexts: ['a > a.b'],
  parameters,
});

/** What batches write for one run, decoded. */
function lineOf(run: RunResult, strategy: string, variant?: string): string {
  const out = new CsvBytes();
  out.row(run, strategy, variant);
  return Buffer.from(out.bytes()).toString('utf8');
}

/** The line as the format is specified, written independently: String() numbers, RFC 4180 quoting. */
function specifiedLine(r: RunResult, strategy: string, variant: string | undefined): string {
  const text = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const num = (v: number) => (Number.isFinite(v) ? String(v) : '');
  const cells = [String(r.run), text(strategy), ...(variant === undefined ? [] : [text(variant)]), text(r.outcome), String(r.rounds), r.dealRound >= 0 ? String(r.dealRound) : '', text(r.dealTrack), text(r.dealSet)];
  cells.push(...r.metrics.map(num), ...r.finalStates.map(text), ...r.pathTexts.map(text), ...r.parameters.map(num));
  return cells.join(',') + '\n';
}

describe('runs.csv numbers (written without V8 number-string cache)', () => {
  it('writes every finite number exactly as String() would, and round-trips it', () => {
    const special = [0, -0, 1e21, 1e-7, 123e-20, 5e-324, Number.MAX_VALUE, -Number.MIN_VALUE, 2 ** 53, 0.1 + 0.2, 1 / 3];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(...special)), { minLength: 1, maxLength: 6 }), fc.nat(), (xs, run) => {
        const line = lineOf(result(run, xs, xs), 'keepWarm');
        const cells = line.trimEnd().split(',');
        expect(cells[0]).toBe(String(run));
        const metricCells = cells.slice(7, 7 + xs.length); // after run, strategy, outcome, rounds, dealRound, dealTrack, deals
        expect(metricCells).toEqual(xs.map((x) => String(x)));
        expect(metricCells.map(Number)).toEqual(xs.map((x) => (Object.is(x, -0) ? 0 : x)));
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves NaN and infinities empty', () => {
    const cells = lineOf(result(7, [NaN, Infinity, -Infinity], [1.5]), 's').trimEnd().split(',');
    expect(cells.slice(7, 10)).toEqual(['', '', '']);
    expect(cells.at(-1)).toBe('1.5');
  });

  it('writes every field as the format specifies, quoting text and encoding it as UTF-8, across buffer growth', () => {
    const num = fc.oneof(fc.double(), fc.integer({ min: -(2 ** 53), max: 2 ** 53 }), fc.constantFrom(0, -0, 1e15, -1e15, 999999999999999, 1e21, 5e-324, NaN, Infinity));
    const text = fc.oneof(fc.constantFrom('keepWarm', 'a.b', 'süd,ost', 'say "yes"', 'line\nbreak', '中国', ''), fc.string());
    fc.assert(
      fc.property(
        fc.record({ run: fc.nat(), rounds: fc.nat({ max: 1000 }), dealRound: fc.integer({ min: -1, max: 1000 }), outcome: text, dealTrack: text, dealSet: text, metrics: fc.array(num, { maxLength: 5 }), finalStates: fc.array(text, { maxLength: 4 }), pathTexts: fc.array(text, { maxLength: 4 }), parameters: fc.array(num, { maxLength: 5 }) }),
        text,
        fc.option(text, { nil: undefined }),
        (r, strategy, variant) => {
          const run: RunResult = { ...result(r.run, r.metrics, r.parameters), outcome: r.outcome, rounds: r.rounds, dealRound: r.dealRound, dealTrack: r.dealTrack, dealSet: r.dealSet, finalStates: r.finalStates, pathTexts: r.pathTexts };
          // A small buffer, so rows also cross its growth.
          const out = new CsvBytes(new SharedArrayBuffer(16));
          out.row(run, strategy, variant);
          out.row(run, strategy, variant);
          const line = specifiedLine(run, strategy, variant);
          expect(Buffer.from(out.bytes()).toString('utf8')).toBe(line + line);
        },
      ),
      { numRuns: 3000, seed: 4 },
    );
  });
});
