import type { CompiledEffect } from '../scenario/compiled-scenario.js';
import { generatedFunction, HELPERS } from '../scenario/compile-source.js';
import type { Simulation } from './simulation.js';
import { lacksCode } from './site-code.js';

/**
 * A list of effects applied in order to the world `w`, as Simulation.applyEffects applies them
 * untraced: numbers clamped to their range, enum values checked. Returns -1 when all are applied, or
 * the index of the first effect that failed (gave a value of the wrong kind, or threw) and was not
 * applied: the caller continues from there with the generic code, which evaluates that effect again
 * and reports it with its file position.
 */
export type GeneratedEffects = (sim: Simulation, s: Record<string, unknown>, w: Record<string, unknown>) => number;

/**
 * One generated function per effect list, with each expression's generated text in place and each
 * variable written by name (the generic loop's `world[e.variable] = v` is a megamorphic keyed store).
 * An expression reading `batna` gets the reservation values refreshed just before it, as the generic
 * evaluation does (an earlier effect may have changed the world they depend on). Undefined for an
 * empty list, an expression without generated text, or code generation off. Text comes only from
 * fixed templates, integers, JSON-quoted names and generated expression texts.
 */
export function compileEffects(list: readonly CompiledEffect[]): GeneratedEffects | undefined {
  if (list.length === 0) return undefined;
  if (list.some((e) => lacksCode(e.value))) return undefined;
  const lines: string[] = [];
  lines.push('return function effects(sim, s, w) {');
  lines.push('  let v, at = 0;');
  lines.push('  try {');
  list.forEach((e, i) => {
    const name = JSON.stringify(e.variable);
    lines.push(`    at = ${i};`);
    if ('literal' in e.value) lines.push(`    v = L[${i}];`);
    else {
      if (e.value.expr.readsBatna) lines.push('    sim.refreshBatna();');
      lines.push(`    v = (${e.value.expr.code!});`);
    }
    if (e.kind === 'number') {
      lines.push(`    if (typeof v !== 'number' || !Number.isFinite(v)) return ${i};`);
      lines.push(`    w[${name}] = v < LO[${i}] ? LO[${i}] : v > HI[${i}] ? HI[${i}] : v;`);
    } else if (e.kind === 'enum') {
      lines.push(`    if (!V[${i}].includes(v)) return ${i};`);
      lines.push(`    w[${name}] = v;`);
    } else lines.push(`    w[${name}] = v;`);
  });
  lines.push('  } catch (error) {');
  lines.push('    return at;');
  lines.push('  }');
  lines.push('  return -1;');
  lines.push('};');
  const literals = list.map((e) => ('literal' in e.value ? e.value.literal : undefined));
  return generatedFunction<GeneratedEffects>(
    ['L', 'LO', 'HI', 'V', 'H'],
    lines.join('\n'),
    [literals, list.map((e) => e.min), list.map((e) => e.max), list.map((e) => e.values ?? []), HELPERS],
  );
}
