import type { LintRule } from '../lint-rule.js';

/**
 * W_EVENT_CONDITION_NEVER_HOLDS: an event whose `when` can never hold, proven from the condition
 * (e.g. `world.price > 2.0` for a price declared between 0 and 1), so the event never fires.
 */
export const eventConditionNeverHolds: LintRule = {
  code: 'W_EVENT_CONDITION_NEVER_HOLDS',
  summary: "an event whose `when` can never hold (proven from the declared ranges), so it never fires",
  sampled: false,
  check(ctx) {
    return ctx.scenario.events.flatMap((e) => {
      if (e.when === undefined || ctx.bounds.truth(e.when.source) !== 'never') return [];
      return [
        ctx.warning(
          'W_EVENT_CONDITION_NEVER_HOLDS',
          ['events', e.id, 'when'],
          `event '${e.id}' never fires: its condition "${e.when.source}" can never hold (proven from the declared ranges of world variables and parameters)`,
          "compare with values the variables can take (world variables stay within their min and max, parameters within their distribution), or remove the event",
        ),
      ];
    });
  },
};
