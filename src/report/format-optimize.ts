import type { PolicySearchResult } from '../analysis/policy-search.js';
import type { PairedDifference } from '../analysis/optimize-objective.js';
import type { KnobAssignment } from '../scenario/compiled-scenario.js';
import { formatNumber } from './format-batch-summary.js';

/** Probabilities show as percentages, differences of them in percentage points. */
function scaleOf(r: PolicySearchResult): { scale: number; unit: string } {
  return r.objective.text.startsWith('p:') ? { scale: 100, unit: ' pp' } : { scale: 1, unit: '' };
}

export function optimizeValue(r: PolicySearchResult, x: number): string {
  if (Number.isNaN(x)) return '—';
  return r.objective.text.startsWith('p:') ? `${(x * 100).toFixed(1)}%` : formatNumber(x);
}

function signed(x: number, scale: number): string {
  if (Number.isNaN(x)) return '—';
  const v = x * scale;
  const text = scale === 100 ? Math.abs(v).toFixed(1) : formatNumber(Math.abs(v));
  return `${v < 0 && Number(text) !== 0 ? '−' : '+'}${text}`;
}

export function optimizeDiff(r: PolicySearchResult, d: PairedDifference | undefined): string {
  if (d === undefined) return '—';
  const { scale, unit } = scaleOf(r);
  return `${signed(d.mean, scale)} [${signed(d.lo, scale)}, ${signed(d.hi, scale)}]${unit}`;
}

/** The largest loss (oriented) among a knob's one-step moves, for ordering. */
export function worstLoss(r: PolicySearchResult, e: PolicySearchResult['knobEffects'][number]): number {
  const sign = r.objective.direction === 'maximize' ? -1 : 1;
  return Math.max(0, ...e.local.map((x) => sign * x.diff.mean).filter((x) => !Number.isNaN(x)));
}

export function knobSettings(knobs: KnobAssignment): string {
  return Object.entries(knobs)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

/**
 * The terminal report of `parley optimize`: the top policies with paired 95% intervals against the
 * best named strategy, the knobs that matter, the budget, the confirmation on fresh runs, a warning
 * when the winner's margin is within noise, and the winner as a strategy block to paste.
 */
export function formatOptimize(r: PolicySearchResult): string {
  const int = (x: number) => x.toLocaleString('en-US');
  const better = r.objective.direction === 'maximize' ? 'higher' : 'lower';
  const lines: string[] = [];
  lines.push(`${r.scenario.title}`);
  lines.push(`optimize ${r.strategy} · objective ${r.objective.text} (${r.objective.label}, ${better} is better) · seed ${r.seed}`);
  lines.push(
    `${int(r.candidates)} candidates of ${int(r.space)} on the knob grid · ${int(r.budget.used)} of ${int(r.budget.runs)} runs · race ${r.rungs.map((g) => `${g.candidates}×${int(g.runs)}`).join(' → ')}${r.refinementSteps > 0 ? ` · ${r.refinementSteps} refinement step${r.refinementSteps === 1 ? '' : 's'}` : ''}`,
  );
  lines.push('');
  lines.push(`Top policies (runs 0..${int(r.finalRuns - 1)}, the same runs for all; vs ${r.bestNamed.strategy}, the best named strategy: paired 95% intervals)`);
  r.top.forEach((p, i) => {
    lines.push(`  ${String(i + 1).padStart(2)}. ${optimizeValue(r, p.objective).padStart(9)}  ${optimizeDiff(r, p.vsBestNamed).padEnd(34)} ${knobSettings(p.knobs)}${p.origin === 'default' ? '  (the defaults)' : ''}`);
  });
  lines.push('');
  lines.push('Named strategies (at their defaults, same runs)');
  for (const n of r.named) lines.push(`  ${optimizeValue(r, n.objective).padStart(9)}  ${n.strategy}${n.strategy === r.bestNamed.strategy ? '  (best)' : ''}`);
  lines.push('');
  const localRuns = Math.min(r.finalRuns, ...r.knobEffects.flatMap((e) => e.local.map((x) => x.diff.runs)));
  lines.push(`Which knobs matter: at the winner, each knob moved one step alone (paired 95% intervals on the same runs${localRuns < r.finalRuns ? `: the first ${int(localRuns)}, all the budget allowed` : ''})`);
  const effects = [...r.knobEffects].sort((a, b) => Number(b.matters) - Number(a.matters) || worstLoss(r, b) - worstLoss(r, a));
  for (const e of effects) {
    const moves = e.local.length > 0 ? e.local.map((x) => `${x.value}: ${optimizeDiff(r, x.diff)}`).join('; ') : 'neighbours not played (budget)';
    lines.push(`  ${e.knob.padEnd(16)} ${(e.matters ? 'matters' : e.local.length > 0 ? 'within noise' : 'not measured').padEnd(13)} ${moves}`);
  }
  lines.push(`  Across the initial design (${r.design.candidates} candidates × ${int(r.design.runs)} runs; other knobs vary too): spread of the mean objective over each knob's levels`);
  for (const e of effects) {
    const { scale, unit } = scaleOf(r);
    const f = (x: number) => (scale === 100 ? `${(x * 100).toFixed(1)}${unit}` : formatNumber(x));
    lines.push(`  ${e.knob.padEnd(16)} ${f(e.design.spread).padStart(9)} [${f(e.design.lo)}, ${f(e.design.hi)}]  best at ${e.design.bestLevels}`);
  }
  lines.push('');
  const c = r.confirmation;
  lines.push(`Confirmation on ${int(c.runs)} fresh runs (seed ${c.seed}): winner ${optimizeValue(r, c.winner)}, ${r.bestNamed.strategy} ${optimizeValue(r, c.bestNamed)}`);
  lines.push(`  winner − ${r.bestNamed.strategy}: ${optimizeDiff(r, c.vsBestNamed)}${c.vsRunnerUp ? `; winner − runner-up: ${optimizeDiff(r, c.vsRunnerUp)}` : ''}`);
  if (c.beatsBestNamed) lines.push(`  The winner beats ${r.bestNamed.strategy} on fresh runs: the paired interval excludes zero.`);
  else lines.push(`  No candidate is shown to beat ${r.bestNamed.strategy}: on fresh runs the paired interval does not exclude zero.`);
  if (r.tiedOn !== undefined) {
    lines.push(`  The winner and the runner-up play alike on every run (they differ only in ${r.tiedOn.join(', ')}, which changes nothing there): either is the best policy.`);
  } else if (r.withinNoise) {
    lines.push(`  Warning: the winner's margin over the runner-up is within noise (${optimizeDiff(r, r.winnerVsRunnerUp)}); treat the top policies as equals, or search again with a larger --budget-runs.`);
  }
  lines.push('');
  lines.push('Best policy, as a strategy to paste into "strategies":');
  lines.push(JSON.stringify(r.policy, null, 2));
  return lines.join('\n');
}
