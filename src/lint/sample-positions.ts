import type { CompiledMove, CompiledResponse, CompiledScenario } from '../scenario/compiled-scenario.js';
import type { CompiledExpression } from '../scenario/compile-expression.js';
import { Simulation, createMemos, type MoveChoice, type RunResult } from '../engine/simulation.js';
import { SimulationError } from '../engine/simulation-error.js';
import { strategyChooser } from '../engine/strategy-rules.js';
import { limits } from '../scenario/limits.js';

/** Where a sampled value was seen, so a warning can say how to reproduce it. */
export interface SampleWitness {
  readonly strategy: string;
  readonly run: number;
  readonly round: number;
}

/** Range of the raw values a probability expression gave, and one position for each extreme. */
export interface ProbabilitySample {
  readonly expr: CompiledExpression;
  min: number;
  max: number;
  evaluations: number;
  outside: number;
  witness?: SampleWitness & { readonly value: number };
}

export interface MoveSample {
  /** Positions where the track was in one of the move's states (and not final). */
  inState: number;
  /** Positions where the move was available (also its condition held). */
  available: number;
}

/** A set of responses (a move's, or an event's branches) whose explicit probabilities summed above 1. */
export interface OverfullSample {
  readonly path: readonly (string | number)[];
  max: number;
  witness: SampleWitness;
}

/** Deals on one track signed below a side's reservation value (see RunResult.dealMargin). */
export interface BelowReservationSample {
  /** Deals signed on the track in the sampled runs (strategies and the exploring host). */
  deals: number;
  /** Deals below the counterpart's reservation (any host: the counterpart's behaviour is the scenario's). */
  counterpart: number;
  /** Deals below the host's reservation, under the scenario's strategies (the exploring host signs at random). */
  host: number;
  /** Strategy deals, the denominator of `host`. */
  strategyDeals: number;
  /** The deepest shortfall of each side, with where it happened. */
  worstCounterpart?: SampleWitness & { readonly margin: number };
  worstHost?: SampleWitness & { readonly margin: number };
}

/**
 * How often an event's condition was checked in the sampled runs (after each round's events, at the
 * positions where the host moves) and held, and in how many runs the event fired (its condition held
 * when the round's events were drawn, although a certain event may undo it at once).
 */
export interface EventConditionSample {
  checked: number;
  held: number;
  firedRuns: number;
}

/** The outcomes of the sampled runs, and which conditions held at the end of each run. */
export interface OutcomeSample {
  /** Runs classified as each outcome (by index in scenario order). */
  readonly matched: number[];
  /** Runs in which each outcome's condition held (a catch-all: every run). */
  readonly held: number[];
  /** For each outcome, the runs where its condition held, by the outcome that took the run. */
  readonly takenBy: Map<number, number>[];
}

/** What `parley lint` learned by playing a scenario many times with every kind of host. */
export interface SampleFacts {
  readonly seed: string;
  readonly runs: number;
  readonly moves: ReadonlyMap<string, MoveSample>;
  readonly probabilities: ReadonlyMap<string, ProbabilitySample>;
  readonly overfull: ReadonlyMap<string, OverfullSample>;
  /** By event id: events with a `when`. */
  readonly events: ReadonlyMap<string, EventConditionSample>;
  readonly outcomes: OutcomeSample;
  /** Per track, every state path the track was in (ancestors included). */
  readonly visited: readonly ReadonlySet<string>[];
  /** By deal track id. */
  readonly belowReservation: ReadonlyMap<string, BelowReservationSample>;
  readonly failures: readonly { readonly error: SimulationError | Error; readonly strategy: string; readonly run: number }[];
  /**
   * Set when sampling stopped because it reached the work budget (`SampleOptions.budget`): the runs
   * finished before it, and the runs that were asked for. The facts are then incomplete.
   */
  readonly exhausted?: { readonly budget: number; readonly runs: number; readonly requested: number };
}

export interface SampleOptions {
  readonly seed?: string;
  /** Runs with the exploring host, which makes a random available move (random offers too). */
  readonly exploreRuns?: number;
  /** Runs of each of the scenario's strategies. */
  readonly strategyRuns?: number;
  /**
   * Work allowed (positions times the moves and events considered at each, summed over all runs);
   * sampling stops when it is spent. Default `limits.lintSampleWork`.
   */
  readonly budget?: number;
}

/** Thrown inside a run to stop sampling when the budget is spent. */
class BudgetSpent extends Error {}

/** The exploring host's name in witnesses. */
export const EXPLORER = '(explore)';

/**
 * Plays the scenario `exploreRuns` times with an exploring host (each round a random available move
 * with random offer values, or waiting) and `strategyRuns` times with each strategy, and records at
 * every position: which moves were in state and available, the raw value of every probability a
 * response or event would use, and the states each track visited. Deterministic for a seed.
 */
export function samplePositions(scenario: CompiledScenario, options: SampleOptions = {}): SampleFacts {
  const seed = options.seed ?? 'lint';
  const memos = createMemos(scenario);
  const moves = new Map<string, MoveSample>();
  for (const m of scenario.moves.values()) moves.set(m.id, { inState: 0, available: 0 });
  const probabilities = new Map<string, ProbabilitySample>();
  const overfull = new Map<string, OverfullSample>();
  const visited = scenario.tracks.map(() => new Set<string>());
  const failures: { error: SimulationError | Error; strategy: string; run: number }[] = [];
  const belowReservation = new Map<string, BelowReservationSample>();
  const events = new Map<string, EventConditionSample>();
  for (const e of scenario.events) if (e.when !== undefined) events.set(e.id, { checked: 0, held: 0, firedRuns: 0 });
  const outcomes: OutcomeSample = { matched: scenario.outcomes.map(() => 0), held: scenario.outcomes.map(() => 0), takenBy: scenario.outcomes.map(() => new Map()) };
  /** Which outcome conditions hold at the end of a finished run (the result has set up the scope). */
  const recordOutcomes = (sim: Simulation, result: RunResult): void => {
    if (result.outcomeIndex >= 0) outcomes.matched[result.outcomeIndex]!++;
    scenario.outcomes.forEach((o, i) => {
      if (o.when !== undefined && !holds(() => sim.peek(o.when!))) return;
      outcomes.held[i]!++;
      const taken = outcomes.takenBy[i]!;
      taken.set(result.outcomeIndex, (taken.get(result.outcomeIndex) ?? 0) + 1);
    });
  };
  let runs = 0;
  /** Shortfalls smaller than this are rounding, not a party signing below its reservation. */
  const tolerance = 1e-9;
  const recordDeal = (result: RunResult, strategy: string): void => {
    const margin = result.dealMargin;
    if (margin === undefined || result.dealTrack === '') return;
    let s = belowReservation.get(result.dealTrack);
    if (s === undefined) belowReservation.set(result.dealTrack, (s = { deals: 0, counterpart: 0, host: 0, strategyDeals: 0 }));
    s.deals++;
    const witness = { strategy, run: result.run, round: result.dealRound };
    if (margin.counterpart < -tolerance) {
      s.counterpart++;
      if (s.worstCounterpart === undefined || margin.counterpart < s.worstCounterpart.margin) s.worstCounterpart = { ...witness, margin: margin.counterpart };
    }
    if (strategy === EXPLORER) return;
    s.strategyDeals++;
    if (margin.host < -tolerance) {
      s.host++;
      if (s.worstHost === undefined || margin.host < s.worstHost.margin) s.worstHost = { ...witness, margin: margin.host };
    }
  };

  const record = (expr: CompiledExpression, value: unknown, witness: SampleWitness): void => {
    if (typeof value !== 'number') return;
    const key = expr.path.join('\u0000');
    let s = probabilities.get(key);
    if (!s) {
      s = { expr, min: Infinity, max: -Infinity, evaluations: 0, outside: 0 };
      probabilities.set(key, s);
    }
    s.evaluations++;
    if (value < s.min) s.min = value;
    if (value > s.max) s.max = value;
    if (!(value >= 0 && value <= 1)) {
      s.outside++;
      if (!s.witness || Math.abs(value - 0.5) > Math.abs(s.witness.value - 0.5)) s.witness = { ...witness, value };
    }
  };
  const responses = (sim: Simulation, list: readonly CompiledResponse[], path: readonly (string | number)[], at: Parameters<Simulation['peek']>[1], witness: SampleWitness): void => {
    let sum = 0;
    for (const r of list) {
      if (r.p === undefined) continue;
      if ('literal' in r.p) {
        sum += r.p.literal;
        continue;
      }
      const v = sim.peek(r.p.expr, at);
      record(r.p.expr, v, witness);
      if (typeof v === 'number') sum += Math.min(1, Math.max(0, v));
    }
    if (sum > 1 + 1e-9) {
      const key = path.join('\u0000');
      const o = overfull.get(key);
      if (!o) overfull.set(key, { path, max: sum, witness });
      else if (sum > o.max) {
        o.max = sum;
        o.witness = witness;
      }
    }
  };
  const budget = options.budget ?? limits.lintSampleWork;
  /** Work done by all positions; each position costs its events and moves (and 1, for the round). */
  let work = 0;
  const positionWork = 1 + scenario.events.length + scenario.tracks.reduce((n, t) => n + t.moves.length, 0);
  let exhausted: SampleFacts['exhausted'];
  const observe = (sim: Simulation, strategy: string): void => {
    work += positionWork;
    if (work > budget) throw new BudgetSpent();
    const witness = { strategy, run: sim.run, round: sim.round };
    for (const e of scenario.events) {
      if (e.round !== undefined && e.round !== sim.round) continue;
      if (e.when !== undefined) {
        const counts = events.get(e.id)!;
        counts.checked++;
        if (sim.peek(e.when) !== true) continue;
        counts.held++;
      }
      if (e.p && 'expr' in e.p) record(e.p.expr, sim.peek(e.p.expr), witness);
      responses(sim, e.branches, ['events', e.id, 'branches'], {}, witness);
    }
    for (const track of scenario.tracks) {
      const view = sim.trackView(track.index);
      if (view.done) continue;
      for (const m of track.moves) {
        if (!inMoveState(m, view.state)) continue;
        const s = moves.get(m.id)!;
        s.inState++;
        if (m.when !== undefined && sim.peek(m.when, { track: track.index }) !== true) continue;
        s.available++;
        const choice = { move: m, offer: randomOffer(m, (k) => sim.strategyDraw(1000 + k)) };
        responses(sim, m.responses, ['tracks', track.id, 'moves', m.name, 'responses'], { choice }, witness);
      }
    }
  };
  const play = (strategy: string, run: number, choose: (sim: Simulation) => readonly MoveChoice[]): void => {
    if (exhausted) return;
    runs++;
    try {
      const sim = new Simulation(scenario, memos, seed, run);
      const result = sim.runToEnd(() => {
        observe(sim, strategy);
        return choose(sim);
      });
      recordDeal(result, strategy);
      recordOutcomes(sim, result);
      sim.snapshot().fired.forEach((f, i) => {
        const counts = f === 1 ? events.get(scenario.events[i]!.id) : undefined;
        if (counts) counts.firedRuns++;
      });
      result.paths.forEach((path, t) => {
        for (const key of path) for (const p of statePathsOfKey(key)) visited[t]!.add(p);
      });
    } catch (error) {
      if (error instanceof BudgetSpent) {
        runs--;
        exhausted = { budget, runs, requested: (options.exploreRuns ?? 200) + scenario.strategies.size * (options.strategyRuns ?? 25) };
      } else failures.push({ error: error as Error, strategy, run });
    }
  };

  const explore = (sim: Simulation): MoveChoice[] => {
    const max = sim.scenario.file.clock.movesPerRound;
    const choices: MoveChoice[] = [];
    const used = new Set<number>();
    for (let k = 0; choices.length < max; k++) {
      const open = sim.availableMoves().filter((m) => !used.has(m.track));
      if (open.length === 0) break;
      const pick = Math.floor(sim.strategyDraw(k) * (open.length + 1));
      if (pick >= open.length) break; // wait
      const move = open[pick]!;
      used.add(move.track);
      choices.push({ move, offer: randomOffer(move, (j) => sim.strategyDraw(100 + 20 * k + j)) });
    }
    return choices;
  };
  for (let run = 0; run < (options.exploreRuns ?? 200); run++) play(EXPLORER, run, explore);
  for (const [id, strategy] of scenario.strategies) {
    const chooser = strategyChooser(strategy);
    const choose = (sim: Simulation) => chooser(sim.strategyView);
    for (let run = 0; run < (options.strategyRuns ?? 25); run++) play(id, run, choose);
  }
  return { seed, runs, moves, probabilities, overfull, events, outcomes, visited, belowReservation, failures, exhausted };
}

/** Whether a condition evaluates to true; one that throws (an outcome after the one that matched may) does not. */
function holds(condition: () => unknown): boolean {
  try {
    return condition() === true;
  } catch {
    return false;
  }
}

/** Whether a track in configuration `key` is in one of the move's `in` states (as the engine decides). */
export function inMoveState(move: CompiledMove, key: string): boolean {
  if (move.in === undefined) return true;
  return move.in.some((s) => key === s || key.startsWith(s + '.') || key.includes(',' + s) || key.includes('.' + s + ','));
}

/** Random offer values within the move's bounds: numbers on the issue's step, enum values uniformly. */
function randomOffer(move: CompiledMove, draw: (k: number) => number): Record<string, number | string> {
  const offer: Record<string, number | string> = {};
  move.offer.forEach((spec, k) => {
    const u = draw(k);
    if (spec.kind === 'enum') offer[spec.issue] = spec.values[Math.min(spec.values.length - 1, Math.floor(u * spec.values.length))]!;
    else {
      let v = spec.min + u * (spec.max - spec.min);
      if (spec.step) v = Math.min(spec.max, spec.min + Math.round((v - spec.min) / spec.step) * spec.step);
      offer[spec.issue] = v;
    }
  });
  return offer;
}

/** "a.b" gives a, a.b; "p.(x.y,z.w)" (parallel regions) gives p, p.x, p.x.y, p.z, p.z.w. */
export function statePathsOfKey(key: string, prefix: string[] = []): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  const parts: string[] = [];
  for (let i = 0; i <= key.length; i++) {
    const c = key[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if ((c === ',' && depth === 0) || i === key.length) {
      parts.push(key.slice(start, i));
      start = i + 1;
    }
  }
  for (const part of parts) {
    const open = part.indexOf('(');
    const head = (open >= 0 ? part.slice(0, open) : part).split('.').filter((s) => s !== '');
    for (let i = 1; i <= head.length; i++) out.push([...prefix, ...head.slice(0, i)].join('.'));
    if (open >= 0) out.push(...statePathsOfKey(part.slice(open + 1, part.lastIndexOf(')')), [...prefix, ...head]));
  }
  return out;
}
