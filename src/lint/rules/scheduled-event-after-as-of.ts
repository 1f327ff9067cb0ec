import type { LintRule } from '../lint-rule.js';
import { dateOfRound } from '../../scenario/calendar.js';
import { certainlyAfter } from '../../scenario/date-span.js';

/**
 * W_SCHEDULED_AFTER_AS_OF: an event scheduled for a date after `asOf` that fires for certain (`at`, no
 * `p` below 1, no `branches`) and changes something (effects or signals). Written after the fact, such
 * an event replays what really happened instead of forecasting it. It is not flagged when it cites a
 * source dated on or before asOf: an event announced in advance (a summit date, a law's expiry) is
 * knowledge the decision maker had. Whether a random event's probability was tuned on hindsight is
 * not checkable and is left to review.
 */
export const scheduledEventAfterAsOf: LintRule = {
  code: 'W_SCHEDULED_AFTER_AS_OF',
  summary: 'a certain scheduled event after asOf that changes the world or tracks, with no source from before asOf announcing it',
  sampled: false,
  check(ctx) {
    const file = ctx.scenario.file;
    const asOf = file.asOf;
    if (asOf === undefined) return [];
    const warnings = [];
    for (const [id, e] of Object.entries(file.events)) {
      if (e.at === undefined) continue;
      const date = typeof e.at === 'string' ? e.at : dateOfRound(file.clock.start, file.clock.unit, e.at);
      if (!certainlyAfter(date, asOf)) continue;
      const certain = e.p === undefined || e.p === 1;
      const changes = Object.keys(e.effects ?? {}).length > 0 || (e.signals ?? []).length > 0;
      if (!certain || !changes || (e.branches ?? []).length > 0) continue;
      const announced = (e.sources ?? []).some((s) => file.sources[s] !== undefined && !certainlyAfter(file.sources[s]!.date, asOf));
      if (announced) continue;
      warnings.push(
        ctx.warning(
          'W_SCHEDULED_AFTER_AS_OF',
          ['events', id, 'at'],
          `event '${id}' is scheduled for ${date}, after asOf ${asOf}, and fires for certain: unless it was announced by then, this replays what happened instead of forecasting it`,
          'cite a source dated on or before asOf that announced it, or make it a random event ("p", with the judgement marked as an assumption)',
        ),
      );
    }
    return warnings;
  },
};
