import type { CompiledMove } from '../scenario/compiled-scenario.js';
import { dateOfRound } from '../scenario/calendar.js';
import type { PlaySession } from './play-session.js';
import { formatTerms } from './format-value.js';
import type { OfferValues } from './offer-editing.js';
import type { UndoChoice } from './UndoPanel.js';
import { newsFeed, type NewsLine } from './news-feed.js';
import { stateLabel } from './state-label.js';
import { worldIndicators, type WorldIndicator } from './world-indicators.js';

/** A move not possible now, and what it needs. */
export interface LockedMove {
  readonly move: CompiledMove;
  readonly needs: string;
}

export interface TrackSummary {
  readonly index: number;
  readonly id: string;
  readonly label: string;
  readonly counterpart: string;
  /** The state as the screen names it: its `meta.label` from the file, else its id path ("active.mou"). */
  readonly state: string;
  readonly stage: number;
  readonly maxStage: number;
  readonly stance: string | undefined;
  readonly terms: Readonly<Record<string, number | string>>;
  readonly termsText: string;
  /** The host's utility of the terms on the table. */
  readonly hostValue: number;
  /** The terms on the table are the counterpart's offer, unanswered (an event's offer, or a counter-offer). */
  readonly received: boolean;
  readonly done: boolean;
  readonly deal: boolean;
}

/** Everything the game screen shows about the position, read once per change of position. */
export interface GameView {
  /** 0-based round of the decision (or of the end). */
  readonly round: number;
  readonly date: string;
  readonly horizon: number;
  readonly tracks: readonly TrackSummary[];
  readonly indicators: readonly WorldIndicator[];
  readonly news: readonly NewsLine[];
  readonly moves: readonly CompiledMove[];
  /**
   * The default offer of each available move that makes one, by move id, in this position: a default
   * written as an expression (e.g. "world.lithiumPrice * 40.0") has its value now, clamped to the
   * move's bounds. The offer editor starts from it.
   */
  readonly defaultOffers: ReadonlyMap<string, OfferValues>;
  /** Moves on the tracks' current states that their condition locks now (shown greyed, not choosable). */
  readonly locked: readonly LockedMove[];
  readonly done: boolean;
  /** The rounds the player can go back to, one per logged round, oldest first. */
  readonly undo: readonly UndoChoice[];
}

/** Reads the session's position into plain data for the components. */
export function buildGameView(session: PlaySession, maxStages: readonly number[]): GameView {
  const { sim, scenario } = session;
  const { clock } = scenario.file;
  const history = session.history;
  const previous = session.done ? history[history.length - 1] : history[history.length - 2];
  const tracks = scenario.tracks.map((t, i): TrackSummary => {
    const view = sim.trackView(i);
    const counterpart = scenario.parties.find((p) => p.id === t.counterpart);
    return {
      index: i,
      id: t.id,
      label: t.label,
      counterpart: counterpart?.label ?? t.counterpart,
      state: stateLabel(scenario.file.tracks[t.id]!.machine as Parameters<typeof stateLabel>[0], view.state),
      stage: view.stage,
      maxStage: maxStages[i] ?? 0,
      stance: view.done ? undefined : sim.stance(i),
      terms: { ...view.terms },
      termsText: formatTerms(view.terms),
      hostValue: view.utility,
      received: view.received,
      done: view.done,
      deal: view.deal,
    };
  });
  const round = session.done ? Math.max(0, sim.round - 1) : sim.round;
  const moves = session.done ? [] : sim.availableMoves();
  const defaultOffers = new Map<string, OfferValues>();
  for (const m of moves) if (m.offer.length > 0) defaultOffers.set(m.id, sim.defaultOffer(m));
  return {
    round,
    date: dateOfRound(clock.start, clock.unit, round),
    horizon: clock.horizon,
    tracks,
    indicators: worldIndicators(scenario, sim.world, previous?.world),
    news: newsFeed(scenario, sim.trace ?? [], session.feedStart),
    moves,
    defaultOffers,
    locked: session.done ? [] : lockedMoves(session),
    done: session.done,
    undo: undoChoices(session),
  };
}

/** Each logged round's decision point, labelled with its date and the moves the player made from it. */
function undoChoices(session: PlaySession): UndoChoice[] {
  const { scenario } = session;
  const { clock } = scenario.file;
  const moveName = (id: string) => {
    const move = scenario.moves.get(id);
    return move ? `${scenario.tracks[move.track]!.label}: ${move.label}` : id;
  };
  return session.log.map((round, k) => {
    const snap = session.history[k]!;
    return {
      label: `Round ${snap.round + 1} · ${dateOfRound(clock.start, clock.unit, snap.round)}`,
      detail: `— you then: ${round.length === 0 ? 'waited' : round.map((m) => `${moveName(m.move)}${m.offer ? ` (${formatTerms(m.offer)})` : ''}`).join(' + ')}`,
    };
  });
}

/**
 * Moves whose track is in one of their states but whose condition does not hold now: what each
 * needs, in the author's words (the move's description) or else as its condition.
 */
function lockedMoves({ sim, scenario }: PlaySession): LockedMove[] {
  const out: LockedMove[] = [];
  for (const track of scenario.tracks) {
    for (const move of track.moves) {
      if (move.when === undefined || !sim.isOffered(move) || sim.isAvailable(move)) continue;
      out.push({ move, needs: move.description ?? `needs ${move.when.source}` });
    }
  }
  return out;
}
