import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isScalar, parseDocument, stringify, type Scalar } from 'yaml';
import { yamlScalarOffsets, type YamlScalarToken } from '../../src/scenario/yaml-scalar-offsets.js';

const STYLES = ['PLAIN', 'QUOTE_SINGLE', 'QUOTE_DOUBLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'] as const;

/** The scalar at outer.v of a YAML text, with its source token. */
function scalarIn(text: string): Scalar<string> | undefined {
  const node = parseDocument(text, { keepSourceTokens: true }).getIn(['outer', 'v'], true);
  return isScalar(node) && typeof node.value === 'string' ? (node as Scalar<string>) : undefined;
}

/** Whether the raw character at an offset can stand for value character c (itself, an escape, a folded line break). */
function standsFor(raw: string | undefined, c: string): boolean {
  if (raw === c || raw === '\\') return true;
  if (c === ' ' || c === '\n') return raw === '\n' || raw === '\r' || raw === ' ' || raw === undefined;
  return /[\uDC00-\uDFFF]/.test(c);
}

describe('yamlScalarOffsets', () => {
  it('traces every character of any string, in every style the yaml package writes, to the text that wrote it', () => {
    const chars = fc.constantFrom('a', 'b', ' ', ' ', '\n', "'", '"', '\\', 'é', '#', ':', '\t', '😀', '-', '\u0085', '[');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 60 }).map((a) => a.join('')), fc.constantFrom(...STYLES), fc.constantFrom(20, 40, 80), (s, style, lineWidth) => {
        const text = stringify({ outer: { v: s } }, { defaultStringType: style, lineWidth, minContentWidth: 5 });
        const node = scalarIn(text);
        if (node === undefined || node.value !== s) return; // a style the writer refused for this string
        const offsets = yamlScalarOffsets(node.srcToken as YamlScalarToken, node.value);
        expect(offsets, `${style} ${JSON.stringify(text)}`).toBeDefined();
        expect(offsets).toHaveLength(s.length + 1);
        for (let i = 0; i < s.length; i++) expect(standsFor(text[offsets![i]!], s[i]!), `${i} of ${JSON.stringify(text)}`).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('follows hand-written folding: indented continuation lines, blank lines, escaped line breaks, an indentation indicator', () => {
    const cases: [string, string][] = [
      ['outer:\n  v: one\n     two\n\n     x\n', 'x'],
      ["outer:\n  v: 'one ''two''\n\n      x'\n", 'x'],
      ['outer:\n  v: "one \\\n      two\\tx"\n', 'x'],
      ['outer:\n  v: |2\n      indented\n    x\n', 'x'],
      ['outer:\n  v: >+ # kept\n    a\n\n    b x\n\n', 'x'],
    ];
    for (const [text, needle] of cases) {
      const node = scalarIn(text)!;
      const offsets = yamlScalarOffsets(node.srcToken as YamlScalarToken, node.value);
      expect(offsets, text).toBeDefined();
      expect(text[offsets![node.value.lastIndexOf(needle)]!], text).toBe(needle);
    }
  });

  it('gives undefined rather than a wrong place when the value is not what the text says', () => {
    const node = scalarIn('outer:\n  v: "abc"\n')!;
    expect(yamlScalarOffsets(node.srcToken as YamlScalarToken, 'abd')).toBeUndefined();
  });
});
