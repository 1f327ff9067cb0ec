/** Rounds and calendar dates. Dates are "YYYY-MM" or "YYYY-MM-DD"; arithmetic is in UTC. */
export type ClockUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

function parse(date: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, (m ?? 1) - 1, d ?? 1));
}

const MONTHS: Partial<Record<ClockUnit, number>> = { month: 1, quarter: 3, year: 12 };
const DAYS: Partial<Record<ClockUnit, number>> = { day: 1, week: 7 };

/** The round in which a date falls (rounds start at `start`; round 0 contains the start date). */
export function roundOfDate(start: string, unit: ClockUnit, date: string): number {
  const a = parse(start);
  const b = parse(date);
  const months = MONTHS[unit];
  if (months !== undefined) {
    const diff = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
    const dayBefore = b.getUTCDate() < a.getUTCDate() ? 1 : 0;
    return Math.floor((diff - dayBefore) / months);
  }
  return Math.floor((b.getTime() - a.getTime()) / (DAYS[unit]! * 86_400_000));
}

/** The calendar date a round starts on, as YYYY-MM-DD (or YYYY-MM for month-based units). */
export function dateOfRound(start: string, unit: ClockUnit, round: number): string {
  const a = parse(start);
  const months = MONTHS[unit];
  if (months !== undefined) {
    const d = new Date(Date.UTC(a.getUTCFullYear(), a.getUTCMonth() + round * months, a.getUTCDate()));
    const ym = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    return start.length > 7 ? `${ym}-${String(d.getUTCDate()).padStart(2, '0')}` : ym;
  }
  const d = new Date(a.getTime() + round * DAYS[unit]! * 86_400_000);
  return d.toISOString().slice(0, 10);
}
