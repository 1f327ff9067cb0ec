import type { LintRule } from '../lint-rule.js';
import { EXPLORER } from '../sample-positions.js';
import { leastProbabilitySum, responseLists, SUM_TOLERANCE } from './probabilities-always-exceed-one.js';

/**
 * W_PROBABILITIES_EXCEED_ONE: the explicit probabilities of a move's responses (or an event's
 * branches) summed above 1 in a sampled position; the engine then scales them down and the response
 * without `p` (the remainder) can never happen.
 */
export const probabilitiesExceedOne: LintRule = {
  code: 'W_PROBABILITIES_EXCEED_ONE',
  summary: "responses' (or branches') probabilities that summed above 1 in the sampled runs",
  sampled: true,
  check(ctx) {
    const facts = ctx.samples();
    // Lists that exceed 1 in every position are W_PROBABILITIES_ALWAYS_EXCEED_ONE's.
    const always = new Set(
      responseLists(ctx.scenario)
        .filter((l) => leastProbabilitySum(l.responses, ctx.bounds).sum > 1 + SUM_TOLERANCE)
        .map((l) => l.path.join('\u0000')),
    );
    return [...facts.overfull.values()].filter((o) => !always.has(o.path.join('\u0000'))).map((o) => {
      const who = o.witness.strategy === EXPLORER ? 'the exploring host' : `strategy '${o.witness.strategy}'`;
      return ctx.warning(
        'W_PROBABILITIES_EXCEED_ONE',
        o.path,
        `these probabilities add up to as much as ${o.max.toPrecision(3)} (round ${o.witness.round} of run ${o.witness.run} with ${who}, seed '${facts.seed}'); the engine scales them to sum to 1, so any remainder response never happens`,
        'make them sum to at most 1, e.g. scale each by the same factor or give the last response the remainder by omitting its "p"',
      );
    });
  },
};
