import { z } from 'zod';
import { scenarioSchema, trackInstanceSchema, trackSchema, trackTemplateSchema } from './scenario-schema.js';

/**
 * The file as authors write it: the scenario schema (which validates the file once templates and
 * shorthands are expanded) plus the "templates" section and tracks made from a template.
 */
const authoredScenarioSchema = scenarioSchema.extend({
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
