import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { Simulation, type MoveChoice, type SimulationSnapshot } from '../engine/simulation.js';
import type { TraceEntry } from '../engine/trace-entry.js';
import type { TransitionMemo } from '../engine/transition-memo.js';

/** A decision point of a game: what is needed to replay its round on a fresh Simulation. */
export interface DecisionPoint {
  readonly scenario: CompiledScenario;
  readonly memos: readonly TransitionMemo[];
  /** The game's seed and run index (they fix its parameters). */
  readonly seed: string;
  readonly run: number;
  /** The position after the round's events, before the host moves (phase 'moves'). */
  readonly snapshot: SimulationSnapshot;
}

/** A value that may differ with the earlier moves' responses: its probability-weighted mean and range. */
export interface SpreadValue {
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

/**
 * How a move's responses stand when it is made after the moves already planned this round.
 * Probabilities are exact and marginal over every response of the planned moves (and the move's own
 * effects), as `Simulation.makeMoves` plays them; they sum to 1 with `nothing` and `lapse`.
 */
export interface PlannedOutlook {
  /** Per response of the move, in the move's order. */
  readonly responses: readonly { readonly label: string; readonly p: number }[];
  /** No response is drawn (the response probabilities sum under 1 and none takes the remainder). */
  readonly nothing: number;
  /** An earlier move's response closes the move (ends its track, breaks its condition): it lapses. */
  readonly lapse: number;
  /** Reservation values when the responses are drawn (over the branches in which the move is made). */
  readonly batna: { readonly host: SpreadValue; readonly counterpart: SpreadValue };
  /** The offer's utility to each side (over the branches in which the move is made). */
  readonly value: { readonly host: SpreadValue; readonly counterpart: SpreadValue };
}

/** What one scripted play of the round showed. */
interface BranchRun {
  /** Per choice (planned moves, then the move explained): whether it lapsed, its response options and what was chosen. */
  readonly lapsed: boolean[];
  readonly options: ({ readonly label: string; readonly p: number }[] | undefined)[];
  readonly chosen: (string | undefined)[];
  readonly seen: { batna: { host: number; counterpart: number }; value: { host: number; counterpart: number } };
}

const NOTHING = '(nothing happens)';

/**
 * The exact outlook of `choice` played after `plan` in the round of `point`.
 *
 * The engine plays a round's moves in order, and an earlier move's response can change the world,
 * signal a track or end it before a later move's response is drawn (or make the later move lapse).
 * So this enumerates the planned moves' responses: each branch is a fresh Simulation restored to
 * the decision point that plays `makeMoves([...plan, choice])` with the planned moves' draws pinned
 * inside the chosen response's interval, and the move's probabilities are read from the trace
 * (the very numbers its draw is compared with). Branches are weighted by the product of the
 * planned responses' probabilities. Draws are pinned through the engine's `responseDraw` hook;
 * every branch checks that the engine chose what was pinned.
 * Cost: one round per node of the tree of planned responses (a few dozen for two moves).
 */
export function outlookAfterPlan(point: DecisionPoint, plan: readonly MoveChoice[], choice: MoveChoice): PlannedOutlook {
  const { move } = choice;
  const labels = move.responses.map((r) => r.label);
  const ps = new Array<number>(labels.length).fill(0);
  let nothing = 0;
  let lapse = 0;
  const spreads = { bh: spread(), bc: spread(), vh: spread(), vc: spread() };

  const at = atPoint(point);
  const offered = at.valueOfOffer(choice);
  const before: Before = { value: { host: offered.host, counterpart: offered.counterpart }, batna: at.batna(move.track) };

  const explore = (pinned: readonly (Pin | undefined)[], weight: number): void => {
    const run = playBranch(point, plan, choice, pinned, before);
    for (let k = 0; k < plan.length; k++) {
      const p = pinned[k];
      if (p !== undefined) {
        if (run.chosen[k] !== p.label) throw new Error(`the engine did not choose the pinned response '${p.label}' of ${plan[k]!.move.id} (it chose '${run.chosen[k]}')`);
        continue;
      }
      if (run.lapsed[k]) continue;
      // The first planned move whose response is still open: branch on each of its responses.
      const options = run.options[k]!;
      let low = 0;
      for (const o of options) {
        const high = low + o.p;
        if (high > low) explore(pin(pinned, k, low + o.p / 2, o.label), weight * o.p);
        low = high;
      }
      if (1 - low > 1e-12) explore(pin(pinned, k, (low + 1) / 2, NOTHING), weight * (1 - low));
      return;
    }
    const t = plan.length;
    if (run.lapsed[t]) {
      lapse += weight;
      return;
    }
    let sum = 0;
    run.options[t]!.forEach((o, i) => {
      ps[i]! += weight * o.p;
      sum += o.p;
    });
    nothing += weight * Math.max(0, 1 - sum);
    const seen = run.seen;
    add(spreads.bh, seen.batna.host, weight);
    add(spreads.bc, seen.batna.counterpart, weight);
    add(spreads.vh, seen.value.host, weight);
    add(spreads.vc, seen.value.counterpart, weight);
  };
  explore([], 1);

  return {
    responses: labels.map((label, i) => ({ label, p: ps[i]! })),
    nothing: nothing < 1e-12 ? 0 : nothing,
    lapse,
    batna: { host: done(spreads.bh), counterpart: done(spreads.bc) },
    value: { host: done(spreads.vh), counterpart: done(spreads.vc) },
  };
}

/** A planned move's draw held inside one response's interval, and the response it must choose. */
interface Pin {
  readonly draw: number;
  readonly label: string;
}

function pin(pinned: readonly (Pin | undefined)[], k: number, draw: number, label: string): (Pin | undefined)[] {
  const next = [...pinned];
  next[k] = { draw, label };
  return next;
}

/** What the decision point shows of the move explained: its offer's value and the reservation values. */
interface Before {
  readonly value: { readonly host: number; readonly counterpart: number };
  readonly batna: { readonly host: number; readonly counterpart: number };
}

/** A fresh Simulation at the decision point, tracing. */
function atPoint(point: DecisionPoint): Simulation {
  const sim = new Simulation(point.scenario, point.memos, point.seed, point.run, { trace: true });
  sim.restore(point.snapshot);
  if (sim.phase !== 'moves') throw new Error(`the decision point is in phase '${sim.phase}', not 'moves'`);
  return sim;
}

/** Plays the round once on a fresh Simulation at the decision point, with the given planned draws pinned. */
function playBranch(point: DecisionPoint, plan: readonly MoveChoice[], choice: MoveChoice, pinned: readonly (Pin | undefined)[], before: Before): BranchRun {
  const sim = atPoint(point);
  const trace = sim.trace!;
  const start = trace.length;
  const choices = [...plan, choice];
  const tracks = point.scenario.tracks;
  const indexOf = (entry: Extract<TraceEntry, { kind: 'move' }>) => choices.findIndex((c) => c.move.name === entry.move && tracks[c.move.track]!.id === entry.track);
  let batna: { host: number; counterpart: number } | undefined;
  sim.responseDraw = (move) => {
    const k = choices.findIndex((c) => c.move === move);
    if (k === plan.length) {
      // The reservation values the move's responses see; its own draw is irrelevant.
      batna = sim.batna(move.track);
      return 0.5;
    }
    return k >= 0 ? pinned[k]?.draw : undefined;
  };
  sim.makeMoves(choices);

  const lapsed = choices.map(() => true);
  const options: BranchRun['options'] = choices.map(() => undefined);
  const chosen: (string | undefined)[] = choices.map(() => undefined);
  // The offer's value as the engine traced it (moves with offers); else the terms' value, which no
  // earlier move of the round can change (moves are on distinct tracks, responses set their own terms).
  let value: { host: number; counterpart: number } | undefined;
  let current = -1;
  for (let i = start; i < trace.length; i++) {
    const e = trace[i]!;
    if (e.kind === 'move') {
      current = indexOf(e);
      if (current >= 0) lapsed[current] = false;
      if (current === plan.length && e.value) value = { host: e.value.host, counterpart: e.value.counterpart };
    } else if (e.kind === 'choice' && current >= 0 && e.of === choices[current]!.move.id && options[current] === undefined) {
      options[current] = e.options.map((o) => ({ label: o.label, p: o.p }));
      chosen[current] = e.chosen;
    }
  }
  // (Were no draw asked for the move, its BATNAs would be those of the decision point.)
  return { lapsed, options, chosen, seen: { batna: batna ?? before.batna, value: value ?? before.value } };
}

interface SpreadSum {
  w: number;
  sum: number;
  min: number;
  max: number;
}

function spread(): SpreadSum {
  return { w: 0, sum: 0, min: Infinity, max: -Infinity };
}

function add(s: SpreadSum, v: number, w: number): void {
  s.w += w;
  s.sum += w * v;
  if (v < s.min) s.min = v;
  if (v > s.max) s.max = v;
}

function done(s: SpreadSum): SpreadValue {
  if (s.w === 0) return { mean: NaN, min: NaN, max: NaN };
  return { mean: s.sum / s.w, min: s.min, max: s.max };
}
