import type { LintRule } from '../lint-rule.js';
import { ExpandedDocument } from '../../scenario/expanded-document.js';

/** W_UNUSED_TEMPLATE: a track template no track is made from; its body is never checked. */
export const unusedTemplate: LintRule = {
  code: 'W_UNUSED_TEMPLATE',
  summary: 'a track template no track uses',
  sampled: false,
  check(ctx) {
    const written = ctx.document instanceof ExpandedDocument ? ctx.document.written.value : ctx.document.value;
    if (!isObject(written) || !isObject(written.templates)) return [];
    const used = new Set(Object.values(isObject(written.tracks) ? written.tracks : {}).flatMap((t) => (isObject(t) && typeof t.use === 'string' ? [t.use] : [])));
    return Object.keys(written.templates)
      .filter((name) => !used.has(name))
      .map((name) =>
        ctx.warning(
          'W_UNUSED_TEMPLATE',
          ['templates', name],
          `template '${name}' is not used by any track: its body is never checked`,
          `make a track from it ("use": "${name}"), or remove it`,
          true,
        ),
      );
  },
};

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
