import type { CompiledOutcome } from '../../scenario/compiled-scenario.js';
import type { ConditionBounds } from '../condition-bounds.js';
import type { LintRule } from '../lint-rule.js';

/**
 * The earlier outcome that always wins over outcome `index`, proven by reading the conditions:
 * outcomes are tried in order, so a later outcome never matches when an earlier one holds whenever
 * it does (a catch-all, a condition that always holds, the same condition, or one its condition
 * implies, e.g. `tracks.us.deal` before `tracks.us.deal && utility.host > 0.5`). Undefined when none.
 */
export function outcomeShadowedBy(outcomes: readonly CompiledOutcome[], index: number, bounds: ConditionBounds): CompiledOutcome | undefined {
  const later = outcomes[index]!;
  const assuming = later.when === undefined ? [] : [later.when.source];
  // A condition that can never hold is another mistake, not shadowing.
  if (later.when !== undefined && bounds.truth(later.when.source) === 'never') return undefined;
  for (let i = 0; i < index; i++) {
    const earlier = outcomes[i]!;
    if (earlier.when === undefined || bounds.truth(earlier.when.source, assuming) === 'always') return earlier;
  }
  return undefined;
}

/** How an earlier outcome's condition covers a later one's, for messages. */
export function coverage(earlier: CompiledOutcome, later: CompiledOutcome): string {
  if (earlier.when === undefined) return `'${earlier.id}' has no condition (a catch-all) and comes first`;
  if (later.when !== undefined && earlier.when.source.replace(/\s+/g, '') === later.when.source.replace(/\s+/g, '')) {
    return `'${earlier.id}' comes first with the same condition`;
  }
  return `'${earlier.id}' comes first and its condition "${earlier.when.source}" holds whenever ${later.when === undefined ? 'a run ends' : `"${later.when.source}" does`}`;
}

/**
 * W_OUTCOME_SHADOWED: an outcome that can never match because an earlier one always wins (outcomes
 * are tried in order and the first that holds classifies the run). Proven from the conditions.
 */
export const outcomeShadowed: LintRule = {
  code: 'W_OUTCOME_SHADOWED',
  summary: 'an outcome that can never match because an earlier, broader outcome always wins (outcomes are tried in order)',
  sampled: false,
  check(ctx) {
    const outcomes = ctx.scenario.outcomes;
    return outcomes.flatMap((o, j) => {
      const earlier = outcomeShadowedBy(outcomes, j, ctx.bounds);
      if (earlier === undefined) return [];
      return [
        ctx.warning(
          'W_OUTCOME_SHADOWED',
          o.when === undefined ? ['outcomes', o.id] : ['outcomes', o.id, 'when'],
          `outcome '${o.id}' can never match: ${coverage(earlier, o)}`,
          o.when === undefined
            ? `only the last outcome may go without "when": give '${earlier.id}' a condition, or remove '${o.id}'`
            : earlier.when === undefined
              ? `move the catch-all '${earlier.id}' to the end of "outcomes"`
              : `move '${o.id}' before '${earlier.id}' if it is the more specific case, or narrow '${earlier.id}' so that it excludes it (add "&& !(${o.when.source})")`,
          o.when === undefined,
        ),
      ];
    });
  },
};
