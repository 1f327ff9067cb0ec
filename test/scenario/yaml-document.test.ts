import { describe, expect, it } from 'vitest';
import { YamlDocument } from '../../src/scenario/yaml-document.js';
import { parseSourceDocument } from '../../src/scenario/source-document.js';
import { limits } from '../../src/scenario/limits.js';

const parse = (text: string) => YamlDocument.parse(text, 'f.yaml');
const codes = (text: string) => parse(text).problems.map((p) => p.code);
const at = (text: string) => parse(text).problems.map((p) => `${p.code} ${p.location.line}:${p.location.column}`);

/** `depth` levels of block collections: maps and sequences alternating, each a column further right. */
function blockLadder(depth: number): string {
  let text = '';
  for (let level = 0; level < depth; level++) text += ' '.repeat(level) + (level % 2 === 0 ? 'k:\n' : '-\n');
  return text.replace(/\n$/, ' x\n').replace(/-\n$/, '- x\n');
}

describe('YamlDocument: values as in JSON', () => {
  it('is chosen by parseSourceDocument for .yaml and .yml, in any case; other names stay JSON', () => {
    for (const file of ['a.yaml', 'a.yml', 'A.YML']) expect(parseSourceDocument('a: 1\n', file).document).toBeInstanceOf(YamlDocument);
    expect(parseSourceDocument('a: 1\n', 'a.json').problems.map((p) => p.code)).toContain('E_JSON_SYNTAX');
  });

  it('reads the YAML 1.2 core schema: yes/no/on/off are strings, 0x10 and 0o17 numbers, 2026-01 a string', () => {
    const { document, problems } = parse('a: yes\nb: no\nc: on\nd: 0x10\ne: 0o17\nf: 2026-01\ng: ~\nh: true\ni: "1"\nj: !!str 12\n');
    expect(problems).toEqual([]);
    expect(document.value).toEqual({ a: 'yes', b: 'no', c: 'on', d: 16, e: 15, f: '2026-01', g: null, h: true, i: '1', j: '12' });
  });

  it('names both places of a duplicate key: the problem at the second, the message the first', () => {
    const { problems } = parse('a: 1\nb:\n  c: 2\n  c: 3\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'E_DUPLICATE_KEY', path: ['b', 'c'], location: { line: 4, column: 3 } });
    expect(problems[0]!.message).toContain('first at 3:3');
  });

  it('counts lines the same with LF, CRLF and a lone CR', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const { document, problems } = parse(['a: 1', 'b:', '  - x', '  - "y"'].join(eol));
      expect(problems).toEqual([]);
      expect(document.locate(['b', 1])).toEqual({ file: 'f.yaml', line: 4, column: 5 });
      expect(document.locateInString(['b', 1], 0)).toEqual({ file: 'f.yaml', line: 4, column: 6 });
    }
  });

  it('refuses forbidden keys, lone surrogates, .nan, .inf and numbers past a double, where they stand', () => {
    expect(at('__proto__: 1\nok: 2\n')).toEqual(['E_FORBIDDEN_KEY 1:1']);
    expect(at('a: "x\\ud800"\n"\\udc00": 1\nok: "\\ud83d\\ude00"\n')).toEqual(['E_LONE_SURROGATE 1:4', 'E_LONE_SURROGATE 2:1']);
    expect(at('a: .nan\nb: [-.inf]\nc: 1e999\nd: 1.7e308\n')).toEqual(['E_NUMBER_RANGE 1:4', 'E_NUMBER_RANGE 2:5', 'E_NUMBER_RANGE 3:4']);
  });

  it('refuses tags other than the core schema\'s, several documents, a %YAML 1.1 directive, merge keys and keys that are not strings', () => {
    expect(at('a: !!js/function "f"\nb: !!binary aGk=\nc: !custom 1\nd: !!set {x}\n')).toEqual(['E_YAML_TAG 1:4', 'E_YAML_TAG 2:4', 'E_YAML_TAG 3:4', 'E_YAML_TAG 4:4']);
    expect(at('a: 1\n---\nb: 2\n')).toEqual(['E_YAML_DOCUMENTS 2:1']);
    expect(at('%YAML 1.1\n---\na: yes\n')).toEqual(['E_YAML_VERSION 1:1']);
    expect(codes('base: &b {x: 1}\nc:\n  <<: *b\n')).toEqual(['E_YAML_KEY']);
    expect(at('? [a, b]\n: 1\n')).toEqual(['E_YAML_KEY 1:3']);
  });

  it('reports syntax errors with the parser\'s message at their place, and an empty file at 1:1', () => {
    const [tab] = parse('a:\n\tb: 1\n').problems;
    expect(tab).toMatchObject({ code: 'E_YAML_SYNTAX', location: { line: 2, column: 1 } });
    expect(tab!.message).toContain('Tabs are not allowed');
    expect(at('')).toEqual(['E_YAML_SYNTAX 1:1']);
    expect(at('# only a comment\n')).toEqual(['E_YAML_SYNTAX 1:1']);
  });
});

describe('YamlDocument: anchors and aliases', () => {
  it('copies an aliased value, and locates problems inside the copy at the anchored text', () => {
    const { document, problems } = parse('base: &b\n  x: 1\n  y: [2]\nuse: *b\n');
    expect(problems).toEqual([]);
    expect(document.value).toEqual({ base: { x: 1, y: [2] }, use: { x: 1, y: [2] } });
    const value = document.value as { base: unknown; use: unknown };
    expect(value.use).not.toBe(value.base);
    expect(document.locate(['use'])).toMatchObject({ line: 4, column: 6 });
    expect(document.locate(['use', 'y', 0])).toMatchObject({ line: 3, column: 7 });
  });

  it(`refuses a "billion laughs" file once aliases copy ${limits.yamlAliasValues} values, without expanding it`, () => {
    const lines = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 9; i++) lines.push(`${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(10).fill(`*${'abcdefghi'[i - 1]}`).join(', ')}]`);
    expect(codes(lines.join('\n') + '\n')).toEqual(['E_YAML_ALIAS']);
  });

  it('refuses an alias without an anchor before it, and an alias inside the value it names', () => {
    expect(at('a: *nowhere\n')).toEqual(['E_YAML_ALIAS 1:4']);
    expect(codes('a: &loop [*loop]\n')).toEqual(['E_TOO_DEEP']);
  });
});

describe('YamlDocument: nesting', () => {
  it(`accepts ${limits.nesting} levels and refuses ${limits.nesting + 1}, in flow and in block style`, () => {
    const flow = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    expect(codes(flow(limits.nesting))).toEqual([]);
    expect(codes(flow(limits.nesting + 1))).toEqual(['E_TOO_DEEP']);
    expect(codes(blockLadder(limits.nesting))).toEqual([]);
    expect(codes(blockLadder(limits.nesting + 1))).toEqual(['E_TOO_DEEP']);
  });

  it('refuses 100,000 brackets, a million "- " and a deep key ladder before the parser sees them', () => {
    for (const text of ['['.repeat(100_000), '{a: '.repeat(100_000), '- '.repeat(1_000_000) + 'x\n', '? '.repeat(100_000) + 'x\n', blockLadder(3000)]) {
      expect(codes(text)).toEqual(['E_TOO_DEEP']);
    }
  });

  it('does not count brackets inside quotes, comments or block scalars', () => {
    const many = '['.repeat(limits.nesting * 2);
    expect(codes(`a: "${many}"\nb: '${many}'\nc: x # ${many}\nd: |\n  ${many}\ne: plain ${many}\n`)).toEqual([]);
  });
});

describe('YamlDocument: locations', () => {
  const text = [
    'plain: self.rounds >= wrld', // 1
    "single: 'it''s wrld'", // 2
    'double: "\\u00e9\\t wrld"', // 3
    'literal: |', // 4
    '  first', // 5
    '    wrld', // 6
    'folded: >-', // 7
    '  one', // 8
    '  two wrld', // 9
    'multi: a', // 10
    '  b wrld', // 11
    'key: 1', // 12
  ].join('\n');
  const { document, problems } = parse(text + '\n');
  const wrld = (path: string) => {
    const value = (document.value as Record<string, string>)[path]!;
    const { line, column } = document.locateInString([path], value.indexOf('wrld'));
    return `${line}:${column}`;
  };

  it('parses the sample', () => expect(problems).toEqual([]));

  it('finds a character inside plain, quoted, escaped, literal, folded and multi-line scalars', () => {
    expect(wrld('plain')).toBe('1:23');
    expect(wrld('single')).toBe('2:16');
    expect(wrld('double')).toBe('3:19');
    expect(wrld('literal')).toBe('6:5');
    expect(wrld('folded')).toBe('9:7');
    expect(wrld('multi')).toBe('11:5');
  });

  it('locates a value, its key, and a missing key at its mapping', () => {
    expect(document.locate(['key'])).toMatchObject({ line: 12, column: 6 });
    expect(document.locateKey(['key'])).toMatchObject({ line: 12, column: 1 });
    expect(document.locate(['nothing', 'here'])).toMatchObject({ line: 1, column: 1 });
  });
});
