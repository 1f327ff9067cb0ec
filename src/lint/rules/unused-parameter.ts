import type { LintRule } from '../lint-rule.js';
import { namesRead, scenarioExpressions } from '../scenario-expressions.js';

/** W_UNUSED_PARAMETER: no expression reads the parameter; it is sampled every run for nothing. */
export const unusedParameter: LintRule = {
  code: 'W_UNUSED_PARAMETER',
  summary: 'a parameter no expression reads',
  sampled: false,
  check(ctx) {
    const read = new Set<string>();
    for (const { expr } of scenarioExpressions(ctx.scenario)) for (const name of namesRead(expr.source, 'param')) read.add(name);
    return ctx.scenario.parameters
      .filter((p) => !read.has(p.name))
      .map((p) =>
        ctx.warning(
          'W_UNUSED_PARAMETER',
          ['parameters', p.name],
          `parameter '${p.name}' is never read (no expression uses param.${p.name}): it is sampled every run and swung in sensitivity analysis for nothing`,
          `use param.${p.name} in a condition, probability or initial value, or remove it`,
          true,
        ),
      );
  },
};
