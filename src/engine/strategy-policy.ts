import type { CompiledStrategy } from '../scenario/compiled-scenario.js';
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
 */
export function strategyChooser(strategy: CompiledStrategy): Chooser {
  // Checked: what it returns is what makeMoves accepts (see Chooser).
  return Object.assign(chooserOf(strategy), { checked: true });
}

function chooserOf(strategy: CompiledStrategy): (sim: Simulation) => readonly MoveChoice[] {
  const rules = strategy.rules;
  // Each rule's choice, made once (choices are read-only: rounds share them).
  const picks: (MoveChoice | undefined)[] = rules.map((r) => (r.move === undefined ? undefined : { move: r.move, offer: r.offer }));
  // Rules often repeat a condition ("round - world.usTouch >= 2" on every US move). The position does
  // not change while a round's moves are chosen, so each distinct condition is evaluated at most once
  // per call: its result is kept by slot (0 not yet, 1 true, 2 false).
  const slotOf = new Map<string, number>();
  const whenSlot = rules.map((r) => {
    if (r.when === undefined) return -1;
    let slot = slotOf.get(r.when.source);
    if (slot === undefined) slotOf.set(r.when.source, (slot = slotOf.size));
    return slot;
  });
  const known = new Uint8Array(slotOf.size);
  const holds = (sim: Simulation, i: number): boolean => {
    const slot = whenSlot[i]!;
    if (slot < 0) return true;
    let k = known[slot]!;
    if (k === 0) known[slot] = k = sim.evaluateCondition(rules[i]!.when!) ? 1 : 2;
    return k === 1;
  };
  if (strategy.mode === 'first') {
    return (sim) => {
      const max = sim.scenario.file.clock.movesPerRound;
      const choices: MoveChoice[] = [];
      if (max === 0) return choices;
      forget(known);
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i]!;
        const move = rule.move;
        if (move !== undefined && ((choices.length > 0 && taken(choices, move.track)) || !sim.isAvailable(move))) continue;
        if (!holds(sim, i)) continue;
        if (move === undefined) break;
        choices.push(picks[i]!);
        if (choices.length >= max) break;
      }
      return choices;
    };
  }
  // Weighted: the indices of the rules available at each draw, in rule order (a buffer reused across rounds and runs).
  const candidates: number[] = [];
  return (sim) => {
    const max = sim.scenario.file.clock.movesPerRound;
    const choices: MoveChoice[] = [];
    forget(known);
    for (let k = 0; choices.length < max; k++) {
      candidates.length = 0;
      let total = 0;
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i]!;
        if (rule.move !== undefined && (taken(choices, rule.move.track) || !sim.isAvailable(rule.move))) continue;
        if (!holds(sim, i)) continue;
        candidates.push(i);
        total += rule.weight;
      }
      if (total <= 0) break;
      let r = sim.strategyDraw(k) * total;
      let pick = candidates[candidates.length - 1]!;
      for (const c of candidates) {
        r -= rules[c]!.weight;
        if (r < 0) {
          pick = c;
          break;
        }
      }
      const choice = picks[pick];
      if (choice === undefined) break;
      choices.push(choice);
    }
    return choices;
  };
}
