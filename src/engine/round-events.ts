import type { CompiledEvent, CompiledScenario } from '../scenario/compiled-scenario.js';
import { _, compileFunction, expressionCode, HELPERS_PARAM, join, name, SCOPE, type Code } from '../scenario/code-template.js';
import { HELPERS } from '../scenario/compile-source.js';
import { handOvers } from './hand-overs.js';
import { clampProbability } from './responses.js';
import type { RunExpressions, Scope } from './run-scope.js';

/**
 * The round's events: at the start of every round, each event in file order is asked whether it may
 * fire (once-only and not yet fired, its scheduled round, its condition) and with what probability;
 * one that may is drawn and, if the draw falls under its probability, fired (`fire`: effects,
 * signals, a branch). The round's events stop early when every track is final.
 *
 * Two implementations behind one contract: `eventChance` (the reference, which reports a failing
 * condition or probability with its file position) and `compileRoundEvents` (the whole loop as one
 * generated function: most events do not fire, and asking each through the reference costs a call
 * into each expression's own function through one call site, which V8 cannot inline).
 */

/**
 * Fires event i with probability p (draws; fires if the draw falls under p). Returns whether the
 * round's events stop there (every track final).
 */
export type FireEvent = (i: number, p: number) => boolean;

/**
 * The generated loop: returns -1 when the round's events are done, or the index of an event whose
 * condition or probability failed (threw, or gave no number) before it fired; `playRoundEvents` goes
 * on from it with the reference. `fired[i]` is 1 for a once-only event that has fired in this run.
 */
export type RoundEvents = (s: Scope, fired: Uint8Array, round: number, fire: FireEvent) => number;

const FIRED = name('fired');
const ROUND = name('round');
const FIRE = name('fire');

/** The loop as one generated function; undefined where a condition or probability has no generated text, or code generation is off. */
export function compileRoundEvents(scenario: CompiledScenario): RoundEvents | undefined {
  const blocks: Code[] = [];
  const events = scenario.events;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const tests: Code[] = [];
    if (e.once) tests.push(_`${FIRED}[${i}] === 0`);
    if (e.round !== undefined) tests.push(_`${ROUND} === ${e.round}`);
    if (e.when !== undefined) {
      const when = expressionCode(e.when);
      if (when === undefined) return undefined;
      tests.push(_`${when} === true`);
    }
    let chance: Code;
    if (e.p === undefined) chance = _`v = 1;`;
    else if ('literal' in e.p) chance = _`v = ${e.p.literal};`;
    else {
      const p = expressionCode(e.p.expr);
      if (p === undefined) return undefined;
      chance = _`v = ${p};
      ${clampProbability(_`return ${i};`)}`;
    }
    blocks.push(_`at = ${i};
    if (${tests.length > 0 ? join(tests, _` && `) : _`true`}) {
      ${chance}
      at = -1;
      if (${FIRE}(${i}, v)) return -1;
    }`);
  }
  const body = _`return function roundEvents(${SCOPE}, ${FIRED}, ${ROUND}, ${FIRE}) {
  let at = -1, v;
  try {
    ${join(blocks, _`\n    `)}
  } catch (error) {
    if (at >= 0) return at;
    throw error;
  }
  return -1;
};`;
  return compileFunction<RoundEvents>([HELPERS_PARAM], body, [HELPERS]);
}

/**
 * The reference: whether event i may fire now (once-only and not yet fired, its round, its
 * condition) and, if so, its probability; undefined if not. Throws where a condition or probability
 * fails, with its file position.
 */
export function eventChance(x: RunExpressions, e: CompiledEvent, i: number, fired: Uint8Array, round: number): number | undefined {
  if (e.once && fired[i]) return undefined;
  if (e.round !== undefined && e.round !== round) return undefined;
  x.setSelf(undefined);
  if (e.when !== undefined && !x.bool(e.when)) return undefined;
  return e.p === undefined ? 1 : x.probability(e.p);
}

/** Runs the round's events: the generated loop where there is one, the reference from where it stopped. */
export function playRoundEvents(x: RunExpressions, events: readonly CompiledEvent[], generated: RoundEvents | undefined, fired: Uint8Array, round: number, fire: FireEvent): void {
  let from = 0;
  if (generated !== undefined) {
    x.setSelf(undefined);
    from = generated(x.scope, fired, round, fire);
    if (from < 0) return;
    handOvers.roundEvents++;
  }
  for (let i = from; i < events.length; i++) {
    const p = eventChance(x, events[i]!, i, fired, round);
    if (p !== undefined && fire(i, p)) return;
  }
}
