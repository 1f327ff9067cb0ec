import type { CompiledResponse } from '../scenario/compiled-scenario.js';
import { _, compileFunction, expressionCode, HELPERS_PARAM, join, name, SCOPE, type Code } from '../scenario/code-template.js';
import { HELPERS } from '../scenario/compile-source.js';
import { handOvers } from './hand-overs.js';
import type { RunExpressions, Scope } from './run-scope.js';
import type { RunRandom } from './run-random.js';
import type { TraceEntry } from './trace-entry.js';

/**
 * Responses: which answer a move gets (or which branch an event takes). Each response's probability
 * is clamped to [0, 1]; a list summing over 1 is scaled down; a response without `p` takes what
 * remains. One uniform draw from the move's slot then picks the first response whose cumulative
 * probability exceeds it, or none ("nothing happens").
 *
 * Two implementations of the probabilities behind one contract: `responseChances` (the reference,
 * which reports a failing expression with its file position) and `compileChances` (one generated
 * function per list). Both write into a buffer and say whether the list was scaled; the generated
 * one returns -1 where an expression gave no number, and the reference then runs from the start.
 */

/**
 * A list's generated probabilities, written into `p`: returns 1 if the list was scaled down, 0 if
 * not, -1 if an expression gave something other than a number. `refreshBatna` is called once for
 * the list when some probability reads `batna` (expressions do not change the world, so the
 * reservation values are the same for the whole list).
 */
export type ResponseChances = (s: Scope, p: number[], refreshBatna: () => void) => number;

const P = name('p');
const REFRESH = name('refreshBatna');

/**
 * The statements that turn `v`, an expression's value, into a probability as the reference does
 * (clamped to [0, 1]), or run `onBad` (a return statement) where it is not a number or is NaN.
 * Shared with the round's event loop (round-events.ts).
 */
export function clampProbability(onBad: Code): Code {
  return _`if (typeof v !== 'number' || v !== v) ${onBad}
    v = v < 0 ? 0 : v > 1 ? 1 : v;`;
}

/** The list's probabilities as one generated function; undefined for an empty list, an expression without generated text, or code generation off. */
export function compileChances(list: readonly CompiledResponse[]): ResponseChances | undefined {
  // A negotiator's decision moves the remainder at run time: such lists take the reference.
  if (list.length === 0 || list.some((r) => r.decision !== undefined)) return undefined;
  const lines: Code[] = [];
  let readsBatna = false;
  for (let i = 0; i < list.length; i++) {
    const r = list[i]!;
    if (r.p === undefined) lines.push(_`${P}[${i}] = 0;`, _`rest = ${i};`);
    else if ('literal' in r.p) lines.push(_`${P}[${i}] = ${r.p.literal};`, _`sum += ${r.p.literal};`);
    else {
      const code = expressionCode(r.p.expr);
      if (code === undefined) return undefined;
      readsBatna ||= r.p.expr.readsBatna;
      lines.push(_`v = ${code};`, clampProbability(_`return -1;`), _`${P}[${i}] = v;`, _`sum += v;`);
    }
  }
  const body = _`return function responseChances(${SCOPE}, ${P}, ${REFRESH}) {
    let v, sum = 0, rest = -1;
    ${readsBatna ? _`${REFRESH}();` : _``}
    ${join(lines, _`\n    `)}
    if (sum > 1 + 1e-9) {
      for (let i = 0; i < ${list.length}; i++) ${P}[i] = ${P}[i] / sum;
      return 1;
    }
    if (rest >= 0) ${P}[rest] = Math.max(0, 1 - sum);
    return 0;
  };`;
  return compileFunction<ResponseChances>([HELPERS_PARAM], body, [HELPERS]);
}

/**
 * The reference: the list's probabilities into `p`; returns whether they summed over 1 and were
 * scaled down. On a negotiator's track, `decided` names its decision: the response for it takes the
 * remainder, the other decision none.
 */
export function responseChances(x: RunExpressions, list: readonly CompiledResponse[], p: number[], decided?: 'accept' | 'counter'): boolean {
  let sum = 0;
  let remainder = -1;
  for (let i = 0; i < list.length; i++) {
    const r = list[i]!;
    if (r.p === undefined) {
      if (r.decision === undefined || r.decision === decided) remainder = i;
      p[i] = 0;
      continue;
    }
    const v = x.probability(r.p);
    p[i] = v;
    sum += v;
  }
  let normalised = false;
  if (sum > 1 + 1e-9) {
    for (let i = 0; i < list.length; i++) p[i] = p[i]! / sum;
    normalised = true;
  } else if (remainder >= 0) p[remainder] = Math.max(0, 1 - sum);
  return normalised;
}

/** Responses and branches are capped at 50 by the schema; one buffer serves every draw (never reentered). */
const PROBABILITY_BUFFER: number[] = new Array(64).fill(0);

/**
 * Picks a response from a list: the probabilities (generated where there is a function, else the
 * reference), then the draw. When no trace is kept and no draw is held, a first possible response
 * that is certain is chosen without drawing.
 */
export function chooseResponse(
  x: RunExpressions,
  list: readonly CompiledResponse[],
  generated: ResponseChances | undefined,
  random: RunRandom,
  slot: number,
  of: string,
  held: number | undefined,
  trace: TraceEntry[] | undefined,
  decided?: 'accept' | 'counter',
): CompiledResponse | undefined {
  const p = PROBABILITY_BUFFER;
  let normalised: boolean;
  if (generated === undefined) normalised = responseChances(x, list, p, decided);
  else {
    let scaled = -1;
    try {
      scaled = generated(x.scope, p, x.refreshBatna);
    } catch {
      // scaled stays -1
    }
    if (scaled < 0) {
      handOvers.chances++;
      normalised = responseChances(x, list, p);
    } else normalised = scaled === 1;
  }
  if (trace === undefined && held === undefined) {
    // A draw is in [0, 1): when the first response with a chance has a certain one, it is chosen
    // whatever the draw, which is then not made.
    let first = 0;
    while (first < list.length && !(p[first]! > 0)) first++;
    if (first < list.length && p[first]! >= 1) return list[first];
  }
  const draw = held ?? random.at(x.round, slot);
  let chosen: CompiledResponse | undefined;
  let acc = 0;
  for (let i = 0; i < list.length; i++) {
    acc += p[i]!;
    if (draw < acc) {
      chosen = list[i];
      break;
    }
  }
  trace?.push({
    round: x.round,
    kind: 'choice',
    of,
    options: list.map((r, i) => ({ label: r.label, p: p[i]! })),
    draw,
    chosen: chosen?.label ?? '(nothing happens)',
    normalised,
  });
  return chosen;
}

/** The probability of each response of a list now (the reference; tools explain moves with it). */
export function responseList(x: RunExpressions, list: readonly CompiledResponse[], decided?: 'accept' | 'counter'): { label: string; p: number }[] {
  const p = PROBABILITY_BUFFER;
  responseChances(x, list, p, decided);
  return list.map((r, i) => ({ label: r.label, p: p[i]! }));
}
