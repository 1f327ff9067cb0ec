import type { PolicySearchResult } from '../analysis/policy-search.js';
import { escapeHtml as h } from './escape-html.js';
import { knobSettings, optimizeDiff, optimizeValue, worstLoss } from './format-optimize.js';

/**
 * The `parley optimize` result (optimize.json) as an HTML section: the leaderboard of the top
 * policies (knob values, objective, paired interval against the best named strategy), the named
 * strategies on the same runs, the confirmation on fresh runs, which knobs matter, and the winning
 * strategy block. Every string from the file is escaped.
 */
export function optimizeSection(r: PolicySearchResult): string {
  const int = (x: number) => x.toLocaleString('en-US');
  const better = r.objective.direction === 'maximize' ? 'higher' : 'lower';
  const c = r.confirmation;
  const knobs = r.knobs.map((k) => k.name);
  const rows = r.top
    .map(
      (p, i) =>
        `<tr><td>${i + 1}</td>${knobs.map((k) => `<td>${h(String(p.knobs[k] ?? ''))}</td>`).join('')}<td class="num">${h(optimizeValue(r, p.objective))}</td><td class="num">${h(optimizeDiff(r, p.vsBestNamed))}</td><td>${p.origin === 'default' ? 'the defaults' : h(p.origin)}</td></tr>`,
    )
    .join('\n');
  const named = r.named
    .map((n) => `<tr><td>${h(n.strategy)}${n.strategy === r.bestNamed.strategy ? ' <b>(best)</b>' : ''}</td><td>${h(n.label)}</td><td class="num">${h(optimizeValue(r, n.objective))}</td></tr>`)
    .join('\n');
  const effects = [...r.knobEffects]
    .sort((a, b) => Number(b.matters) - Number(a.matters) || worstLoss(r, b) - worstLoss(r, a))
    .map(
      (e) =>
        `<tr><td>${h(e.knob)}</td><td>${h(e.label)}</td><td>${e.matters ? '<b>matters</b>' : e.local.length > 0 ? 'within noise' : 'not measured'}</td><td>${e.local.length > 0 ? e.local.map((x) => `${h(String(x.value))}: ${h(optimizeDiff(r, x.diff))}`).join('<br>') : 'neighbours not played (budget)'}</td><td>${h(e.design.bestLevels)}</td></tr>`,
    )
    .join('\n');
  const verdict = c.beatsBestNamed
    ? `The winner beats ${h(r.bestNamed.strategy)} on fresh runs: the paired interval excludes zero.`
    : `No candidate is shown to beat ${h(r.bestNamed.strategy)}: on fresh runs the paired interval does not exclude zero.`;
  const tie =
    r.tiedOn !== undefined
      ? `<p class="note">The winner and the runner-up play alike on every run (they differ only in ${h(r.tiedOn.join(', '))}, which changes nothing there): either is the best policy.</p>`
      : r.withinNoise
        ? `<p class="note">The winner's margin over the runner-up is within noise (${h(optimizeDiff(r, r.winnerVsRunnerUp))}): treat the top policies as equals, or search again with a larger budget.</p>`
        : '';
  return `<section id="optimize"><h2>Best policy search: ${h(r.strategy)}</h2>
<p class="meta">objective ${h(r.objective.text)} (${h(r.objective.label)}, ${better} is better) · seed ${h(r.seed)} · ${int(r.candidates)} candidates of ${int(r.space)} on the knob grid · ${int(r.budget.used)} of ${int(r.budget.runs)} runs · race ${h(r.rungs.map((g) => `${g.candidates}×${int(g.runs)}`).join(' → '))}</p>
<h3>Top policies</h3>
<p class="note">Judged on runs 0..${int(r.finalRuns - 1)}, the same runs for every policy; the difference is policy − ${h(r.bestNamed.strategy)} (the best named strategy) with its paired 95% interval.</p>
<table><thead><tr><th>#</th>${knobs.map((k) => `<th>${h(k)}</th>`).join('')}<th>objective</th><th>vs ${h(r.bestNamed.strategy)}</th><th>found by</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h3>Confirmation on fresh runs</h3>
<p>${int(c.runs)} runs of seed ${h(c.seed)}: winner ${h(optimizeValue(r, c.winner))}, ${h(r.bestNamed.strategy)} ${h(optimizeValue(r, c.bestNamed))}; winner − ${h(r.bestNamed.strategy)}: <b>${h(optimizeDiff(r, c.vsBestNamed))}</b>${c.vsRunnerUp ? `; winner − runner-up: ${h(optimizeDiff(r, c.vsRunnerUp))}` : ''}.</p>
<p><b>${verdict}</b></p>
${tie}
<h3>Named strategies (at their defaults, same runs)</h3>
<table><thead><tr><th>strategy</th><th></th><th>objective</th></tr></thead><tbody>
${named}
</tbody></table>
<h3>Which knobs matter</h3>
<p class="note">At the winner, each knob moved one step alone on the same runs (paired 95% intervals); a knob matters when some move makes the objective worse with an interval that excludes zero. The last column is the knob's best level group across the initial design (${int(r.design.candidates)} candidates × ${int(r.design.runs)} runs).</p>
<table><thead><tr><th>knob</th><th></th><th></th><th>one step from the winner</th><th>best across the design</th></tr></thead><tbody>
${effects}
</tbody></table>
<h3>The best policy, as a strategy to paste into "strategies"</h3>
<pre>${h(JSON.stringify(r.policy, null, 2))}</pre>
</section>`;
}
