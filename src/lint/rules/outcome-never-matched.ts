import type { LintRule } from '../lint-rule.js';
import { outcomeShadowedBy } from './outcome-shadowed.js';

/**
 * W_OUTCOME_NEVER_MATCHED: in the sampled runs an outcome's condition held at the end of some runs
 * but the outcome classified none, because earlier outcomes took every one of them. Sampled, not
 * proven (W_OUTCOME_SHADOWED reports what reading the conditions proves, and this rule skips it).
 */
export const outcomeNeverMatched: LintRule = {
  code: 'W_OUTCOME_NEVER_MATCHED',
  summary: 'an outcome that matched no sampled run although its condition held: earlier outcomes took every such run',
  sampled: true,
  check(ctx) {
    const facts = ctx.samples();
    const outcomes = ctx.scenario.outcomes;
    return outcomes.flatMap((o, j) => {
      const held = facts.outcomes.held[j]!;
      if (o.when === undefined || held === 0 || facts.outcomes.matched[j]! > 0) return [];
      if (outcomeShadowedBy(outcomes, j, ctx.bounds) !== undefined) return [];
      const takers = [...facts.outcomes.takenBy[j]!.entries()].filter(([i]) => i >= 0 && i < j).sort((a, b) => b[1] - a[1]);
      if (takers.length === 0) return [];
      const names = takers.map(([i]) => `'${outcomes[i]!.id}'`);
      const who =
        takers.length === 1
          ? `outcome ${names[0]} matched every one of them`
          : `outcomes ${names.join(', ')} (${takers.map(([, n]) => n).join(', ')} runs) took them`;
      const first = outcomes[takers[0]![0]]!;
      return [
        ctx.warning(
          'W_OUTCOME_NEVER_MATCHED',
          ['outcomes', o.id, 'when'],
          `outcome '${o.id}' matched none of ${facts.runs} sampled runs (seed '${facts.seed}'): its condition held at the end of ${held} of them, but ${who} first`,
          `outcomes are tried in order: move '${o.id}' before '${first.id}' if it is the more specific case, or narrow '${first.id}' so that it excludes '${o.id}'`,
        ),
      ];
    });
  },
};
