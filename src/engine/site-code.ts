import type { ValueSource } from '../scenario/compiled-scenario.js';
import type { CompiledExpression } from '../scenario/compile-expression.js';

/**
 * Pieces the generated sites (compile-*.ts) share. A site is generated only where every expression
 * it would run has generated text (CompiledExpression.code); this says whether one lacks it.
 */
export function lacksCode(x: CompiledExpression | ValueSource<unknown> | undefined): boolean {
  if (x === undefined || 'literal' in x) return false;
  return ('expr' in x ? x.expr : x).code === undefined;
}

/**
 * The lines that turn `v`, an expression's value, into a probability as Simulation.probability does
 * (clamped to [0, 1]), or run `onBad` (a return statement) where it is not a number or is NaN.
 */
export function probabilityLines(indent: string, onBad: string): string[] {
  return [`${indent}if (typeof v !== 'number' || v !== v) ${onBad}`, `${indent}v = v < 0 ? 0 : v > 1 ? 1 : v;`];
}
