import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { internalized } from '../../src/scenario/internalized.js';
import { JsonDocument } from '../../src/scenario/json-document.js';

describe('internalized', () => {
  it('returns an equal string for any text, prototype names and numbers included', () => {
    for (const s of ['active.study', '__proto__', 'constructor', '12', '-0', '', 'süd,ost', 'a'.repeat(200)]) expect(internalized(s)).toBe(s);
  });

  it('leaves every value of a scenario file as written (short strings internalized, long ones not)', () => {
    for (const file of ['scenarios/us-ukraine-minerals.json', 'scenarios/supplier-duel.json']) {
      const text = readFileSync(file, 'utf8');
      const { document, problems } = JsonDocument.parse(text, file);
      expect(problems).toEqual([]);
      expect(document.value).toEqual(JSON.parse(text));
    }
  });
});
