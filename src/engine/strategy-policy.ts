import type { CompiledStrategy } from '../scenario/compiled-scenario.js';
import { compileCandidates, compileFirst, conditionSlots, type FusedCandidates } from './compile-chooser.js';
import type { Chooser, MoveChoice, Simulation } from './simulation.js';

/** Clears a small array by a loop (TypedArray.prototype.fill is a call into C++, slower for a few slots). */
function forget(known: Uint8Array): void {
  for (let i = 0; i < known.length; i++) known[i] = 0;
}

/** Whether a track already has a move this round (a handful at most: a scan beats a Set). */
function taken(choices: readonly MoveChoice[], track: number): boolean {
  for (const c of choices) if (c.move.track === track) return true;
  return false;
}

/**
 * Turns a strategy into a chooser of host moves for a round.
 * - mode "first": rules in order; the first available rule on a track not yet used this round is
 *   taken, until the round's move budget is spent; an available "wait" rule ends the round's moves.
 * - mode "weighted": among available rules, one is drawn by weight, repeatedly until the budget is
 *   spent or a "wait" is drawn. Draws come from positional slots, so strategies share random numbers.
 * The rule tests run as one generated function per strategy where every condition has generated code
 * (compile-chooser.ts); `fused: false` gives the generic chooser (the reference in tests). Choosers are
 * made once per strategy and shared: they keep no state between calls.
 */
export function strategyChooser(strategy: CompiledStrategy, options: { fused?: boolean } = {}): Chooser {
  const fused = options.fused ?? true;
  const cache = fused ? fusedChoosers : genericChoosers;
  let chooser = cache.get(strategy);
  if (chooser === undefined) {
    const generic = chooserOf(strategy);
    // Checked: what it returns is what makeMoves accepts (see Chooser).
    chooser = Object.assign((fused && fusedChooserOf(strategy, generic)) || generic, { checked: true });
    cache.set(strategy, chooser);
  }
  return chooser;
}

const fusedChoosers = new WeakMap<CompiledStrategy, Chooser>();
const genericChoosers = new WeakMap<CompiledStrategy, Chooser>();

type RoundChooser = (sim: Simulation) => readonly MoveChoice[];

/** The chooser running the strategy's generated rule tests; undefined where they cannot be generated. */
function fusedChooserOf(strategy: CompiledStrategy, generic: RoundChooser): RoundChooser | undefined {
  // A fused test that throws (an expression failing at run time) hands the round to the generic
  // chooser, which fails the same way with the error's position in the file.
  const first = compileFirst(strategy);
  if (first !== undefined) {
    return (sim) => {
      try {
        return first(sim);
      } catch {
        return generic(sim);
      }
    };
  }
  const candidates = compileCandidates(strategy);
  return candidates && weightedChooser(strategy, candidates, generic);
}

/** Each rule's choice, made once (choices are read-only: rounds share them). */
function picksOf(strategy: CompiledStrategy): (MoveChoice | undefined)[] {
  return strategy.rules.map((r) => (r.move === undefined ? undefined : { move: r.move, offer: r.offer }));
}

/**
 * A "weighted" chooser around a candidate test (generated, or the generic one below): draws a rule
 * among the candidates by weight, again and again until the budget is spent or a "wait" is drawn.
 * With `fallback`, a round whose test throws is chosen by it instead (see fusedChooserOf).
 */
function weightedChooser(strategy: CompiledStrategy, candidatesOf: FusedCandidates, fallback?: RoundChooser): RoundChooser {
  const rules = strategy.rules;
  const picks = picksOf(strategy);
  const known = new Uint8Array(conditionSlots(strategy).count);
  const used = new Uint8Array(Math.max(0, ...rules.map((r) => (r.move?.track ?? -1) + 1)));
  // The indices of the rules available at each draw, in rule order (reused across rounds and runs).
  const candidates: number[] = [];
  const choose = (sim: Simulation): MoveChoice[] => {
    const max = sim.scenario.file.clock.movesPerRound;
    const choices: MoveChoice[] = [];
    forget(known);
    forget(used);
    for (let k = 0; choices.length < max; k++) {
      candidates.length = 0;
      const total = candidatesOf(sim, used, known, candidates);
      if (total <= 0) break;
      const choice = picks[weightedPick(rules, candidates, total, sim.strategyDraw(k))];
      if (choice === undefined) break;
      choices.push(choice);
      used[choice.move.track] = 1;
    }
    return choices;
  };
  if (fallback === undefined) return choose;
  return (sim) => {
    try {
      return choose(sim);
    } catch {
      return fallback(sim);
    }
  };
}

/** The candidate a uniform draw in [0, 1) picks by weight (the last one if rounding leaves none). */
function weightedPick(rules: CompiledStrategy['rules'], candidates: readonly number[], total: number, draw: number): number {
  let r = draw * total;
  for (const c of candidates) {
    r -= rules[c]!.weight;
    if (r < 0) return c;
  }
  return candidates[candidates.length - 1]!;
}

/** The generic chooser: each test through the simulation's own evaluation (with its error positions). */
function chooserOf(strategy: CompiledStrategy): RoundChooser {
  const rules = strategy.rules;
  const picks = picksOf(strategy);
  // Rules often repeat a condition ("round - world.usTouch >= 2" on every US move). The position does
  // not change while a round's moves are chosen, so each distinct condition is evaluated at most once
  // per call: its result is kept by slot (0 not yet, 1 true, 2 false).
  const { slots: whenSlot, count } = conditionSlots(strategy);
  const holds = (sim: Simulation, known: Uint8Array, i: number): boolean => {
    const slot = whenSlot[i]!;
    if (slot < 0) return true;
    let k = known[slot]!;
    if (k === 0) known[slot] = k = sim.evaluateCondition(rules[i]!.when!) ? 1 : 2;
    return k === 1;
  };
  if (strategy.mode === 'weighted') {
    return weightedChooser(strategy, (sim, used, known, candidates) => {
      let total = 0;
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i]!;
        if (rule.move !== undefined && (used[rule.move.track] === 1 || !sim.isAvailable(rule.move))) continue;
        if (!holds(sim, known, i)) continue;
        candidates.push(i);
        total += rule.weight;
      }
      return total;
    });
  }
  const known = new Uint8Array(count);
  return (sim) => {
    const max = sim.scenario.file.clock.movesPerRound;
    const choices: MoveChoice[] = [];
    if (max === 0) return choices;
    forget(known);
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i]!;
      const move = rule.move;
      if (move !== undefined && ((choices.length > 0 && taken(choices, move.track)) || !sim.isAvailable(move))) continue;
      if (!holds(sim, known, i)) continue;
      if (move === undefined) break;
      choices.push(picks[i]!);
      if (choices.length >= max) break;
    }
    return choices;
  };
}
