import { z } from 'zod';
import { parameterSchema, scenarioSchema, strategyRuleSchema, strategySchema, trackInstanceSchema, trackSchema, trackTemplateSchema } from './scenario-schema.js';

const name = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/);

/** A strategy rule as written: "move" may list several moves (one rule each, sharing the rest). */
const authoredRuleSchema = strategyRuleSchema.extend({
  move: z.union([z.string(), z.array(z.string()).min(1)]).describe('"track.move", or "wait" to make no move this round; a list of moves is short for one rule per move, in order, each with this rule\'s other keys.'),
});

/** A rule that stands for the rules of a rule set. */
const useRuleSetSchema = z.strictObject({ use: name.describe('A key of "ruleSets": its rules go here, in order.') });

/**
 * The file as authors write it: the scenario schema (which validates the file once templates and
 * shorthands are expanded) plus the "templates" section and tracks made from a template, the
 * "ruleSets" section and the strategies' move lists and "use" rules, and parameters' "range".
 */
const authoredScenarioSchema = scenarioSchema.extend({
  parameters: z
    .record(
      name,
      z.union([
        parameterSchema.meta({ title: '' }),
        parameterSchema
          .omit({ low: true, high: true })
          .extend({ range: z.tuple([z.number(), z.number()]).describe('[low, high]: short for "low" and "high", the plausible range `parley sensitivity` swings.') })
          .meta({ title: 'with "range"' }),
      ]),
    )
    .optional(),
  ruleSets: z
    .record(name, z.array(authoredRuleSchema).min(1).max(200))
    .optional()
    .describe('Named lists of strategy rules, written once and used by strategies with {"use": "name"}; rule sets do not nest.'),
  strategies: z.record(name, strategySchema.extend({ rules: z.array(z.union([authoredRuleSchema, useRuleSetSchema])).min(1).max(200) })),
  templates: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), trackTemplateSchema).optional().describe('Track templates: tracks written once, instantiated by tracks with "use" and "with".'),
  tracks: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), z.union([trackSchema.meta({ title: '' }), trackInstanceSchema.meta({ title: 'from a template' })])),
});

/** The published JSON Schema (draft 2020-12), generated from the zod schema. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(authoredScenarioSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $id: 'https://parley.dev/schema/scenario.schema.json',
    title: 'Parley scenario',
    description: 'A negotiation scenario for Parley: parties, world, tracks (XState machines), moves, events, strategies, outcomes. Generated from src/scenario/scenario-schema.ts; do not edit by hand.',
    ...schema,
  };
}

/** The file's text: stable key order and a trailing newline, so `git diff` shows real changes only. */
export function scenarioJsonSchemaText(): string {
  return JSON.stringify(scenarioJsonSchema(), null, 2) + '\n';
}
