import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { load, repoRoot } from '../load-fixture.js';
import { calendarProblem } from '../../src/scenario/date-span.js';

const base = JSON.parse(readFileSync(`${repoRoot}scenarios/supplier-duel.json`, 'utf8'));

/** The problems of the teaching scenario with a change, as "CODE message | hint". */
function problems(change: (s: any) => void): string[] {
  const s = structuredClone(base);
  change(s);
  return load(JSON.stringify(s, null, 2)).problems.filter((p) => p.severity === 'error').map((p) => `${p.code} ${p.message} | ${p.hint ?? ''}`);
}

const scheduled = (at: string) => (s: any) => {
  s.events.scheduledShock = { label: 'Scheduled shock', at, effects: { budgetPressure: 0.9 } };
};

describe('calendar dates', () => {
  it('names what is wrong with a date that names no real day', () => {
    expect(calendarProblem('2025-13')).toBe('months run from 01 to 12');
    expect(calendarProblem('2025-00')).toBe('months run from 01 to 12');
    expect(calendarProblem('2025-02-30')).toBe('February 2025 has 28 days');
    expect(calendarProblem('2024-02-30')).toBe('February 2024 has 29 days');
    expect(calendarProblem('2025-04-31')).toBe('April 2025 has 30 days');
    expect(calendarProblem('2025-01-00')).toBe('January 2025 has 31 days');
    for (const real of ['2024-02-29', '2025-12-31', '2025-03', '2025']) expect(calendarProblem(real), real).toBeUndefined();
  });

  it('rejects an event scheduled in month 13 or on 30 February instead of moving it to another month', () => {
    expect(problems(scheduled('2026-13'))).toEqual(['E_DATE 2026-13 is not a calendar date: months run from 01 to 12 | write YYYY-MM, e.g. 2025-03, or YYYY-MM-DD, e.g. 2025-03-14']);
    expect(problems(scheduled('2026-02-30'))).toEqual(['E_DATE 2026-02-30 is not a calendar date: February 2026 has 28 days | write YYYY-MM, e.g. 2025-03, or YYYY-MM-DD, e.g. 2025-03-14']);
    expect(problems(scheduled('2026-03'))).toEqual([]);
    expect(problems(scheduled('2026-03-31'))).toEqual([]);
  });

  it('shows the form to write, never a regular expression, for a date of the wrong shape', () => {
    const found = problems(scheduled('2026-3'));
    expect(found).toEqual(['E_FORMAT must be a round number or a date: YYYY-MM, e.g. 2025-03, or YYYY-MM-DD, e.g. 2025-03-14 | ']);
    const source = problems((s) => (Object.values(s.sources)[0] as { date: string }).date = '2019-5');
    expect(source).toEqual(['E_FORMAT must be a date: YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2025-03 | ']);
    for (const message of [...found, ...source]) expect(message).not.toMatch(/[\\^$]/);
  });

  it("checks the clock's start and source dates, and asks for the day on a clock that counts days or weeks", () => {
    expect(problems((s) => (s.clock.start = '2026-00'))).toEqual(['E_DATE 2026-00 is not a calendar date: months run from 01 to 12 | write YYYY-MM, e.g. 2025-03, or YYYY-MM-DD, e.g. 2025-03-14']);
    expect(problems((s) => (Object.values(s.sources)[0] as { date: string }).date = '2019-02-29')).toEqual([
      'E_DATE 2019-02-29 is not a calendar date: February 2019 has 28 days | write YYYY, YYYY-MM, e.g. 2025-03, or YYYY-MM-DD, e.g. 2025-03-14',
    ]);
    // The clock's start and the scheduled budget review (2026-06) are both given to the month.
    expect(problems((s) => (s.clock.unit = 'week'))).toEqual([
      'E_DATE 2026-01 gives no day, but the clock counts weeks | write YYYY-MM-DD, e.g. 2025-03-14',
      'E_DATE 2026-06 gives no day, but the clock counts weeks | write YYYY-MM-DD, e.g. 2025-03-14',
    ]);
    expect(problems((s) => ((s.clock.unit = 'week'), (s.clock.start = '2026-01-05'), (s.events.budgetReview.at = '2026-06-01')))).toEqual([]);
  });
});
