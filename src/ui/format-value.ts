/** Numbers for the screen: integers as they are, others to three significant decimals at most. */
export function formatValue(v: unknown): string {
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '—';
    if (Number.isInteger(v)) return String(v);
    const abs = Math.abs(v);
    const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
    return v.toFixed(digits).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  }
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

/** A probability as a percentage: "60%", "4.5%", "<0.1%". */
export function formatPercent(p: number): string {
  if (Number.isNaN(p)) return '—';
  if (p > 0 && p < 0.001) return '<0.1%';
  return `${(100 * p).toFixed(p > 0 && p < 0.1 ? 1 : 0)}%`;
}

/** Terms or an offer as "price 560 · maintenance fiveYear". */
export function formatTerms(terms: Readonly<Record<string, unknown>>): string {
  return Object.entries(terms)
    .map(([k, v]) => `${k} ${formatValue(v)}`)
    .join(' · ');
}

/** A value that depends on how earlier moves turn out: "0.36", or its range "0.3–0.36". */
export function formatSpread(s: { readonly mean: number; readonly min: number; readonly max: number }): string {
  if (Number.isNaN(s.mean)) return '—';
  return s.max - s.min < 0.0005 ? formatValue(s.mean) : `${formatValue(s.min)}–${formatValue(s.max)}`;
}
