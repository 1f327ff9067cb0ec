import type { CompiledParty } from '../scenario/compiled-scenario.js';
import { utility, type TrackObject } from './run-scope.js';
import type { TrackRuntime } from './track-runtime.js';
import type { TrackState } from './transition-memo.js';
import type { NegotiatorMemory } from './negotiator.js';

/**
 * Snapshots: a position that undo and saved games can return to. Plain data (JSON-serialisable);
 * restoring one into a simulation of the same scenario, seed and run continues the run exactly as it
 * would have gone on (the random numbers depend on (seed, run, round, slot) alone).
 */
export interface SimulationSnapshot {
  readonly round: number;
  readonly phase: 'start' | 'moves' | 'done';
  readonly world: Record<string, number | boolean | string>;
  readonly tracks: readonly TrackSnapshot[];
  readonly fired: readonly number[];
  readonly dealTrack: number;
  readonly dealRound: number;
  /** See RunResult.dealMargin (absent in snapshots saved before it existed: restored as unknown). */
  readonly dealMargin?: { readonly host: number; readonly counterpart: number };
  readonly endReason?: string;
  readonly traceLength: number;
}

export interface TrackSnapshot {
  readonly state: string;
  readonly entered: number;
  readonly moves: number;
  readonly terms: Record<string, number | string>;
  readonly path: readonly string[];
  /** The counterpart's terms are on the table, unanswered (absent in older snapshots: false). */
  readonly received?: boolean;
  /** A negotiating counterpart's memory (absent for other tracks, and in older snapshots). */
  readonly negotiator?: NegotiatorMemory;
}

export function snapshotTrack(rt: TrackRuntime): TrackSnapshot {
  const t: TrackSnapshot = { state: rt.state.key, entered: rt.object.entered, moves: rt.object.moves, terms: { ...rt.object.terms }, path: [...rt.path], ...(rt.object.received ? { received: true } : {}) };
  return rt.negotiation === undefined ? t : { ...t, negotiator: rt.negotiation.memory };
}

/** Puts a track back where a snapshot taken in round `round` had it. */
export function restoreTrack(rt: TrackRuntime, t: TrackSnapshot, round: number, host: CompiledParty): void {
  const state = rt.memo.resolve(t.state);
  rt.state = state;
  rt.path = [...t.path];
  rt.pathNode = undefined; // a restored path is joined at the end instead
  const o = rt.object;
  showState(o, state);
  o.entered = t.entered;
  o.rounds = round - t.entered;
  o.moves = t.moves;
  Object.assign(o.terms, t.terms);
  o.utility = utility(host, o.terms);
  o.received = t.received === true;
  if (rt.negotiation !== undefined) {
    if (t.negotiator !== undefined) rt.negotiation.memory = t.negotiator;
    else rt.negotiation.reset();
  }
}

/** What expressions see of a track's configuration (`tracks.<id>.state`, `.done`, `.deal`, `.stage`). */
export function showState(o: TrackObject, state: TrackState): void {
  o.state = state.key;
  o.done = state.done;
  o.deal = state.deal;
  o.stage = state.stage;
}
