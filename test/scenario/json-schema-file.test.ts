import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { scenarioJsonSchemaText } from '../../src/scenario/scenario-json-schema.js';
import { repoRoot } from '../load-fixture.js';

describe('schema/scenario.schema.json', () => {
  it('matches the zod schema it is generated from (run `npm run schema` after changing the format)', () => {
    expect(readFileSync(`${repoRoot}schema/scenario.schema.json`, 'utf8')).toBe(scenarioJsonSchemaText());
  });
});
