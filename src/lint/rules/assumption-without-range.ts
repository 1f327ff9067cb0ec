import type { LintRule } from '../lint-rule.js';
import type { ScenarioFile } from '../../scenario/scenario-schema.js';

/**
 * W_ASSUMPTION_NO_RANGE, for a scenario that opts in with `"lint": {"namedAssumptions": true}`: a
 * named assumption (`"assumption": true`) with a fixed value and neither `low` nor `high`. It has a
 * name but no plausible range, so `parley sensitivity` holds it still and nobody learns whether it matters.
 */
export const assumptionWithoutRange: LintRule = {
  code: 'W_ASSUMPTION_NO_RANGE',
  summary: 'with "lint": {"namedAssumptions": true}: a fixed-value assumption without "low"/"high", which sensitivity analysis cannot swing',
  sampled: false,
  check(ctx) {
    const file = ctx.scenario.file as ScenarioFile & { lint?: { namedAssumptions?: boolean } };
    if (file.lint?.namedAssumptions !== true) return [];
    return Object.entries(file.parameters)
      .filter(([, p]) => p.assumption && p.dist.type === 'fixed' && p.low === undefined && p.high === undefined)
      .map(([name, p]) =>
        ctx.warning(
          'W_ASSUMPTION_NO_RANGE',
          ['parameters', name],
          `assumption '${name}' is fixed at ${(p.dist as { value: number }).value} with no plausible range: \`parley sensitivity\` cannot swing it`,
          'add "low" and "high": the least and the greatest value you would defend',
          true,
        ),
      );
  },
};
