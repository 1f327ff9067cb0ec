import type { LintRule } from '../lint-rule.js';
import { ExpandedDocument } from '../../scenario/expanded-document.js';

/** W_UNUSED_RULE_SET: a rule set no strategy uses; its rules are never checked. */
export const unusedRuleSet: LintRule = {
  code: 'W_UNUSED_RULE_SET',
  summary: 'a rule set no strategy uses',
  sampled: false,
  check(ctx) {
    const written = ctx.document instanceof ExpandedDocument ? ctx.document.written.value : ctx.document.value;
    if (!isObject(written) || !isObject(written.ruleSets)) return [];
    const used = new Set(
      Object.values(isObject(written.strategies) ? written.strategies : {}).flatMap((s) =>
        isObject(s) && Array.isArray(s.rules) ? s.rules.flatMap((r) => (isObject(r) && typeof r.use === 'string' ? [r.use] : [])) : [],
      ),
    );
    return Object.keys(written.ruleSets)
      .filter((name) => !used.has(name))
      .map((name) =>
        ctx.warning('W_UNUSED_RULE_SET', ['ruleSets', name], `rule set '${name}' is not used by any strategy: its rules are never checked`, `use it in a strategy's rules ({"use": "${name}"}), or remove it`, true),
      );
  },
};

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
