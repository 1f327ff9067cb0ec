/** Number formats of the explorer's panels. */

/** 0.3412 -> "34.1%"; NaN -> "—". */
export function percent(p: number, digits = 1): string {
  return Number.isFinite(p) ? `${(100 * p).toFixed(digits)}%` : '—';
}

/** A paired difference in percentage points with a sign: 0.021 -> "+2.1 pp". */
export function points(d: number): string {
  return Number.isFinite(d) ? `${d >= 0 ? '+' : '−'}${Math.abs(100 * d).toFixed(1)} pp` : '—';
}

/** 1234567 -> "1,234,567". */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A value at about 4 significant digits, without trailing zeros: 12.5, 0.0312, 1.2e+6. */
export function short(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (v !== 0 && (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-3)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

/** Pads or cuts text to exactly `n` cells (an ellipsis marks a cut). */
export function fit(text: string, n: number): string {
  if (n <= 0) return '';
  return text.length > n ? text.slice(0, Math.max(0, n - 1)) + '…' : text.padEnd(n);
}

const SPARKS = ' ▁▂▃▄▅▆▇█';

/** Counts as a row of block characters scaled to the largest: [0, 2, 4] -> " ▄█". */
export function sparkline(counts: readonly number[]): string {
  const max = Math.max(0, ...counts);
  return counts.map((c) => (max === 0 || c === 0 ? ' ' : SPARKS[Math.max(1, Math.round((c / max) * 8))]!)).join('');
}
