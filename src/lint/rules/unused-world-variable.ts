import type { LintRule } from '../lint-rule.js';
import { namesRead, scenarioExpressions } from '../scenario-expressions.js';

/**
 * W_UNUSED_WORLD_VARIABLE: no expression reads the variable (an effect that only updates the same
 * variable does not count), and it is not a key indicator shown to the player.
 */
export const unusedWorldVariable: LintRule = {
  code: 'W_UNUSED_WORLD_VARIABLE',
  summary: 'a world variable no expression reads (and not shown as "key")',
  sampled: false,
  check(ctx) {
    const read = new Set<string>();
    for (const { expr, writes } of scenarioExpressions(ctx.scenario)) {
      for (const name of namesRead(expr.source, 'world')) if (name !== writes) read.add(name);
    }
    return ctx.scenario.world
      .filter((w) => !read.has(w.name) && !w.key)
      .map((w) =>
        ctx.warning(
          'W_UNUSED_WORLD_VARIABLE',
          ['world', w.name],
          `world variable '${w.name}' is never read by any condition, probability, guard, outcome or metric, so it changes nothing`,
          `read it as world.${w.name} somewhere, mark it "key": true to show it in the play-through, or remove it`,
          true,
        ),
      );
  },
};
