import type { CompiledResponse } from '../scenario/compiled-scenario.js';
import { generatedFunction, HELPERS } from '../scenario/compile-source.js';
import type { Simulation } from './simulation.js';
import { lacksCode, probabilityLines } from './site-code.js';

/**
 * The probabilities of one response list (a move's responses, an event's branches), written into `p`
 * as Simulation.probabilities computes them: each clamped to [0, 1], the list scaled down when they
 * sum over 1, else the unnamed response takes what remains. Returns 1 if scaled, 0 if not, and -1 if
 * some expression gave something other than a number (the caller then runs the generic computation,
 * which reports it with the expression's file position).
 */
export type ResponseChances = (sim: Simulation, s: Record<string, unknown>, p: number[]) => number;

/**
 * One generated function per response list, with each probability's generated text in place (see
 * CompiledExpression.code): the generic loop calls into every expression's own function through one
 * call site, which V8 cannot inline. Reservation values (`batna`) are refreshed once for the list,
 * not once per expression that reads them: expressions do not change the world, so the values are
 * the same. Undefined for a list with an expression without generated text, or when code generation
 * is off. Text comes only from fixed templates, integers and generated expression texts.
 */
export function compileChances(list: readonly CompiledResponse[]): ResponseChances | undefined {
  if (list.length === 0) return undefined;
  if (list.some((r) => lacksCode(r.p))) return undefined;
  const lines: string[] = [];
  lines.push('return function responseChances(sim, s, p) {');
  lines.push('  let v, sum = 0, rest = -1;');
  if (list.some((r) => r.p !== undefined && 'expr' in r.p && r.p.expr.readsBatna)) lines.push('  sim.refreshBatna();');
  list.forEach((r, i) => {
    if (r.p === undefined) {
      lines.push(`  p[${i}] = 0;`);
      lines.push(`  rest = ${i};`);
    } else if ('literal' in r.p) {
      lines.push(`  p[${i}] = L[${i}];`);
      lines.push(`  sum += L[${i}];`);
    } else {
      lines.push(`  v = (${r.p.expr.code!});`);
      lines.push(...probabilityLines('  ', 'return -1;'));
      lines.push(`  p[${i}] = v;`);
      lines.push('  sum += v;');
    }
  });
  lines.push('  if (sum > 1 + 1e-9) {');
  lines.push(`    for (let i = 0; i < ${list.length}; i++) p[i] = p[i] / sum;`);
  lines.push('    return 1;');
  lines.push('  }');
  lines.push('  if (rest >= 0) p[rest] = Math.max(0, 1 - sum);');
  lines.push('  return 0;');
  lines.push('};');
  const literals = list.map((r) => (r.p !== undefined && 'literal' in r.p ? r.p.literal : undefined));
  return generatedFunction<ResponseChances>(['L', 'H'], lines.join('\n'), [literals, HELPERS]);
}
