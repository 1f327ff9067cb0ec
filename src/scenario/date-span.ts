/**
 * The days a calendar date of the scenario format may mean: "2025" is the whole year, "2025-03" the
 * whole month, "2025-03-14" one day. As-of checks compare spans so that a date given to the month is
 * never called "after" a day inside that month: only what is certainly later counts.
 */
export interface DateSpan {
  /** First day, as UTC milliseconds at midnight. */
  readonly first: number;
  /** Last day, as UTC milliseconds at midnight. */
  readonly last: number;
}

const DAY = 86_400_000;

/** The span of a "YYYY", "YYYY-MM" or "YYYY-MM-DD" date; undefined when it names no real day (2025-02-30, 2025-13). */
export function dateSpan(date: string): DateSpan | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = m[2] === undefined ? undefined : Number(m[2]);
  const day = m[3] === undefined ? undefined : Number(m[3]);
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  if (month === undefined) return { first: Date.UTC(year, 0, 1), last: Date.UTC(year, 11, 31) };
  const monthEnd = Date.UTC(year, month, 1) - DAY;
  if (day === undefined) return { first: Date.UTC(year, month - 1, 1), last: monthEnd };
  const at = Date.UTC(year, month - 1, day);
  if (day < 1 || at > monthEnd) return undefined;
  return { first: at, last: at };
}

/** Whether `date` certainly lies after `reference` (its first day is after the reference's last day). */
export function certainlyAfter(date: string, reference: string): boolean {
  const a = dateSpan(date);
  const b = dateSpan(reference);
  return a !== undefined && b !== undefined && a.first > b.last;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Why a date of the right shape ("YYYY", "YYYY-MM", "YYYY-MM-DD") names no real day, or undefined
 * when it does.
 *
 * @example calendarProblem('2025-13') // 'months run from 01 to 12'
 * @example calendarProblem('2025-02-30') // 'February 2025 has 28 days'
 */
export function calendarProblem(date: string): string | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = m[2] === undefined ? undefined : Number(m[2]);
  if (month !== undefined && (month < 1 || month > 12)) return 'months run from 01 to 12';
  if (month === undefined || m[3] === undefined) return undefined;
  const day = Number(m[3]);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) return `${MONTH_NAMES[month - 1]} ${year} has ${days} days`;
  return undefined;
}
