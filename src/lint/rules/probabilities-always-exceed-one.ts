import type { CompiledResponse, CompiledScenario } from '../../scenario/compiled-scenario.js';
import type { ConditionBounds } from '../condition-bounds.js';
import type { LintRule } from '../lint-rule.js';

/** A list of responses (a move's) or branches (an event's), with its path in the file. */
export interface ResponseList {
  readonly path: readonly (string | number)[];
  readonly responses: readonly CompiledResponse[];
}

export function responseLists(scenario: CompiledScenario): ResponseList[] {
  const out: ResponseList[] = [];
  for (const t of scenario.tracks) for (const m of t.moves) out.push({ path: ['tracks', t.id, 'moves', m.name, 'responses'], responses: m.responses });
  for (const e of scenario.events) if (e.branches.length > 0) out.push({ path: ['events', e.id, 'branches'], responses: e.branches });
  return out;
}

/**
 * The least the explicit probabilities of a list can add up to, each held within [0, 1] as the
 * engine does: literals, and the lowest value each expression can take (exact for constants and
 * fixed parameters). `exact` when every one of them is a constant.
 */
export function leastProbabilitySum(list: readonly CompiledResponse[], bounds: ConditionBounds): { sum: number; exact: boolean } {
  let sum = 0;
  let exact = true;
  for (const r of list) {
    if (r.p === undefined) continue;
    if ('literal' in r.p) {
      sum += Math.min(1, Math.max(0, r.p.literal));
      continue;
    }
    const range = bounds.range(r.p.expr.source);
    if (range === undefined || range.lo !== range.hi) exact = false;
    if (range !== undefined) sum += Math.min(1, Math.max(0, range.lo));
  }
  return { sum, exact };
}

/** Above this, a sum is over 1 and not rounding. */
export const SUM_TOLERANCE = 1e-9;

/**
 * W_PROBABILITIES_ALWAYS_EXCEED_ONE: the explicit probabilities of a move's responses (or an event's
 * branches) add up to more than 1 in every position: they are constants (literals, expressions of
 * constants and fixed parameters) or their least values already do. Found without playing, so
 * `parley lint --static` reports it; W_PROBABILITIES_EXCEED_ONE, sampled, finds sums that only
 * sometimes exceed 1.
 */
export const probabilitiesAlwaysExceedOne: LintRule = {
  code: 'W_PROBABILITIES_ALWAYS_EXCEED_ONE',
  summary: "responses' (or branches') probabilities that add up to more than 1 whatever happens (constants, or their least values)",
  sampled: false,
  check(ctx) {
    return responseLists(ctx.scenario).flatMap(({ path, responses }) => {
      const { sum, exact } = leastProbabilitySum(responses, ctx.bounds);
      if (sum <= 1 + SUM_TOLERANCE) return [];
      const remainder = responses.some((r) => r.p === undefined);
      return [
        ctx.warning(
          'W_PROBABILITIES_ALWAYS_EXCEED_ONE',
          path,
          `these probabilities add up to ${exact ? '' : 'at least '}${Number(sum.toPrecision(4))} in every position; the engine scales them to sum to 1${remainder ? ', so the response without "p" (the remainder) never happens' : ', so each happens less often than written'}`,
          'make them sum to at most 1, e.g. scale each by the same factor or give the last response the remainder by omitting its "p"',
        ),
      ];
    });
  },
};
