import type { CompiledMove } from '../scenario/compiled-scenario.js';
import type { MoveChoice } from '../engine/simulation.js';
import type { AdvisorOption } from './advisor-rollouts.js';
import { defaultOffer, type OfferValues } from './offer-editing.js';
import { loggedRound, type LoggedRound } from './play-session.js';

export interface AdvisorOptionsInput {
  /** The moves available at the decision point. */
  readonly moves: readonly CompiledMove[];
  /** The moves already planned this round, in order: every option plays them first. */
  readonly plan: readonly MoveChoice[];
  readonly trackLabels: readonly string[];
  /** The offers the player set in the offer editor, by move id (kept from round to round). */
  readonly offers: ReadonlyMap<string, OfferValues>;
  /** Each move's default offer in the position (defaults that are expressions evaluated now), by move id. */
  readonly defaults?: ReadonlyMap<string, OfferValues>;
}

/**
 * What the advisor compares: each move that can still be added this round, with its default offer
 * and, where the player edited its offer, with the player's offer too; then ending the round with
 * only the planned moves. E.g. with the incumbent's offer edited to maintenance in house:
 * "Incumbent: Make an offer" (default offer), the same (your offer), "Newcomer: Shortlist", "wait".
 */
export function advisorOptions({ moves, plan, trackLabels, offers, defaults }: AdvisorOptionsInput): AdvisorOption[] {
  const base = loggedRound(plan);
  const planned = new Set(plan.map((c) => c.move.track));
  const options: AdvisorOption[] = [];
  for (const m of moves) {
    if (planned.has(m.track)) continue;
    const label = `${trackLabels[m.track]}: ${m.label}`;
    const edited = m.offer.length > 0 ? offers.get(m.id) : undefined;
    const byDefault = defaultOffer(m, defaults);
    if (edited === undefined || sameOffer(m, edited, byDefault)) {
      options.push({ label, move: m.id, choices: [...base, { move: m.id }] });
      continue;
    }
    const offer = Object.fromEntries(m.offer.map((o) => [o.issue, edited[o.issue] ?? byDefault[o.issue]!]));
    options.push({ label, move: m.id, variant: 'default offer', choices: [...base, { move: m.id }] });
    options.push({ label, move: m.id, variant: 'your offer', offer, choices: [...base, { move: m.id, offer }] });
  }
  options.push({ label: plan.length > 0 ? 'end the round with the planned moves' : 'wait (no move this round)', choices: base });
  return options;
}

function sameOffer(move: CompiledMove, a: OfferValues, b: OfferValues): boolean {
  return move.offer.every((o) => (a[o.issue] ?? b[o.issue]) === b[o.issue]);
}
