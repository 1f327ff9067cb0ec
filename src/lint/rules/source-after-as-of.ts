import type { LintRule } from '../lint-rule.js';
import { certainlyAfter } from '../../scenario/date-span.js';

/**
 * W_SOURCE_AFTER_AS_OF: the scenario says it models a decision taken on `asOf`, but a parameter or an
 * event rests on a source published after that date, so the model may know what the decision maker
 * could not. Sources that report the real outcome belong in `resolution.sources`, where they are
 * expected to be later. A source dated only to the month or year is flagged only when it is certainly
 * later (its first possible day is after asOf).
 */
export const sourceAfterAsOf: LintRule = {
  code: 'W_SOURCE_AFTER_AS_OF',
  summary: 'a source cited by a parameter or event (or not cited by the resolution) is dated after asOf',
  sampled: false,
  check(ctx) {
    const file = ctx.scenario.file;
    const asOf = file.asOf;
    if (asOf === undefined) return [];
    const late = new Set(Object.entries(file.sources).filter(([, s]) => certainlyAfter(s.date, asOf)).map(([id]) => id));
    if (late.size === 0) return [];
    const cited = new Set<string>();
    const warnings = [];
    const citations: [string, string[] | undefined][] = [
      ...Object.entries(file.parameters).map(([id, p]): [string, string[] | undefined] => [`parameters.${id}`, p.sources]),
      ...Object.entries(file.events).map(([id, e]): [string, string[] | undefined] => [`events.${id}`, e.sources]),
    ];
    for (const [where, ids] of citations) {
      (ids ?? []).forEach((id, i) => {
        if (!late.has(id)) return;
        cited.add(id);
        const [kind, name] = where.split('.') as [string, string];
        warnings.push(
          ctx.warning(
            'W_SOURCE_AFTER_AS_OF',
            [kind, name, 'sources', i],
            `${kind === 'parameters' ? 'parameter' : 'event'} '${name}' cites '${id}', dated ${file.sources[id]!.date}, after asOf ${asOf}: the model uses what could not be known at the decision`,
            'cite a source published by asOf, or mark the value as an assumption without it; sources about the real outcome go in resolution.sources',
          ),
        );
      });
    }
    const resolutionSources = new Set(file.resolution?.sources ?? []);
    for (const id of late) {
      if (cited.has(id) || resolutionSources.has(id)) continue;
      warnings.push(
        ctx.warning(
          'W_SOURCE_AFTER_AS_OF',
          ['sources', id, 'date'],
          `source '${id}' is dated ${file.sources[id]!.date}, after asOf ${asOf}, and the resolution does not cite it`,
          'if it reports the real outcome, list it in resolution.sources; otherwise remove it or move asOf',
        ),
      );
    }
    return warnings;
  },
};
