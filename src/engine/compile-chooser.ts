import type { CompiledStrategy } from '../scenario/compiled-scenario.js';
import { generatedFunction, HELPERS } from '../scenario/compile-source.js';
import type { MoveChoice, Simulation } from './simulation.js';
import { lacksCode } from './site-code.js';

/**
 * A strategy's rule tests as one generated function. The generic chooser (strategy-policy.ts) asks,
 * rule by rule, whether the move is available (state, then the move's condition with `self` set) and
 * whether the rule's condition holds, each through a call into the expression's own function: on the
 * flagship scenario that is ~90 calls a run through call sites that see every expression, which V8
 * cannot inline. Here the same tests, in the same order, are written out as one function with each
 * expression's generated text in place (CompiledExpression.code), so V8 compiles a strategy's round
 * into one piece of straight-line code.
 *
 * The text is built only from fixed templates, integers, and expression texts that compile-source.ts
 * generated (which quote every name and string from the file), so nothing a file contains becomes
 * code. Where an expression has no generated text (closures, cel-js) there is no fused function and
 * the generic chooser runs.
 *
 * Errors: expressions are pure, and the fused tests only read the position (and set `self`), so when
 * anything throws, the caller runs the generic chooser from the start of the round instead, which
 * throws the error with its file position as it always did.
 */

/** Rule tests of a "first" strategy: the round's choices, as the generic chooser would make them. */
export type FusedFirst = (sim: Simulation) => MoveChoice[];

/**
 * Rule tests of a "weighted" strategy for one draw: pushes the indices of the rules that may be drawn
 * (rule order) into `candidates` and returns their total weight. `used[t]` is 1 for a track already
 * moved on this round; `known` keeps each distinct rule condition's result for the round (0 not yet,
 * 1 true, 2 false), as the generic chooser does.
 */
export type FusedCandidates = (sim: Simulation, used: Uint8Array, known: Uint8Array, candidates: number[]) => number;

/** Slot per distinct rule-condition source (the generic chooser keys its per-round cache the same way). */
export function conditionSlots(strategy: CompiledStrategy): { slots: number[]; count: number } {
  const slotOf = new Map<string, number>();
  const slots = strategy.rules.map((r) => {
    if (r.when === undefined) return -1;
    let slot = slotOf.get(r.when.source);
    if (slot === undefined) slotOf.set(r.when.source, (slot = slotOf.size));
    return slot;
  });
  return { slots, count: slotOf.size };
}

/** Whether every condition a strategy evaluates has generated text (else nothing is fused). */
function fusible(strategy: CompiledStrategy): boolean {
  return strategy.rules.every((r) => !lacksCode(r.when) && !lacksCode(r.move?.when));
}

/**
 * The test of rule i as a JavaScript condition: track not yet moved on (`usedText(t)`), move offered
 * in its track's state, the move's condition with `self` = its track, then the rule's condition
 * (global: `self` unset), each result cached per distinct source in `knownText(slot)`.
 */
function ruleTest(strategy: CompiledStrategy, i: number, slot: number, usedText: (t: number) => string, knownText: (slot: number) => string): string {
  const rule = strategy.rules[i]!;
  const parts: string[] = [];
  const move = rule.move;
  if (move !== undefined) {
    // isOffered, written out (a call V8 does not inline into a function this size): the state's
    // cached answer for this move, asked of isOffered only the first time (admits 0).
    const offered =
      move.in === undefined
        ? `T[${move.track}].state.done === false`
        : `(st = T[${move.track}].state, st.done === false && (a = st.admits[${move.slot}], a === 1 || (a === 0 && sim.isOffered(M[${i}]))))`;
    parts.push(`${usedText(move.track)} === 0`, offered);
    if (move.when !== undefined) parts.push(`(sim.selectTrack(${move.track}, ${move.when.readsBatna ? 'true' : 'false'}), (${move.when.code!}) === true)`);
  }
  if (rule.when !== undefined) {
    const k = knownText(slot);
    parts.push(`(${k} !== 0 ? ${k} : (s.self = undefined, ${k} = (${rule.when.code!}) === true ? 1 : 2)) === 1`);
  }
  return parts.length === 0 ? 'true' : parts.join(' && ');
}

/** The fused "first" chooser, or undefined where it cannot be generated. */
export function compileFirst(strategy: CompiledStrategy): FusedFirst | undefined {
  if (strategy.mode !== 'first' || !fusible(strategy)) return undefined;
  const { slots, count } = conditionSlots(strategy);
  const tracks = new Set<number>();
  for (const r of strategy.rules) if (r.move !== undefined) tracks.add(r.move.track);
  const lines: string[] = [];
  lines.push('return function firstChooser(sim) {');
  lines.push('  const max = sim.scenario.file.clock.movesPerRound;');
  lines.push('  const choices = [];');
  lines.push('  if (max === 0) return choices;');
  lines.push('  const s = sim.expressionScope;');
  lines.push('  const T = sim.trackRuntimes;');
  lines.push('  let st, a;');
  for (let k = 0; k < count; k++) lines.push(`  let k${k} = 0;`);
  for (const t of [...tracks].sort((a, b) => a - b)) lines.push(`  let u${t} = 0;`);
  strategy.rules.forEach((rule, i) => {
    const test = ruleTest(strategy, i, slots[i]!, (t) => `u${t}`, (k) => `k${k}`);
    if (rule.move === undefined) lines.push(`  if (${test}) return choices;`);
    else lines.push(`  if (${test}) { choices.push(P[${i}]); if (choices.length >= max) return choices; u${rule.move.track} = 1; }`);
  });
  lines.push('  return choices;');
  lines.push('};');
  const moves = strategy.rules.map((r) => r.move);
  const picks = strategy.rules.map((r) => (r.move === undefined ? undefined : { move: r.move, offer: r.offer }));
  return generatedFunction<FusedFirst>(['M', 'P', 'H'], lines.join('\n'), [moves, picks, HELPERS]);
}

/** The fused candidate test of a "weighted" strategy, or undefined where it cannot be generated. */
export function compileCandidates(strategy: CompiledStrategy): FusedCandidates | undefined {
  if (strategy.mode !== 'weighted' || !fusible(strategy)) return undefined;
  const { slots } = conditionSlots(strategy);
  const lines: string[] = [];
  lines.push('return function weightedCandidates(sim, used, known, candidates) {');
  lines.push('  const s = sim.expressionScope;');
  lines.push('  const T = sim.trackRuntimes;');
  lines.push('  let st, a;');
  lines.push('  let total = 0;');
  strategy.rules.forEach((rule, i) => {
    const test = ruleTest(strategy, i, slots[i]!, (t) => `used[${t}]`, (k) => `known[${k}]`);
    lines.push(`  if (${test}) { candidates.push(${i}); total += W[${i}]; }`);
  });
  lines.push('  return total;');
  lines.push('};');
  const moves = strategy.rules.map((r) => r.move);
  const weights = strategy.rules.map((r) => r.weight);
  return generatedFunction<FusedCandidates>(['M', 'W', 'H'], lines.join('\n'), [moves, weights, HELPERS]);
}
