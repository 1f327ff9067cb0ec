import type { LintRule } from '../lint-rule.js';

/**
 * W_STRATEGY_RULE_SHADOWED: in a "first" strategy, a rule that can never be taken because an earlier
 * rule is available whenever it is: the same move with a condition its condition implies (or none),
 * or a "wait" whose condition always holds then (an available wait ends the round's moves). Proven
 * from the conditions; weighted strategies draw among rules and have no order to shadow.
 */
export const strategyRuleShadowed: LintRule = {
  code: 'W_STRATEGY_RULE_SHADOWED',
  summary: 'a strategy rule that is never taken because an earlier rule (the same move, or a wait) is available whenever it is',
  sampled: false,
  check(ctx) {
    return [...ctx.scenario.strategies.values()].flatMap((strategy) => {
      if (strategy.mode !== 'first') return [];
      return strategy.rules.flatMap((rule, j) => {
        const assuming = rule.when === undefined ? [] : [rule.when.source];
        if (rule.when !== undefined && ctx.bounds.truth(rule.when.source) === 'never') return [];
        for (let i = 0; i < j; i++) {
          const earlier = strategy.rules[i]!;
          if (earlier.move !== undefined && earlier.move !== rule.move) continue;
          if (earlier.when !== undefined && ctx.bounds.truth(earlier.when.source, assuming) !== 'always') continue;
          const what = earlier.move === undefined ? "a 'wait'" : `'${earlier.move.id}'`;
          const why =
            earlier.when === undefined
              ? 'has no condition'
              : rule.when !== undefined && earlier.when.source.replace(/\s+/g, '') === rule.when.source.replace(/\s+/g, '')
                ? 'has the same condition'
                : `has the condition "${earlier.when.source}", which holds whenever ${rule.when === undefined ? 'this rule could apply' : `"${rule.when.source}" does`}`;
          return [
            ctx.warning(
              'W_STRATEGY_RULE_SHADOWED',
              ['strategies', strategy.id, 'rules', j],
              `rule ${j + 1} of strategy '${strategy.id}' (${rule.move === undefined ? "'wait'" : `'${rule.move.id}'`}) is never taken: rule ${i + 1}, ${what}, comes first and ${why}`,
              earlier.move === undefined
                ? `give the wait (rule ${i + 1}) a narrower condition, or move it after rule ${j + 1}`
                : `put the more specific rule first (rule ${j + 1} before rule ${i + 1}), or remove rule ${j + 1}`,
            ),
          ];
        }
        return [];
      });
    });
  },
};
