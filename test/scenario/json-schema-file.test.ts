import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { scenarioJsonSchemaText } from '../../src/scenario/scenario-json-schema.js';
import { repoRoot } from '../load-fixture.js';

describe('schema/scenario.schema.json', () => {
  it('matches the zod schema it is generated from (run `npm run schema` after changing the format)', () => {
    expect(readFileSync(`${repoRoot}schema/scenario.schema.json`, 'utf8')).toBe(scenarioJsonSchemaText());
  });

  // Editors validate the file as written against the published schema: it must accept every
  // shorthand the loader expands (templates, guard strings, move lists, rule sets, ranges).
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(`${repoRoot}schema/scenario.schema.json`, 'utf8')));
  const read = (file: string): any => (file.endsWith('.json') ? JSON.parse(readFileSync(file, 'utf8')) : parse(readFileSync(file, 'utf8')));

  it.each(readdirSync(`${repoRoot}scenarios`).filter((f) => /\.(json|ya?ml)$/.test(f)))('accepts the shipped scenario %s as written', (file) => {
    const ok = validate(read(`${repoRoot}scenarios/${file}`));
    expect(validate.errors ?? [], file).toEqual([]);
    expect(ok).toBe(true);
  });

  it('accepts the flagship\'s shorthands and refuses what the loader refuses', () => {
    const flagship = read(`${repoRoot}scenarios/turkey-rare-earths.yaml`);
    expect(flagship.ruleSets).toBeDefined();
    expect(validate(flagship)).toBe(true);
    const param = Object.values(flagship.parameters).find((p: any) => Array.isArray(p.range)) as any;
    param.low = param.range[0];
    expect(validate(flagship), 'a parameter with both "range" and "low"').toBe(false);
    delete param.low;
    param.range = [1, 2, 3];
    expect(validate(flagship), 'a range of three numbers').toBe(false);
    param.range = [1, 2];
    flagship.strategies.keepWarm.rules.push({ use: 'westCore', when: 'round > 2' });
    expect(validate(flagship), 'a "use" rule with other keys').toBe(false);
    flagship.strategies.keepWarm.rules.pop();
    flagship.strategies.keepWarm.rules.push({ move: [] });
    expect(validate(flagship), 'an empty list of moves').toBe(false);
  });
});
