import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { repoRoot } from '../load-fixture.js';
import { authoringReference, functionList, referenceRows, withReference } from '../../src/lint/authoring-reference.js';
import { withGeneratedSection } from '../../src/lint/generated-section.js';
import { callForm, EXPRESSION_FUNCTIONS } from '../../src/scenario/expression-functions.js';
import { lintRules } from '../../src/lint/lint-rules.js';

const template = JSON.parse(readFileSync(`${repoRoot}templates/new-scenario.json`, 'utf8')) as unknown;

describe('docs/authoring.md', () => {
  it('has a reference section identical to what `npm run docs` generates (run it when this fails)', () => {
    const doc = readFileSync(`${repoRoot}docs/authoring.md`, 'utf8');
    expect(withReference(doc, authoringReference([template]))).toBe(doc);
  });

  it('lists every expression function in docs/scenario-format.md as `npm run docs` writes it (run it when this fails)', () => {
    const doc = readFileSync(`${repoRoot}docs/scenario-format.md`, 'utf8');
    expect(withGeneratedSection(doc, 'functions', functionList(), 'src/scenario/expression-functions.ts')).toBe(doc);
    for (const f of EXPRESSION_FUNCTIONS) {
      expect(doc).toContain(`\`${callForm(f)}\`: ${f.doc}`);
      expect(authoringReference([template])).toContain(`| \`${callForm(f)}\` | ${f.doc.replace(/\|/g, '\\|')} |`);
    }
  });

  it('documents every top-level field of the schema and every lint rule', () => {
    const ref = authoringReference([template]);
    for (const field of ['clock.horizon', 'parameters.<name>.dist', 'tracks.<name>.moves.<name>.responses[].p', 'expectations[].outcome', 'outcomes.<name>.when']) {
      expect(ref).toContain(`\`${field}\``);
    }
    for (const rule of lintRules) expect(ref).toContain(`\`${rule.code}\``);
  });

  it('gives each field its type, default and an example from a real scenario', () => {
    const rows = referenceRows([template]);
    const unit = rows.find((r) => r.path === 'clock.unit')!;
    expect(unit.required).toBe('default "month"');
    expect(unit.example).toBe('`"month"`');
    const p = rows.find((r) => r.path === 'tracks.<name>.moves.<name>.responses[].p')!;
    expect(p.type).toBe('number \\| expression');
    expect(p.example).toContain('value.counterpart');
  });
});
