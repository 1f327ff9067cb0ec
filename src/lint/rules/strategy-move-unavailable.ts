import type { LintRule } from '../lint-rule.js';

/** W_STRATEGY_MOVE_UNAVAILABLE: a strategy rule names a move that was never available in the sampled runs. */
export const strategyMoveUnavailable: LintRule = {
  code: 'W_STRATEGY_MOVE_UNAVAILABLE',
  summary: 'a strategy rule naming a move that never became available in the sampled runs',
  sampled: true,
  check(ctx) {
    const facts = ctx.samples();
    const problems = [];
    for (const [id, s] of Object.entries(ctx.scenario.file.strategies)) {
      for (const [i, rule] of s.rules.entries()) {
        const move = ctx.scenario.moves.get(rule.move);
        if (!move || facts.moves.get(move.id)!.available > 0) continue;
        problems.push(
          ctx.warning(
            'W_STRATEGY_MOVE_UNAVAILABLE',
            ['strategies', id, 'rules', i, 'move'],
            `strategy '${id}' names move '${move.id}', which was never available in ${facts.runs} sampled runs, so this rule never fires`,
            `see the warnings on move '${move.id}' (its states and condition), or drop the rule`,
          ),
        );
      }
    }
    return problems;
  },
};
