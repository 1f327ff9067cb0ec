import type { ParameterSwing, SensitivityReport, SwingEffect } from '../analysis/sensitivity-analysis.js';
import type { ParetoReport } from '../analysis/pareto-analysis.js';
import { formatNumber } from './format-batch-summary.js';

const HALF_WIDTH = 18;
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** One side of a tornado bar: `fraction` (0..1) of `width` cells; the negative side grows leftwards from the axis. */
function halfBar(fraction: number, negative: boolean, width = HALF_WIDTH): string {
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  if (negative) {
    // Unicode has no right-aligned eighths; halves (▐) are the finest step leftwards.
    const halves = Math.round(f * width * 2);
    return ((halves % 2 ? '▐' : '') + '█'.repeat(Math.floor(halves / 2))).padStart(width);
  }
  const eighths = Math.round(f * width * 8);
  return ('█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]!).padEnd(width);
}

/** A signed number with a true minus sign; `scale` 100 shows probabilities in percentage points. */
function signed(x: number | null, scale: number): string {
  if (x === null) return '—';
  const v = x * scale;
  const text = scale === 100 ? Math.abs(v).toFixed(1) : formatNumber(Math.abs(v));
  return `${v < 0 && Number(text) !== 0 ? '−' : '+'}${text}`;
}

function interval(e: SwingEffect, scale: number): string {
  return `${signed(e.diff, scale)} [${signed(e.lo, scale)}, ${signed(e.hi, scale)}]`;
}

/** Parameters sorted by the size of their swing on one outcome (or the utility), largest first. */
export function tornadoOrder(swings: readonly ParameterSwing[], pick: (s: ParameterSwing) => SwingEffect): ParameterSwing[] {
  return [...swings].sort((a, b) => Math.abs(pick(b).diff ?? 0) - Math.abs(pick(a).diff ?? 0) || a.name.localeCompare(b.name));
}

function tornado(title: string, swings: readonly ParameterSwing[], pick: (s: ParameterSwing) => SwingEffect, scale: number, unit: string): string[] {
  const rows = tornadoOrder(swings.filter((s) => s.varies), pick);
  const max = Math.max(1e-12, ...rows.map((s) => Math.max(Math.abs(pick(s).lo ?? 0), Math.abs(pick(s).hi ?? 0), Math.abs(pick(s).diff ?? 0))));
  const nameWidth = Math.max(9, ...rows.map((s) => s.name.length));
  const rangeText = (s: ParameterSwing) => `${formatNumber(s.low)} → ${formatNumber(s.high)}`;
  const rangeWidth = Math.max(0, ...rows.map((s) => rangeText(s).length));
  const out = [title];
  for (const s of rows) {
    const e = pick(s);
    const d = e.diff ?? 0;
    const left = halfBar(d < 0 ? -d / max : 0, true);
    const right = halfBar(d > 0 ? d / max : 0, false);
    const significant = e.lo !== null && e.hi !== null && (e.lo > 0 || e.hi < 0);
    out.push(`  ${s.name.padEnd(nameWidth)}  ${rangeText(s).padStart(rangeWidth)}  ${left}│${right}  ${interval(e, scale)}${unit}${significant ? '' : '  (no clear effect)'}`);
  }
  return out;
}

/** The terminal report of `parley sensitivity`: tornado charts, rank correlations, Pareto and Nash per track. */
export function formatSensitivity(r: SensitivityReport): string {
  const out: string[] = [];
  const int = (n: number) => n.toLocaleString('en-US');
  const arms = 1 + 2 * r.swings.filter((s) => s.varies).length;
  out.push(`Sensitivity: ${r.scenario.title}`);
  out.push(`${int(r.runs)} runs per arm · seed ${r.seed} · strategy ${r.strategy} · ${arms} arms (base, and each parameter at its low and its high value) on the same runs`);
  out.push(`Host utility: ${r.hostUtility.label}${r.hostUtility.metric ? ` (metric ${r.hostUtility.metric})` : ' (computed from each run)'}; base mean ${formatNumber(r.base.utility.mean)} ± ${formatNumber(r.base.utility.se)}`);
  const fixed = r.swings.filter((s) => !s.varies).map((s) => s.name);
  if (fixed.length > 0) out.push(`Fixed (not swung): ${fixed.join(', ')}`);
  out.push('');
  out.push('One at a time: each bar is the change from the parameter at its low to its high value, with its paired 95% interval.');
  out.push('');
  out.push(...tornado(`${r.hostUtility.label}`, r.swings, (s) => s.utility, 1, ''));
  r.outcomes.forEach((o, i) => {
    out.push('');
    const base = r.base.outcomes[i]!;
    out.push(...tornado(`P(${o.label}) · base ${(100 * base.p).toFixed(1)}%, change in percentage points`, r.swings, (s) => s.outcomes[i]!, 100, ' pp'));
  });
  out.push('');
  out.push("Spearman rank correlations in the base batch (every parameter drawn); * marks a 95% interval that excludes 0");
  const sampled = r.correlations.filter((c) => c.utility.rho !== null || c.outcomes.some((o) => o.rho !== null));
  const headers = ['parameter', 'utility', ...r.outcomes.map((o) => o.id)];
  const cell = (c: { rho: number | null; lo: number | null; hi: number | null }) =>
    c.rho === null ? '—' : `${c.rho < 0 ? '−' : '+'}${Math.abs(c.rho).toFixed(2)}${c.lo !== null && c.hi !== null && (c.lo > 0 || c.hi < 0) ? '*' : ''}`;
  const rows = [headers, ...sampled.map((c) => [c.name, cell(c.utility), ...c.outcomes.map(cell)])];
  const widths = headers.map((_, j) => Math.max(...rows.map((row) => [...row[j]!].length)));
  for (const row of rows) out.push('  ' + row.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  '));
  if (sampled.length === 0) out.push('  (no parameter varies)');
  out.push('');
  out.push(...formatPareto(r.pareto));
  return out.join('\n');
}

/** Per track: the deals against the Pareto frontier and the Nash bargaining point. */
export function formatPareto(p: ParetoReport): string[] {
  const out = ['Pareto frontier and Nash point per track (utilities host / counterpart; deals of the base batch)'];
  const f = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(3));
  const rows: string[][] = [['track', 'deals', 'frontier', 'on it', 'mean deal', 'Nash point', 'dist. frontier', 'joint gain', 'dist. Nash']];
  for (const t of p.tracks) {
    rows.push([
      t.track,
      String(t.deals),
      `${t.frontierSize} pts`,
      t.onFrontier === null ? '—' : `${(100 * t.onFrontier).toFixed(0)}%`,
      t.mean ? `${f(t.mean.host)} / ${f(t.mean.counterpart)}` : '—',
      t.nash ? `${f(t.nash.host)} / ${f(t.nash.counterpart)}` : t.deals > 0 ? 'no zone' : '—',
      f(t.distance?.mean),
      f(t.jointGain?.mean),
      f(t.nashDistance?.mean),
    ]);
  }
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((row) => [...row[j]!].length)));
  for (const row of rows) out.push('  ' + row.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  '));
  for (const t of p.tracks) {
    if (!t.nash) continue;
    out.push(`  ${t.track}: Nash terms at the mean reservation values (${f(t.disagreement?.host)} / ${f(t.disagreement?.counterpart)}): ${Object.entries(t.nash.terms).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  }
  return out;
}
