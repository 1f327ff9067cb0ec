import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { generatedFunction, HELPERS } from '../scenario/compile-source.js';
import type { Simulation } from './simulation.js';
import { lacksCode, probabilityLines } from './site-code.js';

/**
 * A scenario's events for one round, tested and fired in order, as Simulation.beginRound runs them.
 * Returns -1 when the round's events are done, or the index of an event whose condition or
 * probability failed (threw, or gave no number) before it fired: the generic loop goes on from it.
 */
export type RoundEvents = (sim: Simulation) => number;

/**
 * The round's event loop as one generated function. Every round the engine asks each event whether
 * it may fire (once-only and not yet fired, its scheduled round, its condition, its probability);
 * most do not, and asking through Simulation.eventChance costs a call into each expression's own
 * function through a site that sees them all (V8 cannot inline those). Here the tests are written out
 * in event order with each expression's generated text in place; an event that passes them goes to
 * Simulation.fireEvent, as in the generic loop, which draws and fires it.
 *
 * Text comes only from fixed templates, integers, and expression texts that compile-source.ts
 * generated (see CompiledExpression.code). Undefined where some condition or probability has no
 * generated text, or code generation is off: beginRound then runs the generic loop.
 *
 * Errors: when a condition or probability throws or gives no number, the loop returns that event's
 * index and beginRound's generic loop goes on from it: Simulation.eventChance evaluates it again and
 * reports the error with the expression's file position. (Events before it have fired as in the
 * generic loop; what fireEvent throws passes through as is.)
 */
export function compileRoundEvents(scenario: CompiledScenario): RoundEvents | undefined {
  const events = scenario.events;
  if (events.some((e) => lacksCode(e.when) || lacksCode(e.p))) return undefined;
  const lines: string[] = [];
  lines.push('return function roundEvents(sim) {');
  lines.push('  const s = sim.expressionScope;');
  lines.push('  const F = sim.firedEvents;');
  lines.push('  const round = sim.round;');
  lines.push('  let at = -1, v;');
  lines.push('  try {');
  events.forEach((e, i) => {
    const tests: string[] = [];
    if (e.once) tests.push(`F[${i}] === 0`);
    if (e.round !== undefined) tests.push(`round === R[${i}]`);
    if (e.when !== undefined) tests.push(`(${e.when.code!}) === true`);
    let chance: string;
    if (e.p === undefined) chance = '1';
    else if ('literal' in e.p) chance = `P[${i}]`;
    else chance = `(${e.p.expr.code!})`;
    lines.push(`    at = ${i};`);
    lines.push(`    if (${tests.length > 0 ? tests.join(' && ') : 'true'}) {`);
    lines.push(`      v = ${chance};`);
    if (e.p !== undefined && 'expr' in e.p) lines.push(...probabilityLines('      ', `return ${i};`));
    lines.push('      at = -1;');
    lines.push(`      if (sim.fireEvent(${i}, v)) return -1;`);
    lines.push('    }');
  });
  lines.push('  } catch (error) {');
  lines.push('    if (at >= 0) return at;');
  lines.push('    throw error;');
  lines.push('  }');
  lines.push('  return -1;');
  lines.push('};');
  const rounds = events.map((e) => e.round);
  const literals = events.map((e) => (e.p !== undefined && 'literal' in e.p ? e.p.literal : undefined));
  return generatedFunction<RoundEvents>(['R', 'P', 'H'], lines.join('\n'), [rounds, literals, HELPERS]);
}
