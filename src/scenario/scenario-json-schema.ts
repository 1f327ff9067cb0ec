import { z } from 'zod';
import { scenarioSchema } from './scenario-schema.js';

/** The published JSON Schema (draft 2020-12), generated from the zod schema. */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
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
