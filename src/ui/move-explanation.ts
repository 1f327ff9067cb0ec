import type { MoveChoice } from '../engine/simulation.js';
import { namesRead } from '../lint/scenario-expressions.js';
import { formatTerms } from './format-value.js';
import { outlookAfterPlan, type SpreadValue } from './outlook-after-plan.js';
import type { PlaySession } from './play-session.js';

export interface ResponseOutlook {
  readonly label: string;
  readonly p: number;
  /** What the response does: the event it sends its track, terms, news. */
  readonly detail: string;
}

/**
 * Why a move's responses are as likely as they are: the offer's value to each side against their
 * BATNAs. With moves already planned this round, everything is as the move will find it after them
 * (exact over their responses), and the move may lapse.
 */
export interface MoveExplanation {
  readonly track: string;
  readonly counterpart: string;
  readonly label: string;
  readonly description?: string;
  readonly onTable: string;
  /** The offer the move makes (moves with offers only). */
  readonly offer?: string;
  readonly value: { readonly host: SpreadValue; readonly counterpart: SpreadValue };
  readonly batna: { readonly host: SpreadValue; readonly counterpart: SpreadValue };
  /**
   * Whether the counterpart's reservation depends on a parameter drawn each run: then its value in
   * this game is the model's hidden draw, which a real negotiator would not know, and is not shown.
   */
  readonly counterpartBatnaHidden: boolean;
  /** The move's responses, then "no longer possible" and "nothing happens" when they can happen. */
  readonly responses: readonly ResponseOutlook[];
  /** How many moves are planned before this one this round. */
  readonly after: number;
}

/** Row labels for the outcomes that are not responses. */
const LAPSES = 'no longer possible';
const NOTHING_HAPPENS = 'nothing happens';

/** Explains `choice` made at the session's decision point after the moves in `plan` (this round's, in order). */
export function explainMove(session: PlaySession, choice: MoveChoice, plan: readonly MoveChoice[] = []): MoveExplanation {
  const { sim, scenario } = session;
  const { move } = choice;
  const track = scenario.tracks[move.track]!;
  const view = sim.trackView(move.track);
  const counterpart = scenario.parties.find((p) => p.id === track.counterpart)?.label ?? track.counterpart;
  const valued = sim.valueOfOffer(choice);
  const outlook = outlookAfterPlan(
    { scenario, memos: session.memos, seed: session.options.seed, run: session.options.run, snapshot: session.history[session.history.length - 1]! },
    plan,
    choice,
  );
  const offerIssues = move.offer.map((o) => o.issue);
  // If the move lapses in every branch, there is no position to read values at: show them as now.
  const now = sim.batna(move.track);
  const fixed = (v: number): SpreadValue => ({ mean: v, min: v, max: v });
  const responses: ResponseOutlook[] = move.responses.map((r, i) => ({
    label: r.label,
    p: outlook.responses[i]?.p ?? 0,
    detail: [
      r.decision === 'accept' ? 'if they accept' : r.decision === 'counter' ? 'if they counter' : undefined,
      r.event && `→ ${r.event}`,
      r.terms === 'offer' ? 'terms = your offer' : r.terms === 'counter' ? 'terms = their counter-offer' : r.terms ? 'changes the terms' : undefined,
      r.news,
    ]
      .filter(Boolean)
      .join(' · '),
  }));
  if (outlook.lapse > 0) responses.push({ label: LAPSES, p: outlook.lapse, detail: 'a planned move’s response closes it first; nothing is drawn' });
  if (outlook.nothing > 1e-9) responses.push({ label: NOTHING_HAPPENS, p: outlook.nothing, detail: 'no response is drawn' });
  const made = !Number.isNaN(outlook.batna.host.mean);
  return {
    track: track.label,
    counterpart,
    label: move.label,
    description: move.description,
    onTable: formatTerms(view.terms),
    offer: offerIssues.length > 0 ? formatTerms(Object.fromEntries(offerIssues.map((i) => [i, valued.offer[i]]))) : undefined,
    value: made ? outlook.value : { host: fixed(valued.host), counterpart: fixed(valued.counterpart) },
    batna: made ? outlook.batna : { host: fixed(now.host), counterpart: fixed(now.counterpart) },
    counterpartBatnaHidden: readsDrawnParameter(scenario, track.counterpart),
    responses,
    after: plan.length,
  };
}

/** Whether a party's reservation reads a parameter drawn each run (not a fixed named assumption). */
function readsDrawnParameter(scenario: PlaySession['scenario'], party: string): boolean {
  const reservation = scenario.parties.find((p) => p.id === party)?.reservation;
  if (reservation === undefined || 'literal' in reservation) return false;
  const drawn = new Set(scenario.parameters.filter((p) => p.dist.type !== 'fixed').map((p) => p.name));
  return [...namesRead(reservation.expr.source, 'param')].some((name) => drawn.has(name));
}
