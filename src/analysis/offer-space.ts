import type { CompiledScenario, CompiledTrack } from '../scenario/compiled-scenario.js';

/** The values an issue can take in a track's deals, as the Pareto analysis grids them. */
export interface IssueDomain {
  readonly issue: string;
  readonly values: readonly (number | string)[];
}

/** Most grid points per number issue (a finer `step` is coarsened to this many intervals). */
export const MAX_GRID_POINTS = 101;

/**
 * The space of terms a track's deals can have, per issue that the host or the track's counterpart
 * cares about:
 * - an issue the track's moves offer: the union of their ranges (number issues in the move's or the
 *   issue's `step`, else 20 intervals; enum issues the values offered);
 * - an issue a response sets by a counter-offer: the issue's whole declared domain (the expression may
 *   give any value in it);
 * - otherwise the value in the track's initial terms (the deal cannot change it), or the declared
 *   domain when the track starts without one.
 *
 * @example offerSpace(scenario, track) // [{ issue: 'price', values: [480, 490, ..., 560] }, { issue: 'maintenance', values: ['none', 'fiveYear'] }]
 */
export function offerSpace(scenario: CompiledScenario, track: CompiledTrack): IssueDomain[] {
  const counterpart = scenario.parties.find((p) => p.id === track.counterpart)!;
  const cared = new Set([...scenario.host.preferences, ...counterpart.preferences].map((p) => p.issue));
  const out: IssueDomain[] = [];
  for (const [issue, decl] of Object.entries(scenario.file.issues)) {
    if (!cared.has(issue)) continue;
    const offers = track.moves.flatMap((m) => m.offer).filter((o) => o.issue === issue);
    const countered = track.moves.some((m) => m.responses.some((r) => Array.isArray(r.terms) && (r.terms as readonly { issue: string }[]).some((t) => t.issue === issue)));
    const initial = track.initialTerms[issue];
    if (decl.type === 'number') {
      let lo = decl.min;
      let hi = decl.max;
      let step = decl.step;
      if (offers.length > 0 && !countered) {
        lo = Math.min(...offers.map((o) => o.min));
        hi = Math.max(...offers.map((o) => o.max));
        step = offers.find((o) => o.step !== undefined)?.step ?? decl.step;
      } else if (offers.length === 0 && !countered && typeof initial === 'number') {
        out.push({ issue, values: [initial] });
        continue;
      }
      out.push({ issue, values: numberGrid(lo, hi, step) });
    } else {
      let values: readonly string[] = decl.values;
      if (offers.length > 0 && !countered) values = decl.values.filter((v) => offers.some((o) => o.values.includes(v)));
      else if (offers.length === 0 && !countered && typeof initial === 'string') values = [initial];
      out.push({ issue, values });
    }
  }
  return out;
}

/** lo, lo + step, ..., hi (hi always included); at most MAX_GRID_POINTS points. */
export function numberGrid(lo: number, hi: number, step: number | undefined): number[] {
  if (!(hi > lo)) return [lo];
  let n = step !== undefined && step > 0 ? Math.ceil((hi - lo) / step - 1e-9) : 20;
  let h = step !== undefined && step > 0 ? step : (hi - lo) / n;
  if (n + 1 > MAX_GRID_POINTS) {
    n = MAX_GRID_POINTS - 1;
    h = (hi - lo) / n;
  }
  const values: number[] = [];
  for (let i = 0; i < n; i++) values.push(roundGrid(lo + i * h));
  values.push(hi);
  return values;
}

/** Removes floating-point noise from grid values (0.30000000000000004 -> 0.3). */
function roundGrid(x: number): number {
  return Number(x.toPrecision(12));
}
