import { dateOfRound } from '../scenario/calendar.js';
import type { ArmSummary, BatchSummary } from '../montecarlo/batch-summary.js';
import { wilsonInterval } from '../montecarlo/wilson-interval.js';
import { mainMetricIndex } from '../montecarlo/batch-aggregate.js';

export interface BatchSummaryFormatOptions {
  /** Workers used and wall time, shown in the header line (not stored in summary.json). */
  readonly workers?: number;
  readonly elapsedMs?: number;
  /** Where the files went. */
  readonly out?: string;
  /**
   * With several strategies: every outcome's paired comparison and each strategy's full report
   * after the verdict (`--detail`). Without it the terminal shows the verdict, the outcomes and the
   * metrics, one row per strategy or metric.
   */
  readonly detail?: boolean;
}

const BAR_WIDTH = 24;
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A horizontal bar of `fraction` (0..1) of `width` cells, in eighths of a cell. */
export function bar(fraction: number, width = BAR_WIDTH): string {
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const eighths = Math.round(f * width * 8);
  const full = Math.floor(eighths / 8);
  const text = '█'.repeat(full) + EIGHTHS[eighths % 8]!;
  return text.padEnd(width);
}

const int = (n: number) => n.toLocaleString('en-US');

function pct(p: number | null, digits = 1): string {
  if (p === null) return '—';
  return `${(100 * p).toFixed(digits)}%`;
}

/** Percentage points with a sign, e.g. "+3.2" or "−0.4" (a true minus, so columns line up). */
function pp(d: number | null): string {
  if (d === null) return '—';
  const v = 100 * d;
  const s = Math.abs(v).toFixed(1);
  return `${v < 0 && s !== '0.0' ? '−' : '+'}${s}`;
}

/** A number with about four significant digits; integers stay integers. */
export function formatNumber(x: number | null): string {
  if (x === null) return '—';
  if (Number.isInteger(x) && Math.abs(x) < 1e9) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return x.toExponential(2);
  const digits = a >= 100 ? 1 : a >= 10 ? 2 : a >= 1 ? 3 : 4;
  return x.toFixed(digits);
}

/** Columns padded to their widest cell; `right` marks right-aligned columns. */
function table(rows: readonly (readonly string[])[], right: readonly boolean[], indent = '  '): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return rows.map(
    (r) =>
      indent +
      r
        .map((c, i) => {
          const pad = widths[i]! - [...c].length;
          return right[i] ? ' '.repeat(pad) + c : i === r.length - 1 ? c : c + ' '.repeat(pad);
        })
        .join('  ')
        .trimEnd(),
  );
}

/** The terminal report of a batch: outcomes with intervals and bars, metrics, time to deal, final states, paths, comparisons. */
export function formatBatchSummary(s: BatchSummary, options: BatchSummaryFormatOptions = {}): string {
  const out: string[] = [];
  const info = s.scenario;
  out.push(info.title);
  const speed =
    options.elapsedMs !== undefined && options.elapsedMs > 0
      ? ` · ${(options.elapsedMs / 1000).toFixed(1)} s, ${int(Math.round((s.runs * s.arms.length) / (options.elapsedMs / 1000)))} runs/s${options.workers ? ` on ${options.workers} worker${options.workers === 1 ? '' : 's'}` : ''}`
      : '';
  const strategies = [...new Set(s.arms.map((a) => a.strategy))];
  out.push(`${int(s.runs)} runs · seed ${s.seed} · ${strategies.length === 1 ? `strategy ${strategies[0]}` : `strategies ${strategies.join(', ')}`}${speed}`);
  const runsText = s.range.end > s.range.start ? `runs ${int(s.range.start)}–${int(s.range.end - 1)}` : 'no runs';
  if (s.shard) out.push(`shard ${s.shard.index}/${s.shard.count}: ${runsText} of ${int(s.batchRuns)}`);
  else if (s.range.start !== 0) out.push(runsText);
  const sets = Object.entries(s.sets);
  if (sets.length > 0) out.push(`held: ${sets.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  for (const a of s.arms) if (a.knobs !== undefined && s.arms.findIndex((b) => b.strategy === a.strategy) === s.arms.indexOf(a)) out.push(`knobs of ${a.strategy}: ${Object.entries(a.knobs).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  out.push(stopLine(s));

  const comparing = s.results.length > 1;
  if (comparing) {
    out.push(...formatVerdict(s));
    if (options.detail) {
      out.push(...formatComparison(s));
      for (const r of s.results) {
        out.push('');
        out.push(`━━ ${r.label} ${'━'.repeat(Math.max(3, 60 - r.label.length))}`);
        out.push(...formatArm(s, r, false));
      }
    } else {
      out.push(...formatOverview(s));
      out.push('');
      out.push('Paired differences for every outcome and metric, quantiles, time to deal, final states and paths per strategy: --detail');
    }
  } else out.push(...formatArm(s, s.results[0]!, true));
  if (options.out) {
    out.push('');
    out.push(`Wrote ${options.out}/summary.json and ${options.out}/runs.csv`);
  }
  return out.join('\n');
}

function stopLine(s: BatchSummary): string {
  const st = s.stop;
  const widest = `the widest 95% interval of an outcome probability is ${pct(st.widestInterval, 2)}`;
  if (st.reason === 'interrupted') return `Interrupted: the first ${int(s.runs)} runs are summarised (${widest}).`;
  if (st.untilCi === null) return `95% intervals: Wilson for probabilities; ${widest}.`;
  if (st.reason === 'until-ci') return `Stopped after ${int(s.runs)} runs: every outcome probability's 95% interval is narrower than ${pct(st.untilCi, 2)} (widest ${pct(st.widestInterval, 2)}).`;
  return st.met
    ? `Ran all ${int(s.runs)} runs; every outcome probability's 95% interval is narrower than ${pct(st.untilCi, 2)} (widest ${pct(st.widestInterval, 2)}).`
    : `Reached the cap of ${int(s.runs)} runs (--runs) before every 95% interval was narrower than ${pct(st.untilCi, 2)}: ${widest}.`;
}

function formatArm(s: BatchSummary, r: ArmSummary, full: boolean): string[] {
  const info = s.scenario;
  const out: string[] = [];
  out.push('');
  out.push('Outcomes');
  out.push(
    ...table(
      [
        ['', 'P', '95% CI', '', 'runs'],
        ...r.outcomes.map((o) => [o.label, pct(o.p), `[${pct(o.lo)}, ${pct(o.hi)}]`, bar(o.p ?? 0), int(o.count)]),
      ],
      [false, true, true, false, true],
    ),
  );

  if (r.metrics.length > 0) {
    out.push('');
    out.push('Metrics');
    const rows = [['', 'mean', '± se', 'sd', 'p5', 'p50', 'p95', 'runs']];
    for (const m of r.metrics) {
      rows.push([
        `${m.label}${m.unit ? ` (${m.unit})` : ''}`,
        formatNumber(m.mean),
        formatNumber(m.se),
        formatNumber(m.sd),
        formatNumber(m.p5),
        formatNumber(m.p50),
        formatNumber(m.p95),
        m.missing > 0 ? `${int(m.n)} (${int(m.missing)} undefined)` : int(m.n),
      ]);
    }
    out.push(...table(rows, [false, true, true, true, true, true, true, true]));
    if (r.metrics.some((m) => m.quantiles === 'approximate')) out.push('  (quantiles within 0.1%: more than 2,048 distinct values)');
  }

  const ttd = r.timeToDeal;
  out.push('');
  if (ttd.deals === 0) out.push('Time to deal: no run signed a deal');
  else {
    const { unit, start } = info.clock;
    out.push(
      `Time to deal: ${pct(ttd.p)} of runs signed a deal; round signed: median ${formatNumber(ttd.p50)}, mean ${formatNumber(ttd.mean)}, 90% between ${formatNumber(ttd.p5)} and ${formatNumber(ttd.p95)}`,
    );
    const max = Math.max(...ttd.histogram);
    const rows = ttd.histogram.map((c, round) => [dateOfRound(start, unit, round), `${round}`, `│${bar(c / max, 30)}`, pct(c / r.runs), int(c)]);
    out.push(...table([['', 'round', '', 'runs', ''], ...rows], [false, true, false, true, true]));
  }

  if (r.dealSets.some((d) => d.deals !== '')) {
    out.push('');
    out.push('Deals standing at the end');
    out.push(
      ...table(
        [['', 'P', '95% CI', '', 'runs'], ...r.dealSets.map((d) => [dealSetLabel(info, d.tracks), pct(d.p), `[${pct(d.lo)}, ${pct(d.hi)}]`, bar(d.p ?? 0), int(d.count)])],
        [false, true, true, false, true],
      ),
    );
  }

  out.push('');
  out.push('Final states');
  out.push(
    ...table(
      info.tracks.map((t) => [t.label, (r.finalStates[t.id] ?? []).map((f) => `${f.state} ${pct(f.p)}`).join(' · ')]),
      [false, false],
    ),
  );

  out.push('');
  out.push('Most frequent paths');
  for (const t of info.tracks) {
    const p = r.paths[t.id]!;
    out.push(`  ${t.label}${p.truncated ? ' (more than 2,000 distinct paths: shown from a sample of them)' : ` (${int(p.distinct)} distinct)`}`);
    // A comparison shows every arm: three paths each keep it readable.
    out.push(...table(p.top.slice(0, full ? 5 : 3).map((e) => [pct(e.p), e.path]), [true, false], '    '));
  }
  return out;
}

function formatComparison(s: BatchSummary): string[] {
  const out: string[] = [];
  const base = s.results[0]!;
  out.push('');
  out.push(`Comparison on common random numbers: each arm played the same ${int(s.runs)} runs (seed, run index).`);
  out.push(`Δ = paired difference in percentage points versus "${base.label}", with its 95% interval.`);
  for (const o of base.outcomes) {
    out.push('');
    out.push(o.label);
    const rows = s.results.map((r, i) => {
      const ro = r.outcomes.find((x) => x.id === o.id);
      const d = r.versusFirst?.outcomes.find((x) => x.id === o.id);
      return [
        r.label,
        pct(ro?.p ?? 0),
        `[${pct(ro?.lo ?? 0)}, ${pct(ro?.hi ?? 0)}]`,
        bar(ro?.p ?? 0),
        i === 0 ? '' : d ? `Δ ${pp(d.diff)} [${pp(d.lo)}, ${pp(d.hi)}]` : '',
      ];
    });
    out.push(...table(rows, [false, true, true, false, false]));
  }
  if (base.metrics.length > 0) {
    out.push('');
    out.push('Metrics (mean; Δ = paired mean difference versus the first, over runs where both are defined)');
    const rows = [['', ...base.metrics.map((m) => m.label)]];
    for (const [i, r] of s.results.entries()) {
      rows.push([
        r.label,
        ...r.metrics.map((m, k) => {
          const d = r.versusFirst?.metrics[k];
          return i === 0 || !d ? formatNumber(m.mean) : `${formatNumber(m.mean)} (Δ ${formatNumber(d.diff)} [${formatNumber(d.lo)}, ${formatNumber(d.hi)}])`;
        }),
      ]);
    }
    out.push(...table(rows, [false, ...base.metrics.map(() => true)]));
  }
  return out;
}

/** The metric a verdict ranks by: one named "surplus" if there is one, else the first. */
function mainMetric(s: BatchSummary): number {
  return mainMetricIndex(s.scenario.metrics.map((m) => m.id));
}

/**
 * One screen first: per strategy, the chance of any deal, the most likely outcome, and the main
 * metric's mean with its paired difference against the best strategy (the highest mean; the same
 * runs, so the interval is that of the difference). Then whether the best one's lead is clear, and
 * which strategies the runs cannot tell from it.
 */
function formatVerdict(s: BatchSummary): string[] {
  const out: string[] = [];
  const k = mainMetric(s);
  const metric = k >= 0 ? s.scenario.metrics[k]! : undefined;
  const ranked = metric ? s.results.map((r, i) => ({ r, i, mean: r.metrics[k]!.mean })).filter((x) => x.mean !== null) : [];
  ranked.sort((a, b) => b.mean! - a.mean! || a.i - b.i);
  const best = ranked[0];
  out.push('');
  out.push(
    metric && best
      ? `Verdict by ${metric.label} · Δ = paired difference against the best mean, "${best.r.label}", on the same ${int(s.runs)} runs, with its 95% interval`
      : `Verdict${metric ? ` by ${metric.label}` : ''}`,
  );
  const header = ['', 'P(any deal)', '95% CI', 'most likely outcome', ''];
  if (metric && best) header.push('mean', `Δ vs ${best.r.label}`);
  const rows = [header];
  const versusBest = (i: number) => s.results[i]!.versusEach.find((v) => v.arm === best!.i);
  for (const [i, r] of s.results.entries()) {
    const deal = wilsonInterval(r.timeToDeal.deals, r.runs);
    const likely = [...r.outcomes].sort((a, b) => b.count - a.count)[0];
    const row = [r.label, pct(r.timeToDeal.p), `[${pct(deal.lo)}, ${pct(deal.hi)}]`, likely?.label ?? '—', pct(likely?.p ?? null)];
    if (metric && best) {
      const d = versusBest(i);
      row.push(formatNumber(r.metrics[k]!.mean), i === best.i ? 'best' : d ? `${signed(d.diff)} [${signed(d.lo)}, ${signed(d.hi)}]` : '—');
    }
    rows.push(row);
  }
  out.push(...table(rows, [false, true, true, false, true, true, false]));
  if (metric && best && ranked.length > 1) {
    // Strategies whose interval against the best includes 0: the runs cannot tell them from it.
    const close = ranked.slice(1).filter((x) => {
      const d = versusBest(x.i);
      return !d || d.hi === null || d.hi >= 0;
    });
    const second = ranked[1]!;
    out.push(
      close.length === 0
        ? `  Highest mean: ${best.r.label} (${formatNumber(best.mean)}), clearly above every other strategy, the runner-up ${second.r.label} included.`
        : `  Highest mean: ${best.r.label} (${formatNumber(best.mean)}), but not clearly above ${close.map((x) => x.r.label).join(', ')} (their intervals include 0): more runs, or treat them as tied.`,
    );
  }
  return out;
}

/** Outcomes and metric means, one row per strategy and one per metric: what a comparison needs at a glance. */
function formatOverview(s: BatchSummary): string[] {
  const out: string[] = [];
  out.push('');
  out.push('Outcomes (share of runs)');
  const outcomeRows = [['', ...s.scenario.outcomes.map((o) => o.label)]];
  for (const r of s.results) outcomeRows.push([r.label, ...s.scenario.outcomes.map((o) => pct(r.outcomes.find((x) => x.id === o.id)?.p ?? null))]);
  out.push(...table(outcomeRows, [false, ...s.scenario.outcomes.map(() => true)]));
  if (s.scenario.metrics.length > 0) {
    out.push('');
    out.push('Metrics (mean; "of N%": defined only in that share of runs, e.g. terms of a deal, and averaged over those)');
    const metricRows = [['', ...s.results.map((r) => r.label)]];
    for (const [k, m] of s.scenario.metrics.entries()) {
      metricRows.push([
        `${m.label}${m.unit ? ` (${m.unit})` : ''}`,
        ...s.results.map((r) => {
          const x = r.metrics[k]!;
          return x.missing > 0 && x.n > 0 ? `${formatNumber(x.mean)} of ${pct(x.n / (x.n + x.missing), 0)}` : formatNumber(x.mean);
        }),
      ]);
    }
    out.push(...table(metricRows, [false, ...s.results.map(() => true)]));
  }
  // Where deals can stand together, which sets of them each strategy ends with.
  if (s.results.some((r) => r.dealSets.some((d) => d.tracks.length > 1))) {
    const total = new Map<string, { tracks: readonly string[]; count: number }>();
    for (const r of s.results) for (const d of r.dealSets) total.set(d.deals, { tracks: d.tracks, count: (total.get(d.deals)?.count ?? 0) + d.count });
    const sets = [...total.entries()].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1));
    const shown = sets.slice(0, DEAL_SETS_SHOWN);
    const rest = sets.length > shown.length;
    out.push('');
    out.push('Deals standing at the end (share of runs)');
    const rows = [['', ...shown.map(([, d]) => dealSetLabel(s.scenario, d.tracks)), ...(rest ? ['other sets'] : [])]];
    for (const r of s.results) {
      const p = (key: string) => r.dealSets.find((d) => d.deals === key)?.p ?? 0;
      const other = r.dealSets.filter((d) => !shown.some(([k]) => k === d.deals)).reduce((x, d) => x + d.count, 0) / r.runs;
      rows.push([r.label, ...shown.map(([k]) => pct(p(k))), ...(rest ? [pct(other)] : [])]);
    }
    out.push(...table(rows, [false, ...rows[0]!.slice(1).map(() => true)]));
  }
  return out;
}

/** Deal sets shown as columns in a comparison; the rest are summed as "other sets". */
const DEAL_SETS_SHOWN = 5;

/** A set of deals in words: the tracks' labels joined with "+", or "no deal". */
function dealSetLabel(info: BatchSummary['scenario'], tracks: readonly string[]): string {
  if (tracks.length === 0) return 'no deal';
  return tracks.map((id) => info.tracks.find((t) => t.id === id)?.label ?? id).join(' + ');
}

/** A number with its sign (a true minus). */
function signed(x: number | null): string {
  if (x === null) return '—';
  const text = formatNumber(Math.abs(x));
  return `${x < 0 && text !== '0' ? '−' : '+'}${text}`;
}
