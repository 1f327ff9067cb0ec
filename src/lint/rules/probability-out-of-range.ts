import type { LintRule } from '../lint-rule.js';
import { EXPLORER } from '../sample-positions.js';

/**
 * W_PROBABILITY_RANGE: a probability expression (a response's or branch's `p`, an event's `p`) gave a
 * value outside [0, 1] in the sampled positions. The engine clamps it, which hides the mistake.
 */
export const probabilityOutOfRange: LintRule = {
  code: 'W_PROBABILITY_RANGE',
  summary: 'a probability expression that left [0, 1] in the sampled runs (the engine clamps it)',
  sampled: true,
  check(ctx) {
    const facts = ctx.samples();
    return [...facts.probabilities.values()]
      .filter((s) => s.outside > 0)
      .map((s) => {
        const w = s.witness!;
        const who = w.strategy === EXPLORER ? 'the exploring host' : `strategy '${w.strategy}'`;
        return ctx.warning(
          'W_PROBABILITY_RANGE',
          s.expr.path,
          `probability "${s.expr.source}" ranged over [${fmt(s.min)}, ${fmt(s.max)}] and left [0, 1] in ${s.outside} of ${s.evaluations} sampled evaluations (e.g. ${fmt(w.value)} in round ${w.round} of run ${w.run} with ${who}, seed '${facts.seed}'); the engine clamps it`,
          'bound it: clamp(<expr>, 0.0, 1.0), or logistic(<score>) for a smooth S-curve',
        );
      });
  },
};

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(3);
}
