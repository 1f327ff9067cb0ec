import { describe, expect, it } from 'vitest';
import { JsonDocument } from '../../src/scenario/json-document.js';
import { limits } from '../../src/scenario/limits.js';

/** Odd but legal-looking JSON: each either parses with the right positions or is refused, located. */
describe('JsonDocument on odd JSON', () => {
  it('names both places of a duplicate key: the problem at the second, the message the first', () => {
    const { problems } = JsonDocument.parse('{\n  "a": 1,\n  "b": 2,\n    "a": 3\n}', 'f.json');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'E_DUPLICATE_KEY', location: { line: 4, column: 5 } });
    expect(problems[0]!.message).toContain('first at 2:3');
  });

  it('counts lines the same with LF, CRLF and a lone CR', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const { document, problems } = JsonDocument.parse(['{', '  "a": 1,', '  "b": "x"', '}'].join(eol), 'f.json');
      expect(problems).toEqual([]);
      expect(document.locate(['b'])).toEqual({ file: 'f.json', line: 3, column: 8 });
    }
  });

  it('refuses lone surrogate escapes in strings and keys, and keeps surrogate pairs', () => {
    const bad = JsonDocument.parse('{"a": "x\\ud800y", "\\udc00": 1, "ok": "\\ud83d\\ude00"}', 'f.json');
    expect(bad.problems.map((p) => [p.code, p.location.column])).toEqual([
      ['E_LONE_SURROGATE', 7],
      ['E_LONE_SURROGATE', 19],
    ]);
    const good = JsonDocument.parse('{"ok": "\\ud83d\\ude00"}', 'f.json');
    expect(good.problems).toEqual([]);
    expect((good.document.value as { ok: string }).ok).toBe('😀');
  });

  it('refuses numbers that overflow a double (1e400, -1e400) where they stand', () => {
    const { problems } = JsonDocument.parse('{"a": 1e400, "b": [-1e400], "c": 1.7e308}', 'f.json');
    expect(problems.map((p) => [p.code, p.location.column])).toEqual([
      ['E_NUMBER_RANGE', 7],
      ['E_NUMBER_RANGE', 20],
    ]);
  });

  it('finds deep nesting hidden after a quote in a comment, an unterminated string or closers of the wrong kind', () => {
    const deep = '['.repeat(100_000);
    for (const text of [`// "\n{"a": ${deep}`, `/* " */ {"a": ${deep}`, `{"a": "cut\n${deep}`, `{"a": [${'}['.repeat(50_000)}`]) {
      const { problems } = JsonDocument.parse(text, 'f.json');
      expect(problems.map((p) => p.code)).toEqual(['E_TOO_DEEP']);
    }
    // A bracket inside a string or a comment is not nesting.
    const quiet = JsonDocument.parse(`{"a": "${'['.repeat(limits.nesting * 2)}" /* ${'{'.repeat(limits.nesting * 2)} */}`, 'f.json');
    expect(quiet.problems).toEqual([]);
  });
});
