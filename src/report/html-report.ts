import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { dateOfRound } from '../scenario/calendar.js';
import type { BatchSummary } from '../montecarlo/batch-summary.js';
import { wilsonInterval } from '../montecarlo/wilson-interval.js';
import type { SensitivityReport } from '../analysis/sensitivity-analysis.js';
import type { ParetoReport } from '../analysis/pareto-analysis.js';
import { trackDiagramModel } from './track-diagram-model.js';
import { trackDiagramSvg } from './track-diagram-svg.js';
import { escapeHtml, jsonForScript } from './escape-html.js';
import { formatNumber } from './format-batch-summary.js';
import { optimizeSection } from './html-optimize.js';
import type { PolicySearchResult } from '../analysis/policy-search.js';

/** A metric's distribution per arm, binned from runs.csv. */
export interface MetricHistogram {
  readonly metric: string;
  readonly label: string;
  /** Bin edges: bins.length + 1 values. */
  readonly edges: readonly number[];
  readonly arms: readonly { readonly label: string; readonly counts: readonly number[]; readonly missing: number }[];
}

export interface HtmlReportInput {
  readonly summary: Omit<BatchSummary, 'aggregate'>;
  readonly scenario: CompiledScenario;
  readonly sensitivity?: SensitivityReport;
  /** Pareto analysis: sensitivity.json's, or pareto.json's when there is no sensitivity.json. */
  readonly pareto?: ParetoReport & { readonly runs: number; readonly seed: string; readonly strategy: string };
  readonly histograms?: readonly MetricHistogram[];
  /** A `parley optimize` result (optimize.json) found in the folder. */
  readonly optimize?: PolicySearchResult;
  /** The charting library's browser build (Chart.js UMD), inlined as is. */
  readonly chartLibrary: string;
}

const pct = (p: number | null | undefined, digits = 1) => (p === null || p === undefined ? '—' : `${(100 * p).toFixed(digits)}%`);
const pp = (d: number | null | undefined) => (d === null || d === undefined ? '—' : `${d < 0 ? '−' : '+'}${Math.abs(100 * d).toFixed(1)}`);
const num = (x: number | null | undefined) => (x === null || x === undefined ? '—' : formatNumber(x));

/**
 * The shareable report of a batch: one self-contained HTML file (the charting library, the data and
 * the diagrams inlined; a Content-Security-Policy that allows no network access at all), readable
 * offline and safe to open from an untrusted scenario: every string from the scenario or the batch
 * files is escaped in the markup, and the charts read their data from a JSON block that cannot end
 * its <script> element.
 */
export function htmlReport(input: HtmlReportInput): string {
  const { summary, scenario, sensitivity, pareto } = input;
  const file = scenario.file;
  const info = summary.scenario;
  const first = summary.results[0]!;
  const clock = info.clock;
  const sections: string[] = [];
  const h = escapeHtml;

  // ----------------------------------------------------------- question and setting
  const strategies = [...new Set(summary.arms.map((a) => a.strategy))];
  sections.push(`<header>
<h1>${h(file.title)}</h1>
${file.question ? `<p class="question">${h(file.question)}</p>` : ''}
${file.description ? `<p class="description">${h(file.description)}</p>` : ''}
<p class="meta">${summary.runs.toLocaleString('en-US')} runs · seed ${h(summary.seed)} · ${strategies.length === 1 ? `strategy ${h(strategies[0]!)}` : `strategies ${h(strategies.join(', '))}`}${Object.keys(summary.sets).length > 0 ? ` · held: ${h(Object.entries(summary.sets).map(([k, v]) => `${k}=${v}`).join(', '))}` : ''} · ${h(info.file)} (sha256 ${h(info.hash.slice(0, 12))}…) · engine ${h(summary.engineVersion)} · ${h(dateOfRound(clock.start, clock.unit, 0))} + ${clock.horizon} ${h(clock.unit)}s</p>
</header>`);

  // ----------------------------------------------------------- outcomes
  const outcomeRows = first.outcomes
    .map((o, i) => `<tr><th scope="row">${h(o.label)}</th>${summary.results.map((r) => `<td>${pct(r.outcomes[i]?.p)} <span class="ci">[${pct(r.outcomes[i]?.lo)}, ${pct(r.outcomes[i]?.hi)}]</span></td>`).join('')}</tr>`)
    .join('\n');
  sections.push(`<section id="outcomes"><h2>Outcome probabilities</h2>
<p class="note">Share of runs ending in each outcome, with 95% Wilson intervals (the black whiskers).</p>
<div class="chart" style="height:${Math.max(220, 40 + first.outcomes.length * (18 + 14 * summary.results.length))}px"><canvas id="chart-outcomes" aria-label="Outcome probabilities"></canvas></div>
<table><thead><tr><th></th>${summary.results.map((r) => `<th scope="col">${h(r.label)}</th>`).join('')}</tr></thead><tbody>
${outcomeRows}</tbody></table></section>`);

  // ----------------------------------------------------------- deal sets
  if (summary.results.some((r) => r.dealSets.some((d) => d.tracks.length > 0))) {
    const keys = [...new Set(summary.results.flatMap((r) => r.dealSets.map((d) => d.deals)))];
    const total = (k: string) => summary.results.reduce((x, r) => x + (r.dealSets.find((d) => d.deals === k)?.count ?? 0), 0);
    keys.sort((a, b) => total(b) - total(a) || (a < b ? -1 : 1));
    const label = (k: string) => (k === '' ? 'no deal' : k.split('+').map((id) => summary.scenario.tracks.find((t) => t.id === id)?.label ?? id).join(' + '));
    const rows = keys
      .map((k) => `<tr><th scope="row">${h(label(k))}</th>${summary.results.map((r) => {
        const d = r.dealSets.find((x) => x.deals === k);
        return `<td>${pct(d?.p ?? 0)} <span class="ci">[${pct(d?.lo ?? 0)}, ${pct(d?.hi ?? wilsonInterval(0, r.runs).hi)}]</span></td>`;
      }).join('')}</tr>`)
      .join('\n');
    sections.push(`<section id="deal-sets"><h2>Deals standing at the end</h2>
<p class="note">Share of runs by the set of deals in force when the run ends (a portfolio where deals can stand together), with 95% Wilson intervals.</p>
<table><thead><tr><th></th>${summary.results.map((r) => `<th scope="col">${h(r.label)}</th>`).join('')}</tr></thead><tbody>
${rows}</tbody></table></section>`);
  }

  // ----------------------------------------------------------- time to deal
  sections.push(`<section id="time-to-deal"><h2>When the deal is signed</h2>
<p class="note">Share of runs signing their first deal in each ${h(clock.unit)} (runs without a deal are not shown). ${summary.results
    .map((r) => `${h(r.label)}: ${pct(r.timeToDeal.p)} sign, median ${r.timeToDeal.p50 === null ? '—' : h(dateOfRound(clock.start, clock.unit, r.timeToDeal.p50))}`)
    .join('; ')}.</p>
<div class="chart" style="height:280px"><canvas id="chart-time-to-deal" aria-label="Time to deal histogram"></canvas></div></section>`);

  // ----------------------------------------------------------- strategy comparison
  if (summary.results.length > 1) {
    const rows = first.outcomes
      .map(
        (o, i) =>
          `<tr><th scope="row">${h(o.label)}</th>${summary.results
            .slice(1)
            .map((r) => {
              const d = r.versusFirst?.outcomes[i];
              const clear = d && d.lo !== null && d.hi !== null && (d.lo > 0 || d.hi < 0);
              return `<td class="${clear ? (d!.diff! > 0 ? 'up' : 'down') : ''}">${pp(d?.diff)} <span class="ci">[${pp(d?.lo)}, ${pp(d?.hi)}]</span></td>`;
            })
            .join('')}</tr>`,
      )
      .join('\n');
    const metricRows = first.metrics
      .map(
        (m, i) =>
          `<tr><th scope="row">${h(m.label)}${m.unit ? ` <span class="unit">(${h(m.unit)})</span>` : ''}</th><td>${num(m.mean)}</td>${summary.results
            .slice(1)
            .map((r) => {
              const d = r.versusFirst?.metrics[i];
              const clear = d && d.lo !== null && d.hi !== null && (d.lo > 0 || d.hi < 0);
              return `<td class="${clear ? (d!.diff! > 0 ? 'up' : 'down') : ''}">${num(r.metrics[i]?.mean)} <span class="ci">Δ ${num(d?.diff)} [${num(d?.lo)}, ${num(d?.hi)}]</span></td>`;
            })
            .join('')}</tr>`,
      )
      .join('\n');
    sections.push(`<section id="comparison"><h2>Strategy comparison</h2>
<p class="note">Every arm played the same ${summary.runs.toLocaleString('en-US')} runs (seed and run index): differences are paired on common random numbers. Δ is versus <b>${h(first.label)}</b>, in percentage points for outcomes, with its 95% interval; green and red mark intervals that exclude 0.</p>
<table><thead><tr><th>Outcome</th>${summary.results
      .slice(1)
      .map((r) => `<th scope="col">${h(r.label)}</th>`)
      .join('')}</tr></thead><tbody>${rows}</tbody></table>
<table><thead><tr><th>Metric (mean)</th><th scope="col">${h(first.label)}</th>${summary.results
      .slice(1)
      .map((r) => `<th scope="col">${h(r.label)}</th>`)
      .join('')}</tr></thead><tbody>${metricRows}</tbody></table></section>`);
  } else {
    const metricRows = first.metrics
      .map((m) => `<tr><th scope="row">${h(m.label)}${m.unit ? ` <span class="unit">(${h(m.unit)})</span>` : ''}</th><td>${num(m.mean)}</td><td>${num(m.sd)}</td><td>${num(m.p5)}</td><td>${num(m.p50)}</td><td>${num(m.p95)}</td><td>${m.missing}</td></tr>`)
      .join('\n');
    sections.push(`<section id="metrics"><h2>Metrics</h2>
<table><thead><tr><th></th><th>mean</th><th>sd</th><th>5%</th><th>median</th><th>95%</th><th>undefined</th></tr></thead><tbody>${metricRows}</tbody></table></section>`);
  }

  // ----------------------------------------------------------- metric distributions (runs.csv)
  if (input.histograms && input.histograms.length > 0) {
    sections.push(`<section id="distributions"><h2>Distributions</h2>
<p class="note">From runs.csv: share of runs in each bin (runs where the metric is undefined are left out).</p>
${input.histograms.map((m, i) => `<h3>${h(m.label)}</h3><div class="chart" style="height:240px"><canvas id="chart-histogram-${i}" aria-label="${h(`Distribution of ${m.label}`)}"></canvas></div>`).join('\n')}</section>`);
  }

  // ----------------------------------------------------------- sensitivity
  if (sensitivity) {
    const s = sensitivity;
    const varying = s.swings.filter((x) => x.varies);
    const chartHeight = Math.max(160, 50 + Math.min(TORNADO_ROWS, varying.length) * 30);
    const corrCell = (c: { rho: number | null; lo: number | null; hi: number | null }) => {
      if (c.rho === null) return '<td class="na">—</td>';
      const clear = c.lo !== null && c.hi !== null && (c.lo > 0 || c.hi < 0);
      const alpha = Math.min(1, Math.abs(c.rho) * 1.6).toFixed(2);
      const colour = c.rho > 0 ? `rgba(54,110,200,${alpha})` : `rgba(220,110,40,${alpha})`;
      return `<td style="background:${colour}" title="95% interval [${c.lo?.toFixed(2)}, ${c.hi?.toFixed(2)}]">${c.rho < 0 ? '−' : '+'}${Math.abs(c.rho).toFixed(2)}${clear ? '*' : ''}</td>`;
    };
    sections.push(`<section id="sensitivity"><h2>Which parameters matter</h2>
<p class="note">One at a time: each input (parameter, named assumption, preference weight) held at its low, then at its high value on the same ${s.runs.toLocaleString('en-US')} runs (seed ${h(s.seed)}, strategy ${h(s.strategy)}); bars are the mean change (high − low) with its paired 95% interval. Sorted by the size of the swing${varying.length > TORNADO_ROWS ? `; the ${TORNADO_ROWS} largest of ${varying.length} inputs (all are in sensitivity.json)` : ''}.</p>
<h3>${h(s.hostUtility.label)}</h3>
<div class="chart" style="height:${chartHeight}px"><canvas id="chart-tornado-utility" aria-label="Tornado chart of the host's utility"></canvas></div>
${s.outcomes.map((o, i) => `<h3>P(${h(o.label)}) <span class="unit">base ${pct(s.base.outcomes[i]?.p)}, change in percentage points</span></h3><div class="chart" style="height:${chartHeight}px"><canvas id="chart-tornado-${i}" aria-label="${h(`Tornado chart of ${o.label}`)}"></canvas></div>`).join('\n')}
<h3>Rank correlations</h3>
<p class="note">Spearman's ρ between each drawn parameter and the outcome (1 when it happens, 0 otherwise) or the host's utility, over the base batch; * marks a 95% interval that excludes 0.</p>
<table class="heat"><thead><tr><th>parameter</th><th>${h(s.hostUtility.label)}</th>${s.outcomes.map((o) => `<th>${h(o.label)}</th>`).join('')}</tr></thead><tbody>
${s.correlations.map((c) => `<tr><th scope="row" title="${h(c.label)}">${h(c.name)}</th>${corrCell(c.utility)}${c.outcomes.map(corrCell).join('')}</tr>`).join('\n')}
</tbody></table>${judgementSections(s)}</section>`);
  }

  // ----------------------------------------------------------- best policy search (optimize.json)
  if (input.optimize) sections.push(optimizeSection(input.optimize));

  // ----------------------------------------------------------- Pareto
  if (pareto) {
    const f3 = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(3));
    const rows = pareto.tracks
      .map(
        (t) =>
          `<tr><th scope="row">${h(t.label)}</th><td>${t.deals}</td><td>${t.frontierSize}</td><td>${t.onFrontier === null ? '—' : pct(t.onFrontier, 0)}</td><td>${t.mean ? `${f3(t.mean.host)} / ${f3(t.mean.counterpart)}` : '—'}</td><td>${t.nash ? `${f3(t.nash.host)} / ${f3(t.nash.counterpart)}` : '—'}</td><td>${f3(t.distance?.mean)}</td><td>${f3(t.jointGain?.mean)}</td><td>${f3(t.nashDistance?.mean)}</td></tr>`,
      )
      .join('\n');
    const withDeals = pareto.tracks.map((t, i) => ({ t, i })).filter(({ t }) => t.deals > 0);
    sections.push(`<section id="pareto"><h2>How good are the deals?</h2>
<p class="note">Per track, the Pareto frontier of the host's and the counterpart's utility over the terms the track's moves allow (a grid over each issue), the Nash bargaining point (the frontier point maximising the product of both sides' gains over their reservation values, at the mean reservation values of the deals), and the deals of ${pareto.runs.toLocaleString('en-US')} runs (seed ${h(pareto.seed)}, strategy ${h(pareto.strategy)}). Distances are in utility units (0 to 1); the joint gain is what both sides could have gained at once.</p>
<table><thead><tr><th>track</th><th>deals</th><th>frontier points</th><th>on the frontier</th><th>mean deal (host / counterpart)</th><th>Nash point</th><th>distance to frontier</th><th>joint gain</th><th>distance to Nash</th></tr></thead><tbody>
${rows}</tbody></table>
${withDeals.length === 0 ? '<p class="note">No deals were signed in these runs.</p>' : ''}
<div class="grid">${withDeals.map(({ t, i }) => `<figure><figcaption>${h(t.label)}${t.nash ? `<br><span class="unit">Nash terms: ${h(Object.entries(t.nash.terms).map(([k, v]) => `${k}=${v}`).join(', '))}</span>` : ''}</figcaption><div class="chart" style="height:320px"><canvas id="chart-pareto-${i}" aria-label="${h(`Pareto frontier of ${t.label}`)}"></canvas></div></figure>`).join('\n')}</div></section>`);
  }

  // ----------------------------------------------------------- tracks: diagrams and paths
  const trackSections = scenario.tracks.map((track) => {
    const ended = new Map<string, number>();
    for (const s of first.finalStates[track.id] ?? []) {
      // A final state key may name nested states ("active.talks") or parallel regions ("a.x,b.y"): credit each.
      for (const part of s.state.split(',')) ended.set(part.replace(/[()]/g, ''), (ended.get(part.replace(/[()]/g, '')) ?? 0) + s.p);
    }
    const svg = trackDiagramSvg(trackDiagramModel(scenario, track), { ended });
    const paths = first.paths[track.id];
    const pathRows = (paths?.top ?? []).map((p) => `<tr><td>${pct(p.p)}</td><td class="path">${h(p.path)}</td></tr>`).join('\n');
    return `<article class="track"><h3>${h(track.label)} <span class="unit">(${h(track.id)})</span></h3>
${track.description ? `<p class="description">${h(track.description)}</p>` : ''}
<div class="diagram">${svg}</div>
<h4>Most frequent paths${summary.results.length > 1 ? ` (${h(first.label)})` : ''}</h4>
<table class="paths"><tbody>${pathRows}</tbody></table>${paths && paths.distinct > paths.top.length ? `<p class="note">${paths.distinct.toLocaleString('en-US')} distinct paths${paths.truncated ? ' (a sample beyond the first 2,000)' : ''}.</p>` : ''}</article>`;
  });
  sections.push(`<section id="tracks"><h2>Tracks</h2>
<p class="note">Each track's state machine, from its initial state (left). Green: a deal is signed; double border: final. Hover an edge for its guard and the moves that send it. “ends here” is the share of runs that finish in that state${summary.results.length > 1 ? ` (${h(first.label)})` : ''}.</p>
${trackSections.join('\n')}</section>`);

  // ----------------------------------------------------------- sources
  const sources = Object.entries(file.sources ?? {});
  if (sources.length > 0) {
    const items = sources.map(([id, s]) => {
      const src = s as { title?: string; publisher?: string; date?: string; url?: string; note?: string };
      const safeUrl = typeof src.url === 'string' && /^https?:\/\//i.test(src.url) ? src.url : undefined;
      const title = h(src.title ?? id);
      return `<li id="source-${h(id)}"><b>${safeUrl ? `<a href="${h(safeUrl)}" rel="noopener noreferrer nofollow" target="_blank">${title}</a>` : title}</b>${src.publisher ? `, ${h(src.publisher)}` : ''}${src.date ? ` (${h(src.date)})` : ''} <span class="unit">[${h(id)}]</span>${src.note ? `<br><span class="note">${h(src.note)}</span>` : ''}</li>`;
    });
    sections.push(`<section id="sources"><h2>Sources</h2><ol>${items.join('\n')}</ol></section>`);
  }

  const data = chartData(input);
  return `${pageHead(`${file.title} · Parley report`, summary.engineVersion, "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:")}
<body>
<main>
${sections.join('\n')}
<footer>Made by <code>parley report</code> from summary.json${input.histograms ? ', runs.csv' : ''}${sensitivity ? ', sensitivity.json' : ''}${pareto && !sensitivity ? ', pareto.json' : ''}${input.optimize ? ', optimize.json' : ''}. Self-contained: it loads nothing from the network.</footer>
</main>
<script id="report-data" type="application/json">${jsonForScript(data)}</script>
<script>${input.chartLibrary.replace(/\/\/# sourceMappingURL=\S+\s*$/, '').replace(/<\/script/gi, '<\\/script')}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

/**
 * The head of a self-contained report page: nothing may load from anywhere (default-src 'none'),
 * `allow` lists what the page itself needs (inline style, and for the batch report inline script and
 * data: images).
 */
function pageHead(title: string, engineVersion: string, allow: string): string {
  const h = escapeHtml;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; ${allow}; base-uri 'none'; form-action 'none'">
<meta name="generator" content="parley ${h(engineVersion)}">
<title>${h(title)}</title>
<style>${STYLE}</style>
</head>`;
}

/** A self-contained page for an optimize --out folder that has no batch (summary.json) beside it. */
export function optimizeHtmlReport(r: PolicySearchResult): string {
  const h = escapeHtml;
  return `${pageHead(`${r.scenario.title} · Parley optimize report`, r.engineVersion, "style-src 'unsafe-inline'")}
<body>
<main>
<header><h1>${h(r.scenario.title)}</h1>
<p class="meta">${h(r.scenario.file)} (sha256 ${h(r.scenario.hash.slice(0, 12))}…) · engine ${h(r.engineVersion)}</p></header>
${optimizeSection(r)}
<footer>Made by <code>parley report</code> from optimize.json. Self-contained: it loads nothing from the network.</footer>
</main>
</body>
</html>
`;
}

/** What the page's charts draw: plain numbers and labels, read with JSON.parse (never as markup). */
function chartData(input: HtmlReportInput): unknown {
  const { summary, sensitivity, pareto } = input;
  const clock = summary.scenario.clock;
  const maxRound = Math.max(0, ...summary.results.map((r) => r.timeToDeal.histogram.length - 1));
  return {
    arms: summary.results.map((r) => r.label),
    outcomes: {
      labels: summary.results[0]!.outcomes.map((o) => o.label),
      arms: summary.results.map((r) => ({ label: r.label, p: r.outcomes.map((o) => o.p), lo: r.outcomes.map((o) => o.lo), hi: r.outcomes.map((o) => o.hi) })),
    },
    timeToDeal: {
      labels: Array.from({ length: maxRound + 1 }, (_, r) => dateOfRound(clock.start, clock.unit, r)),
      arms: summary.results.map((r) => ({ label: r.label, share: Array.from({ length: maxRound + 1 }, (_, i) => (r.timeToDeal.histogram[i] ?? 0) / Math.max(1, r.runs)) })),
    },
    histograms: (input.histograms ?? []).map((m) => ({
      label: m.label,
      labels: m.edges.slice(0, -1).map((e, i) => `${formatNumber(e)}–${formatNumber(m.edges[i + 1]!)}`),
      arms: m.arms.map((a) => {
        const n = a.counts.reduce((x, y) => x + y, 0);
        return { label: a.label, share: a.counts.map((c) => c / Math.max(1, n)) };
      }),
    })),
    tornado: sensitivity
      ? {
          utility: tornadoData(sensitivity, (s) => s.utility, 1),
          outcomes: sensitivity.outcomes.map((_, i) => tornadoData(sensitivity, (s) => s.outcomes[i]!, 100)),
        }
      : null,
    pareto: pareto
      ? pareto.tracks.map((t) => ({
          label: t.label,
          deals: t.deals,
          frontier: t.frontier.map((p) => ({ x: p.host, y: p.counterpart })),
          points: t.points.map((p) => ({ x: p.host, y: p.counterpart, count: p.count })),
          nash: t.nash ? { x: t.nash.host, y: t.nash.counterpart } : null,
          disagreement: t.disagreement ? { x: t.disagreement.host, y: t.disagreement.counterpart } : null,
        }))
      : null,
  };
}

/** Rows a tornado chart shows at most (the largest swings). */
const TORNADO_ROWS = 25;

/** Morris screening, strategy robustness across the assumption space and the host's weights, and inputs that change nothing. */
function judgementSections(s: SensitivityReport): string {
  const h = escapeHtml;
  const f3 = (x: number | null | undefined) => (x === null || x === undefined ? '—' : Math.abs(x) > 0 && Math.abs(x) < 0.001 ? x.toPrecision(2) : x.toFixed(3));
  const out: string[] = [];
  if (s.morris) {
    const m = s.morris;
    const rows = [...m.inputs].sort((a, b) => (b.metric.muStar ?? 0) - (a.metric.muStar ?? 0)).map((x) => `<tr><th scope="row">${h(x.id)}</th><td>${f3(x.metric.muStar)}</td><td>${f3(x.metric.mu)}</td><td>${f3(x.metric.sigma)}</td><td>${f3(x.metric.noise)}</td><td>${x.metric.clear}/${m.trajectories}</td><td>${pct(Math.max(0, ...x.outcomes.map((o) => o.muStar ?? 0)))}</td><td>${x.none ? 'changes nothing' : x.withinNoise ? 'within noise' : ''}</td></tr>`);
    out.push(`<h3>Screening every judgement at once (Morris)</h3>
<p class="note">${h(s.method.morris ?? '')}. Effects are on ${h(s.metric.label)}; "outcomes" is the largest mu* over the outcome probabilities.</p>
<table><thead><tr><th>input</th><th>mu*</th><th>mu</th><th>sigma</th><th>noise</th><th>clear effects</th><th>outcomes mu*</th><th></th></tr></thead><tbody>
${rows.join('\n')}</tbody></table>`);
  }
  const robustness = (title: string, note: string, r: NonNullable<SensitivityReport['comparison']>) => {
    const ranking = r.ranking.map((x) => `<tr><th scope="row">${h(x.strategy)}</th><td>${pct(x.first, 0)}</td><td>${f3(x.mean)}</td></tr>`).join('');
    const pairs = r.pairs
      .filter((p) => r.strategies.indexOf(p.a) < r.strategies.indexOf(p.b))
      .map((p) => `<tr><th scope="row">${h(p.a)} vs ${h(p.b)}</th><td>${pct(p.pBeats, 0)} [${pct(p.pBeatsLo, 0)}, ${pct(p.pBeatsHi, 0)}]</td><td>${pct(p.clearlyBetter, 0)}</td><td>${pct(p.clearlyWorse, 0)}</td><td>${pct(p.withinNoise, 0)}</td><td>${f3(p.diff.median)} (${f3(p.diff.p5)} … ${f3(p.diff.p95)})</td></tr>`)
      .join('\n');
    return `<h3>${h(title)}</h3><p class="note">${h(note)}</p>
<table><thead><tr><th>strategy</th><th>ranks first</th><th>mean</th></tr></thead><tbody>${ranking}</tbody></table>
<table><thead><tr><th>A vs B</th><th>P(A beats B)</th><th>clearly better</th><th>clearly worse</th><th>within noise</th><th>A − B: median (5% … 95%)</th></tr></thead><tbody>${pairs}</tbody></table>`;
  };
  if (s.comparison) out.push(robustness('Strategies across the assumption space', s.method.comparison ?? '', s.comparison));
  if (s.weightRobustness) out.push(robustness("Strategies across the host's plausible weights", s.method.weights ?? '', s.weightRobustness));
  const notes: string[] = [];
  if (s.inert.none.length > 0) notes.push(`Change nothing at all: ${s.inert.none.map(h).join(', ')}.`);
  if (s.inert.withinNoise.length > 0) notes.push(`No effect beyond Monte Carlo noise on any outcome, the host utility or ${h(s.metric.label)}: ${s.inert.withinNoise.map(h).join(', ')}.`);
  if (notes.length > 0) out.push(`<h3>Inputs that change nothing</h3>${notes.map((n) => `<p class="note">${n}</p>`).join('')}`);
  return out.join('\n');
}

function tornadoData(s: SensitivityReport, pick: (x: SensitivityReport['swings'][number]) => { diff: number | null; lo: number | null; hi: number | null }, scale: number) {
  const rows = s.swings
    .filter((x) => x.varies)
    .map((x) => ({ label: `${x.name} (${formatNumber(x.low)} → ${formatNumber(x.high)})`, diff: (pick(x).diff ?? 0) * scale, lo: (pick(x).lo ?? 0) * scale, hi: (pick(x).hi ?? 0) * scale }))
    .sort((a, b) => Math.abs(b.diff) - Math.abs(a.diff) || a.label.localeCompare(b.label))
    .slice(0, TORNADO_ROWS);
  // The axis spans every whisker and 0, with a little room.
  const lo = Math.min(0, ...rows.map((r) => r.lo));
  const hi = Math.max(0, ...rows.map((r) => r.hi));
  const pad = (hi - lo) * 0.05 || (scale === 100 ? 1 : 0.01);
  return { labels: rows.map((r) => r.label), diff: rows.map((r) => r.diff), lo: rows.map((r) => r.lo), hi: rows.map((r) => r.hi), min: lo - pad, max: hi + pad, unit: scale === 100 ? 'pp' : '' };
}

const STYLE = `
:root { --ink: #1d2330; --muted: #5b6474; --line: #d9dde5; --accent: #366ec8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fafbfc; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 60px; }
h1 { font-size: 1.7em; margin: 0.2em 0 0.3em; }
h2 { font-size: 1.3em; margin: 1.8em 0 0.4em; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 1.05em; margin: 1.2em 0 0.3em; }
h4 { font-size: 0.95em; margin: 0.8em 0 0.2em; color: var(--muted); }
.question { font-size: 1.1em; font-weight: 500; }
.description, .note { color: var(--muted); }
.note { font-size: 0.9em; }
.meta { font-size: 0.85em; color: var(--muted); }
.unit, .ci { color: var(--muted); font-size: 0.85em; font-weight: normal; }
.chart { position: relative; width: 100%; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px; margin: 8px 0 12px; }
table { border-collapse: collapse; margin: 8px 0 14px; font-size: 0.9em; background: #fff; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #f0f2f6; }
td.up { background: #e3f5e6; } td.down { background: #fbe6e3; }
table.heat td { text-align: right; min-width: 4.5em; }
td.path { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9em; }
.diagram { overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 4px; }
.track-diagram text { font: 12px system-ui, sans-serif; fill: #1d2330; }
.track-diagram .edge-label { font-size: 10px; fill: #444; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.track-diagram .state-sub { font-size: 10px; fill: #5b6474; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 12px; }
figure { margin: 0; } figcaption { font-weight: 600; }
footer { margin-top: 40px; font-size: 0.8em; color: var(--muted); }
`;

/** The page's own script: draws the charts from #report-data with Chart.js (labels are drawn on canvas, never parsed as HTML). */
const PAGE_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var palette = ['#366ec8', '#e07b39', '#3a9e5c', '#b8479e', '#8a6d3b', '#4bb3c4', '#c44b4b', '#6b6ecf'];
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.family = 'system-ui, sans-serif';
  var pctTick = function (v) { return (100 * v).toFixed(0) + '%'; };
  // Whiskers for datasets that carry an "intervals" array of [lo, hi] (on the value axis).
  var errorBars = {
    id: 'errorBars',
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      var horizontal = chart.options.indexAxis === 'y';
      var scale = horizontal ? chart.scales.x : chart.scales.y;
      chart.data.datasets.forEach(function (ds, i) {
        if (!ds.intervals) return;
        var meta = chart.getDatasetMeta(i);
        if (meta.hidden) return;
        meta.data.forEach(function (el, j) {
          var iv = ds.intervals[j];
          if (!iv || iv[0] === null || iv[1] === null) return;
          var a = scale.getPixelForValue(iv[0]);
          var b = scale.getPixelForValue(iv[1]);
          var c = horizontal ? el.y : el.x;
          ctx.save();
          ctx.strokeStyle = '#1d2330';
          ctx.lineWidth = 1.4;
          ctx.beginPath();
          if (horizontal) { ctx.moveTo(a, c); ctx.lineTo(b, c); ctx.moveTo(a, c - 4); ctx.lineTo(a, c + 4); ctx.moveTo(b, c - 4); ctx.lineTo(b, c + 4); }
          else { ctx.moveTo(c, a); ctx.lineTo(c, b); ctx.moveTo(c - 4, a); ctx.lineTo(c + 4, a); ctx.moveTo(c - 4, b); ctx.lineTo(c + 4, b); }
          ctx.stroke();
          ctx.restore();
        });
      });
    }
  };
  function make(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) return;
    config.plugins = (config.plugins || []).concat([errorBars]);
    new Chart(canvas, config);
  }

  make('chart-outcomes', {
    type: 'bar',
    data: {
      labels: data.outcomes.labels,
      datasets: data.outcomes.arms.map(function (a, i) {
        return { label: a.label, data: a.p, backgroundColor: palette[i % palette.length] + 'cc', intervals: a.p.map(function (_, j) { return [a.lo[j], a.hi[j]]; }) };
      })
    },
    options: {
      indexAxis: 'y',
      scales: { x: { min: 0, max: 1, ticks: { callback: pctTick } } },
      plugins: {
        legend: { display: data.arms.length > 1 },
        tooltip: { callbacks: { label: function (c) { var iv = c.dataset.intervals[c.dataIndex]; return c.dataset.label + ': ' + (100 * c.raw).toFixed(1) + '% [' + (100 * iv[0]).toFixed(1) + ', ' + (100 * iv[1]).toFixed(1) + ']'; } } }
      }
    }
  });

  make('chart-time-to-deal', {
    type: 'bar',
    data: {
      labels: data.timeToDeal.labels,
      datasets: data.timeToDeal.arms.map(function (a, i) { return { label: a.label, data: a.share, backgroundColor: palette[i % palette.length] + 'cc' }; })
    },
    options: {
      scales: { y: { beginAtZero: true, ticks: { callback: function (v) { return (100 * v).toFixed(1) + '%'; } }, title: { display: true, text: 'share of runs' } } },
      plugins: { legend: { display: data.arms.length > 1 } }
    }
  });

  data.histograms.forEach(function (m, k) {
    make('chart-histogram-' + k, {
      type: 'bar',
      data: { labels: m.labels, datasets: m.arms.map(function (a, i) { return { label: a.label, data: a.share, backgroundColor: palette[i % palette.length] + 'cc' }; }) },
      options: { scales: { y: { beginAtZero: true, ticks: { callback: function (v) { return (100 * v).toFixed(0) + '%'; } } } }, plugins: { legend: { display: m.arms.length > 1 } } }
    });
  });

  function tornado(id, t) {
    make(id, {
      type: 'bar',
      data: {
        labels: t.labels,
        datasets: [{
          label: 'high − low',
          data: t.diff,
          backgroundColor: t.diff.map(function (d) { return d >= 0 ? '#366ec8cc' : '#e07b39cc'; }),
          intervals: t.diff.map(function (_, j) { return [t.lo[j], t.hi[j]]; })
        }]
      },
      options: {
        indexAxis: 'y',
        scales: { x: { suggestedMin: t.min, suggestedMax: t.max, title: { display: true, text: 'change from low to high' + (t.unit ? ' (' + t.unit + ')' : '') } } },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (c) { return c.raw.toFixed(t.unit ? 1 : 4) + (t.unit ? ' pp' : '') + ' [' + t.lo[c.dataIndex].toFixed(t.unit ? 1 : 4) + ', ' + t.hi[c.dataIndex].toFixed(t.unit ? 1 : 4) + ']'; } } }
        }
      }
    });
  }
  if (data.tornado) {
    tornado('chart-tornado-utility', data.tornado.utility);
    data.tornado.outcomes.forEach(function (t, i) { tornado('chart-tornado-' + i, t); });
  }

  if (data.pareto) {
    data.pareto.forEach(function (t, i) {
      if (!t.deals) return;
      var maxCount = Math.max.apply(null, t.points.map(function (p) { return p.count; }).concat([1]));
      var datasets = [
        { type: 'line', label: 'Pareto frontier', data: t.frontier, borderColor: '#1d2330', borderWidth: 1.5, pointRadius: 0, showLine: true, stepped: false },
        { type: 'bubble', label: 'deals', data: t.points.map(function (p) { return { x: p.x, y: p.y, r: 3 + 12 * Math.sqrt(p.count / maxCount), count: p.count }; }), backgroundColor: '#366ec866', borderColor: '#366ec8' }
      ];
      if (t.nash) datasets.push({ type: 'scatter', label: 'Nash point', data: [t.nash], pointStyle: 'star', pointRadius: 12, borderColor: '#c44b4b', backgroundColor: '#c44b4b', borderWidth: 2 });
      if (t.disagreement) datasets.push({ type: 'scatter', label: 'reservation values', data: [t.disagreement], pointStyle: 'crossRot', pointRadius: 9, borderColor: '#5b6474', borderWidth: 2 });
      make('chart-pareto-' + i, {
        type: 'scatter',
        data: { datasets: datasets },
        options: {
          scales: {
            x: { min: 0, max: 1, title: { display: true, text: 'host utility' } },
            y: { min: 0, max: 1, title: { display: true, text: 'counterpart utility' } }
          },
          plugins: { tooltip: { callbacks: { label: function (c) { var p = c.raw; return c.dataset.label + ': ' + p.x.toFixed(3) + ' / ' + p.y.toFixed(3) + (p.count ? ' (' + p.count + ' deals)' : ''); } } } }
        }
      });
    });
  }
})();
`;
