import type { BacktestReport } from '../analysis/backtest-report.js';

const f3 = (x: number | null) => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(3));
const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(0)}%`);

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd()).join('\n');
}

/** The backtest as terminal tables: per scenario, totals with skill, then the reliability table. */
export function formatBacktest(report: BacktestReport, options: { out?: string } = {}): string {
  const lines: string[] = [];
  lines.push(`Backtest of ${report.cases.length} resolved scenario${report.cases.length === 1 ? '' : 's'} in ${report.folder} (${report.runs} runs each, seed ${report.seed})`);
  lines.push('');
  const rows: string[][] = [['scenario', 'as of', 'real outcome', 'p(real)', 'base', 'Brier', 'base', 'log', 'base', 'CRPS mo', 'base']];
  for (const c of report.cases) {
    const real = c.outcomes.find((o) => o.happened)!;
    rows.push([c.id, c.asOf, c.resolution.outcome, f3(real.p), f3(real.baseRate), f3(c.model.brier), f3(c.baseline.brier), f3(c.model.log), f3(c.baseline.log), f3(c.model.crpsMonths), f3(c.baseline.crpsMonths)]);
  }
  const t = report.totals;
  rows.push(['mean', '', '', '', '', f3(t.model.brier), f3(t.baseline.brier), f3(t.model.log), f3(t.baseline.log), f3(t.model.crpsMonths), f3(t.baseline.crpsMonths)]);
  lines.push(table(rows));
  lines.push('');
  lines.push(`Skill against the base rate (1 - model/base; above 0 is better): Brier ${f3(t.skill.brier)}, log ${f3(t.skill.log)}, CRPS ${f3(t.skill.crpsMonths)}`);
  lines.push('Brier: half the multi-category Brier score (0 best, 1 worst); log: -ln p(real outcome) in nats; CRPS: time to deal in months, no deal counted at the horizon.');
  lines.push('');
  lines.push('Reliability (every outcome of every scenario is one forecast):');
  const rel: string[][] = [['forecast p', 'forecasts', 'mean p', 'happened', 'base rate: n', 'happened']];
  report.reliability.forEach((b, i) => {
    const base = report.baselineReliability[i]!;
    rel.push([`${b.lo.toFixed(1)}-${b.hi.toFixed(1)}`, String(b.forecasts), f3(b.meanForecast), pct(b.observed), String(base.forecasts), pct(base.observed)]);
  });
  lines.push(table(rel));
  if (report.skipped.length > 0) {
    lines.push('');
    for (const s of report.skipped) lines.push(`skipped ${s.file}: ${s.reason}`);
  }
  if (options.out) lines.push('', `wrote ${options.out}`);
  return lines.join('\n');
}
