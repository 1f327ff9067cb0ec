import type { MoveChoice, Simulation } from '../engine/simulation.js';
import { formatTerms } from './format-value.js';

export interface ResponseOutlook {
  readonly label: string;
  readonly p: number;
  /** What the response does: the event it sends its track, terms, news. */
  readonly detail: string;
}

/** Why a move's responses are as likely as they are, now: the offer's value to each side against their BATNAs. */
export interface MoveExplanation {
  readonly track: string;
  readonly counterpart: string;
  readonly label: string;
  readonly description?: string;
  readonly onTable: string;
  /** The offer the move makes (moves with offers only). */
  readonly offer?: string;
  readonly value: { readonly host: number; readonly counterpart: number };
  readonly batna: { readonly host: number; readonly counterpart: number };
  readonly responses: readonly ResponseOutlook[];
}

export function explainMove(sim: Simulation, choice: MoveChoice): MoveExplanation {
  const { move } = choice;
  const track = sim.scenario.tracks[move.track]!;
  const view = sim.trackView(move.track);
  const counterpart = sim.scenario.parties.find((p) => p.id === track.counterpart)?.label ?? track.counterpart;
  const valued = sim.valueOfOffer(choice);
  const probabilities = sim.responseProbabilities(choice);
  const offerIssues = move.offer.map((o) => o.issue);
  return {
    track: track.label,
    counterpart,
    label: move.label,
    description: move.description,
    onTable: formatTerms(view.terms),
    offer: offerIssues.length > 0 ? formatTerms(Object.fromEntries(offerIssues.map((i) => [i, valued.offer[i]]))) : undefined,
    value: { host: valued.host, counterpart: valued.counterpart },
    batna: sim.batna(move.track),
    responses: move.responses.map((r, i) => ({
      label: r.label,
      p: probabilities[i]?.p ?? 0,
      detail: [r.event && `→ ${r.event}`, r.terms === 'offer' ? 'terms = your offer' : r.terms ? 'changes the terms' : undefined, r.news]
        .filter(Boolean)
        .join(' · '),
    })),
  };
}
