import type { ParameterSwing, SensitivityReport, SwingEffect } from '../analysis/sensitivity-analysis.js';
import type { StrategyRobustness } from '../analysis/strategy-robustness.js';
import type { ParetoReport } from '../analysis/pareto-analysis.js';
import { formatNumber } from './format-batch-summary.js';
import { Z95 } from '../montecarlo/wilson-interval.js';

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

/** Rows a terminal tornado shows at most (the largest swings; sensitivity.json has them all). */
const TORNADO_ROWS = 20;

function tornado(title: string, swings: readonly ParameterSwing[], pick: (s: ParameterSwing) => SwingEffect, scale: number, unit: string): string[] {
  const all = tornadoOrder(swings.filter((s) => s.varies), pick);
  const rows = all.slice(0, TORNADO_ROWS);
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
  if (all.length > rows.length) {
    const clear = all.slice(TORNADO_ROWS).filter((s) => (pick(s).lo ?? 0) > 0 || (pick(s).hi ?? 0) < 0).length;
    out.push(`  … ${all.length - rows.length} more with smaller swings (${clear} of them clear of noise); --json has them all`);
  }
  return out;
}

/** The terminal report of `parley sensitivity`: tornado charts, Morris screening, strategy robustness, rank correlations, Pareto and Nash per track. */
export function formatSensitivity(r: SensitivityReport): string {
  const out: string[] = [];
  const int = (n: number) => n.toLocaleString('en-US');
  const swung = r.swings.filter((s) => s.varies);
  const kinds = (k: ParameterSwing['kind']) => swung.filter((s) => s.kind === k).length;
  out.push(`Sensitivity: ${r.scenario.title}`);
  out.push(`${int(r.runs)} runs per arm · seed ${r.seed} · strategy ${r.strategy} · ${swung.length} inputs (${kinds('parameter')} parameters, ${kinds('assumption')} assumptions, ${kinds('weight')} weights), each at its low and its high value on the same runs`);
  out.push(`Host utility: ${r.hostUtility.label}${r.hostUtility.metric ? ` (metric ${r.hostUtility.metric})` : ' (computed from each run)'}; base mean ${formatNumber(r.base.utility.mean)} ± ${formatNumber(r.base.utility.se)}`);
  const sameMetric = r.metric.id === r.hostUtility.metric && r.metric.source === r.hostUtility.source;
  if (!sameMetric) out.push(`Ranked by: ${r.metric.label}${r.metric.id ? ` (metric ${r.metric.id})` : ''}; base mean ${formatNumber(r.base.metric.mean)} ± ${formatNumber(r.base.metric.se)}`);
  const fixed = r.swings.filter((s) => !s.varies).map((s) => s.name);
  if (fixed.length > 0) out.push(`Fixed, no range (not swung): ${fixed.join(', ')}`);
  out.push('');
  out.push('One at a time: each bar is the change from the input at its low to its high value, with its paired 95% interval.');
  if (!sameMetric) {
    out.push('');
    out.push(...tornado(`${r.metric.label}`, r.swings, (s) => s.metric, 1, ''));
  }
  out.push('');
  out.push(...tornado(`${r.hostUtility.label}`, r.swings, (s) => s.utility, 1, ''));
  r.outcomes.forEach((o, i) => {
    out.push('');
    const base = r.base.outcomes[i]!;
    out.push(...tornado(`P(${o.label}) · base ${(100 * base.p).toFixed(1)}%, change in percentage points`, r.swings, (s) => s.outcomes[i]!, 100, ' pp'));
  });
  if (r.morris) {
    const m = r.morris;
    out.push('');
    out.push(`Morris screening of ${r.metric.label} (strategy ${m.strategy}): ${m.trajectories} trajectories × ${m.inputs.length + 1} points × ${int(m.runsPerPoint)} runs on common random numbers.`);
    out.push('  mu* = mean |change across the whole range|, mu = signed mean, sigma = spread (nonlinearity or interaction), noise = Monte Carlo SE of one effect;');
    out.push('  outcomes: the largest mu* over the outcome probabilities (pp). Sorted by mu*.');
    const rows = [['input', 'mu*', 'mu', 'sigma', 'noise', 'clear', 'outcomes mu*', '']];
    const sorted = [...m.inputs].sort((a, b) => (b.metric.muStar ?? 0) - (a.metric.muStar ?? 0) || a.id.localeCompare(b.id));
    for (const x of sorted) {
      const outcomeMax = Math.max(0, ...x.outcomes.map((o) => o.muStar ?? 0));
      rows.push([x.id, f3(x.metric.muStar), f3(x.metric.mu), f3(x.metric.sigma), f3(x.metric.noise), `${x.metric.clear}/${m.trajectories}`, (100 * outcomeMax).toFixed(1), x.none ? 'changes nothing' : x.withinNoise ? 'within noise' : '']);
    }
    out.push(...table(rows));
  }
  if (r.comparison) {
    out.push('');
    out.push(`Strategies across the assumption space: ${r.comparison.points} Latin-hypercube points over every input's range, ${int(r.comparison.runsPerPoint)} runs per strategy and point (same runs), by ${r.metric.label}.`);
    out.push(...robustness(r.comparison));
  }
  if (r.weightRobustness) {
    const w = r.weightRobustness;
    out.push('');
    out.push(`Strategies across the host's plausible weights: ${w.points} draws from a Dirichlet centred on the author's shares, concentration ${w.concentration}; parameters drawn as usual; ${int(w.runsPerPoint)} runs per strategy and draw, by ${r.metric.label}.`);
    out.push(`  shares drawn (5%-95%): ${Object.entries(w.centre).map(([issue, c]) => `${issue} ${c.toFixed(2)} (${w.spread[issue]!.p5.toFixed(2)}-${w.spread[issue]!.p95.toFixed(2)})`).join(', ')}`);
    out.push(...robustness(w));
  }
  const notes: string[] = [];
  if (r.inert.none.length > 0) notes.push(`Change nothing at all (every run the same at low and high${r.morris ? ', and in the screening' : ''}): ${r.inert.none.join(', ')}`);
  if (r.inert.withinNoise.length > 0) notes.push(`No effect beyond Monte Carlo noise on any outcome, the host utility or ${r.metric.label}: ${r.inert.withinNoise.join(', ')}`);
  if (notes.length > 0) {
    out.push('');
    out.push('Notes');
    for (const n of notes) out.push(`  ${n}`);
  }
  out.push('');
  out.push("Spearman rank correlations in the base batch (every parameter drawn); * marks a 95% interval that excludes 0");
  const sampled = r.correlations.filter((c) => c.utility.rho !== null || c.outcomes.some((o) => o.rho !== null));
  const headers = ['parameter', 'utility', ...r.outcomes.map((o) => o.id)];
  const cell = (c: { rho: number | null; lo: number | null; hi: number | null }) =>
    c.rho === null ? '—' : `${c.rho < 0 ? '−' : '+'}${Math.abs(c.rho).toFixed(2)}${c.lo !== null && c.hi !== null && (c.lo > 0 || c.hi < 0) ? '*' : ''}`;
  out.push(...table([headers, ...sampled.map((c) => [c.name, cell(c.utility), ...c.outcomes.map(cell)])]));
  if (sampled.length === 0) out.push('  (no parameter varies)');
  out.push('');
  out.push(...formatPareto(r.pareto));
  return out.join('\n');
}

function f3(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—';
  if (x !== 0 && Math.abs(x) < 0.001) return (x < 0 ? '−' : '') + Math.abs(x).toPrecision(2);
  const t = Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toFixed(3);
  return x < 0 ? `−${t.slice(1)}` : t;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((row) => [...(row[j] ?? '')].length)));
  return rows.map((row) => ('  ' + row.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  ')).trimEnd());
}

/** Rank-first shares, then every pair: P(A beats B) with its interval over the points, the clear wins and losses, the difference's spread. */
function robustness(x: StrategyRobustness): string[] {
  const out = ['  ranks first (share of points) · mean over points'];
  const ranking = [...x.ranking].sort((a, b) => b.first - a.first || (b.mean ?? -Infinity) - (a.mean ?? -Infinity));
  out.push(...table(ranking.map((s) => [s.strategy, `${(100 * s.first).toFixed(0)}%`, f3(s.mean)])).map((l) => '  ' + l));
  out.push('  P(A beats B): share of points where A\'s mean is higher [95% interval over points]; clearly = paired 95% interval excludes 0 at that point');
  const rows = [['A', 'B', 'P(A beats B)', 'clearly better', 'clearly worse', 'within noise', 'A − B: median', '5%–95%', 'noise']];
  // Each pair once, in the order the strategies were given (B beats A is 1 minus A beats B).
  for (const p of x.pairs.filter((q) => x.strategies.indexOf(q.a) < x.strategies.indexOf(q.b))) {
    rows.push([p.a, p.b, `${(100 * p.pBeats).toFixed(0)}% [${(100 * p.pBeatsLo).toFixed(0)}, ${(100 * p.pBeatsHi).toFixed(0)}]`, `${(100 * p.clearlyBetter).toFixed(0)}%`, `${(100 * p.clearlyWorse).toFixed(0)}%`, `${(100 * p.withinNoise).toFixed(0)}%`, f3(p.diff.median), `${f3(p.diff.p5)} … ${f3(p.diff.p95)}`, `±${f3(p.noise === null ? null : Z95 * p.noise)}`]);
  }
  out.push(...table(rows).map((l) => '  ' + l));
  const tied = x.pairs.filter((p) => x.strategies.indexOf(p.a) < x.strategies.indexOf(p.b) && p.withinNoise === 1);
  for (const p of tied) out.push(`  ${p.a} and ${p.b}: no point separates them beyond Monte Carlo noise; their P(A beats B) is not a ranking`);
  return out;
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
