import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { repoRoot } from '../load-fixture.js';
import { parseSourceDocument } from '../../src/scenario/source-document.js';
import { scenarioText, yamlSchemaComment } from '../../src/scenario/scenario-text.js';

const files = [...readdirSync(`${repoRoot}scenarios`).filter((f) => /\.(json|ya?ml)$/.test(f)).map((f) => `scenarios/${f}`), 'templates/new-scenario.json', 'test/fixtures/lint/clean.json'];

function valueOf(text: string, file: string): unknown {
  const { document, problems } = parseSourceDocument(text, file);
  expect(problems, file).toEqual([]);
  return document.value;
}

describe('scenarioText: JSON and YAML of the same scenario', () => {
  it('has files to convert (the check below is not vacuous)', () => expect(files.length).toBeGreaterThanOrEqual(5));

  for (const file of files) {
    it(`round-trips ${file} JSON -> YAML -> JSON keeping every value, the schema reference in the YAML comment`, () => {
      const original = valueOf(readFileSync(`${repoRoot}${file}`, 'utf8'), file) as Record<string, unknown>;
      const yaml = scenarioText(original, 'yaml');
      const fromYaml = valueOf(yaml, 'copy.yaml') as Record<string, unknown>;
      expect(fromYaml.$schema).toBeUndefined();
      expect(yamlSchemaComment(yaml)).toBe(original.$schema);
      const json = scenarioText(fromYaml, 'json', yamlSchemaComment(yaml));
      expect(valueOf(json, 'back.json')).toEqual(original);
    });
  }

  it('quotes strings that YAML would otherwise read as numbers, booleans or null', () => {
    const value = { a: '12', b: 'true', c: 'null', d: '1e3', e: '0x10', f: '', g: "it's: #1", h: 'line\nbreak' };
    expect(valueOf(scenarioText(value, 'yaml'), 'q.yaml')).toEqual(value);
  });
});
