import type { LintRule } from '../lint-rule.js';
import { offerGrid } from '../../engine/negotiator.js';
import { utility } from '../../engine/run-scope.js';

/**
 * W_NEGOTIATOR_OUT_OF_REACH: a negotiating counterpart whose reservation value is above every offer
 * the move can make, even with every other issue at the counterpart's best: it can never accept, and
 * every decision response but "counter" is dead. Checked for reservations written as numbers (an
 * expression's value is known only in a run: `parley lint`'s sampled W_DEAL_BELOW_RESERVATION and
 * the trace cover those).
 */
export const negotiatorOutOfReach: LintRule = {
  code: 'W_NEGOTIATOR_OUT_OF_REACH',
  summary: "a negotiator whose reservation is above every offer a move can make (it can never accept)",
  sampled: false,
  check(ctx) {
    const { scenario } = ctx;
    const out = [];
    for (const track of scenario.tracks) {
      if (track.negotiator === undefined) continue;
      const counterpart = scenario.parties.find((p) => p.id === track.counterpart)!;
      if (!('literal' in counterpart.reservation)) continue;
      const reservation = counterpart.reservation.literal;
      // Every issue at the counterpart's best; the offered ones then range over the grid.
      const best: Record<string, number | string> = {};
      for (const [issue, decl] of Object.entries(scenario.file.issues)) {
        const pref = counterpart.preferences.find((p) => p.issue === issue);
        if (decl.type === 'number') best[issue] = pref?.best ?? decl.min;
        else best[issue] = pref?.values ? [...pref.values].sort((a, b) => b[1] - a[1])[0]![0] : decl.values[0]!;
      }
      for (const move of track.moves) {
        if (!move.responses.some((r) => r.decision !== undefined) || move.offer.length === 0) continue;
        let top = -Infinity;
        for (const values of offerGrid(move)) {
          const terms = { ...best };
          move.offer.forEach((spec, k) => (terms[spec.issue] = values[k]!));
          top = Math.max(top, utility(counterpart, terms));
        }
        if (top < reservation - 1e-9) {
          out.push(
            ctx.warning(
              'W_NEGOTIATOR_OUT_OF_REACH',
              ['tracks', track.id, 'moves', move.name, 'offer'],
              `no offer move '${move.name}' can make is worth the counterpart's reservation ${reservation} to it (the best is worth ${top.toFixed(3)}): its negotiator can never accept`,
              `widen the offered issues' ranges (or offer more issues), or lower party '${counterpart.id}''s reservation`,
            ),
          );
        }
      }
    }
    return out;
  },
};
