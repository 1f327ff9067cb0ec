import type { LintRule } from '../lint-rule.js';

/**
 * W_EVENT_CONDITION_NEVER_HELD: an event whose `when` was false in every round of the sampled runs
 * where it could fire, so it never fired. Sampled, not proven (W_EVENT_CONDITION_NEVER_HOLDS reports
 * what reading the condition proves, and this rule skips it).
 */
export const eventConditionNeverHeld: LintRule = {
  code: 'W_EVENT_CONDITION_NEVER_HELD',
  summary: "an event whose `when` was false in every sampled round where it could fire",
  sampled: true,
  check(ctx) {
    const facts = ctx.samples();
    return ctx.scenario.events.flatMap((e) => {
      const s = facts.events.get(e.id);
      if (e.when === undefined || s === undefined || s.checked === 0 || s.held > 0 || s.firedRuns > 0) return [];
      if (ctx.bounds.truth(e.when.source) === 'never') return [];
      return [
        ctx.warning(
          'W_EVENT_CONDITION_NEVER_HELD',
          ['events', e.id, 'when'],
          `event '${e.id}' never fired in the sampled runs: its condition "${e.when.source}" was false in all ${s.checked} rounds where it was checked (${facts.runs} runs, seed '${facts.seed}'; sampled, not proven)`,
          'check the condition against the values world variables and parameters really take (`parley run --trace` shows them), or remove the event',
        ),
      ];
    });
  },
};
