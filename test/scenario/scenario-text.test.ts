import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { repoRoot } from '../load-fixture.js';
import { parseSourceDocument } from '../../src/scenario/source-document.js';
import { scenarioText, yamlSchemaComment } from '../../src/scenario/scenario-text.js';
import { hasComments, jsoncComments, sourceComments, yamlComments, type ScenarioComments } from '../../src/scenario/scenario-comments.js';

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

/** What `parley convert` writes: the file's value in the other syntax, with the file's comments. */
function convert(text: string, file: string): string {
  const value = valueOf(text, file);
  const yaml = /\.ya?ml$/.test(file);
  return scenarioText(value, yaml ? 'json' : 'yaml', yaml ? yamlSchemaComment(text) : undefined, sourceComments(text, file, value));
}

/** Every comment line of a text, in the order written (the fixtures' comments are all different): `//` and block comments of JSON, `#` lines of YAML. */
function commentLines(text: string, file: string): string[] {
  const c = /\.ya?ml$/.test(file) ? yamlComments(text, valueOf(text, file)) : jsoncComments(text);
  const lines = [...c.top, ...[...c.before.values(), ...c.trailing.values(), ...c.end.values()].flat()];
  return lines.sort((a, b) => text.indexOf(a) - text.indexOf(b));
}

/** The comments as plain data, the `$schema` key's moved to the top as YAML has no such key. */
function plain(c: ScenarioComments): unknown {
  const schema = [...(c.before.get('["$schema"]') ?? []), ...(c.trailing.get('["$schema"]') ?? [])];
  const without = (m: Map<string, string[]>) => Object.fromEntries([...m].filter(([k]) => k !== '["$schema"]'));
  return { top: [...c.top, ...schema], before: without(c.before), trailing: without(c.trailing), end: without(c.end) };
}

const COMMENTED_JSON = 'test/fixtures/convert/commented.json';
const COMMENTED_YAML = 'test/fixtures/convert/commented.yaml';
const read = (file: string) => readFileSync(`${repoRoot}${file}`, 'utf8');

describe('scenarioText with the comments of the file converted', () => {
  it('writes the shipped scenarios exactly as without comments (they have none), keeping every value', () => {
    for (const file of files) {
      const text = read(file);
      const value = valueOf(text, file);
      expect(hasComments(sourceComments(text, file, value)), file).toBe(false);
      const converted = convert(text, file);
      const to = /\.ya?ml$/.test(file) ? 'json' : 'yaml';
      expect(converted, file).toBe(scenarioText(value, to, to === 'json' ? yamlSchemaComment(text) : undefined));
      expect(valueOf(converted, `copy.${to}`), file).toEqual(valueOf(scenarioText(value, to, to === 'json' ? yamlSchemaComment(text) : undefined), `copy.${to}`));
    }
  });

  it('JSON(C) -> YAML: top, before keys, trailing values, arrays, ends of objects, lists and the file', () => {
    const yaml = convert(read(COMMENTED_JSON), COMMENTED_JSON);
    expect(yaml).toBe(`# yaml-language-server: $schema=../../../schema/scenario.schema.json
# Scenario header: a duel between two suppliers.
# Written by hand;
# judgements are marked in comments.
# schema for editors

# Format of the file.
formatVersion: 1
id: commentedDuel # the scenario's id
clock: {unit: month, start: 2026-01, horizon: 12} # a year
notes:
  # before a nested key
  source: interviews # trailing block
  list:
    # before the first element
    - alpha
    - beta # trailing an element
    # before the
    # third element
    - gamma
    # end of the list
  empty: [] # an empty list
  # end of notes
tracks: # the tracks
  - {id: a} # trailing an object element
  - # before b's id
    id: b

# end of the scenario
# after the closing brace
`);
    expect(valueOf(yaml, 'copy.yaml')).toEqual({ ...(valueOf(read(COMMENTED_JSON), COMMENTED_JSON) as object), $schema: undefined });
  });

  it("YAML -> JSON with comments: // lines at the same places, the $schema from the editors' comment, an end comment with the block it is indented under", () => {
    const json = convert(read(COMMENTED_YAML), COMMENTED_YAML);
    expect(json).toBe(`// Scenario header: a duel between two suppliers.
{
  "$schema": "../../../schema/scenario.schema.json",
  // before formatVersion
  "formatVersion": 1,
  "id": "commentedDuel", // the scenario's id
  "clock": { // a year
    "unit": "month",
    "start": "2026-01",
    "horizon": 12
  },
  "notes": { // about the notes
    // before a nested key
    "source": "interviews", // trailing a value
    "text": "long text that # is not a comment goes on", // a folded string
    "list": [
      // before the first element
      "alpha",
      "beta", // trailing an element
      "gamma"
      // end of the list
    ]
    // end of notes
  },
  // before tracks, indented less than the end of notes
  "tracks": [
    // before the first track
    {
      "id": "a" // trailing a's id
    },
    {
      // before b's id
      "id": "b"
    }
  ]
}
// end of the scenario
`);
    const { $schema, ...rest } = valueOf(json, 'back.json') as Record<string, unknown>;
    expect($schema).toBe('../../../schema/scenario.schema.json');
    expect(rest).toEqual(valueOf(read(COMMENTED_YAML), COMMENTED_YAML));
  });

  it('JSON -> YAML -> JSON keeps every comment once, in order, on the same key, and every value', () => {
    const original = read(COMMENTED_JSON);
    const yaml = convert(original, COMMENTED_JSON);
    const back = convert(yaml, 'copy.yaml');
    expect(valueOf(back, 'back.json')).toEqual(valueOf(original, COMMENTED_JSON));
    expect(commentLines(back, 'back.json')).toEqual(commentLines(original, COMMENTED_JSON));
    expect(commentLines(back, 'back.json')).toHaveLength(21);
    expect(plain(jsoncComments(back))).toEqual(plain(jsoncComments(original)));
    expect(convert(back, 'back.json')).toBe(yaml);
  });

  it('YAML -> JSON -> YAML keeps every comment on the same key', () => {
    const original = read(COMMENTED_YAML);
    const json = convert(original, COMMENTED_YAML);
    const back = convert(json, 'back.json');
    expect(valueOf(back, 'back.yaml')).toEqual(valueOf(original, COMMENTED_YAML));
    expect(plain(yamlComments(back, valueOf(back, 'back.yaml')))).toEqual(plain(yamlComments(original, valueOf(original, COMMENTED_YAML))));
    expect(commentLines(back, 'back.yaml')).toEqual(commentLines(original, COMMENTED_YAML));
  });

  it('a block comment in JSON becomes one # line per line, a leading * dropped', () => {
    const yaml = convert('{\n  /**\n   * first\n   * second\n   */\n  "a": 1 /* one\n  two */\n}\n', 'c.json');
    expect(yaml).toBe('# first\n# second\n# one\n# two\na: 1\n');
  });

  it('a comment between a key and its value goes before the key', () => {
    expect(convert('{\n  "a": /* between */ 1,\n  "b": // after the colon\n    2\n}\n', 'c.json')).toBe('# between\na: 1\n# after the colon\nb: 2\n');
  });
});
