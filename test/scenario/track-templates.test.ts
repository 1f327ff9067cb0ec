import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { load, repoRoot } from '../load-fixture.js';
import { parseSourceDocument } from '../../src/scenario/source-document.js';
import { expandScenario } from '../../src/scenario/expand-scenario.js';
import { loadScenarioWithDocument } from '../../src/scenario/load-scenario-with-document.js';
import { lintScenario } from '../../src/lint/lint-scenario.js';

const base = readFileSync(`${repoRoot}test/fixtures/templates/ladder.json`, 'utf8');

/** The fixture with one piece of text replaced (the replaced text must occur exactly once). */
function edit(from: string, to: string, text = base): string {
  expect(text.split(from).length, `'${from}' must occur once`).toBe(2);
  return text.split(from).join(to);
}

/** 1-based line and column of the first occurrence of needle, plus offset characters. */
function at(text: string, needle: string, offset = 0): { line: number; column: number } {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`needle not found: ${needle}`);
  const before = text.slice(0, index + offset);
  return { line: before.split('\n').length, column: index + offset - before.lastIndexOf('\n') };
}

function expanded(text: string): any {
  const { document, problems } = parseSourceDocument(text, 'ladder.json');
  expect(problems).toEqual([]);
  const result = expandScenario(document);
  expect(result.problems).toEqual([]);
  return result.document.value;
}

describe('track templates', () => {
  it('makes each track from the template with its parameters, defaults and the track id put in', () => {
    const v = expanded(base);
    expect(v.templates).toBeUndefined();
    expect(v.tracks.north).toEqual({
      label: 'North',
      counterpart: 'north',
      terms: { price: 5 },
      machine: {
        id: 'north',
        initial: 'talks',
        states: {
          talks: {
            entry: { type: 'set', params: { northTalks: true } },
            on: {
              AGREE: 'terms',
              TICK: [
                { guard: { type: 'when', params: { expr: 'tracks.south.deal' } }, target: '#north.lost' },
                { guard: { type: 'when', params: { expr: 'self.rounds >= 6' } }, target: '#north.stalled' },
              ],
            },
          },
          terms: { meta: { stage: 2 }, on: { SIGN: 'signed' } },
          signed: { type: 'final', meta: { deal: true } },
          lost: { type: 'final' },
          stalled: { type: 'final' },
        },
      },
      moves: {
        talk: { label: 'Talk to North', in: ['talks'], responses: [{ label: 'agrees', p: 0.5, event: 'AGREE' }, { label: 'waits' }] },
        sign: { label: 'Sign with North', in: ['terms'], responses: [{ label: 'signs', p: 0.5, event: 'SIGN' }, { label: 'hesitates' }] },
      },
    });
  });

  it('keeps a whole-string parameter its type and splices one inside a longer string as text', () => {
    const south = expanded(base).tracks.south;
    expect(south.terms).toEqual({ price: 4 });
    expect(south.machine.states.talks.on.TICK[1].guard.params.expr).toBe('self.rounds >= 9');
  });

  it('merges overrides: objects key by key, other values replaced, new keys after the template\'s', () => {
    const south = expanded(base).tracks.south;
    expect(south.moves.sign).toEqual({ label: 'Sign with the South', in: ['terms'], responses: [{ label: 'signs', p: 0.5, event: 'SIGN' }, { label: 'hesitates' }] });
    expect(Object.keys(south)).toEqual(['label', 'counterpart', 'terms', 'machine', 'moves', 'description']);
    const replaced = expanded(edit('"moves": { "sign": { "label": "Sign with the South" } }', '"moves": { "sign": { "in": ["talks", "terms"] } }'));
    expect(replaced.tracks.south.moves.sign.in).toEqual(['talks', 'terms']);
  });

  it('deletes a key overridden with null, and leaves out a property whose parameter is null', () => {
    const v = expanded(edit('"description": "The slower supplier.",', '"description": "The slower supplier.", "terms": null, "machine": { "states": { "stalled": null } },'));
    expect(v.tracks.south.terms).toBeUndefined();
    expect(Object.keys(v.tracks.south.machine.states)).toEqual(['talks', 'terms', 'signed', 'lost']);
    const w = expanded(edit('"with": { "label": "North", "rival": "south" }', '"with": { "label": "North", "rival": "south", "terms": null }'));
    expect('terms' in w.tracks.north).toBe(false);
  });

  it('writes "$${" as a literal "${"', () => {
    const v = expanded(edit('"label": "Talk to ${label}"', '"label": "Talk to ${label} ($${label})"'));
    expect(v.tracks.north.moves.talk.label).toBe('Talk to North (${label})');
  });

  it('loads, runs and lints like the same scenario written out', () => {
    const { scenario, problems } = load(base, 'ladder.json');
    expect(problems).toEqual([]);
    expect(scenario!.tracks.map((t) => t.id)).toEqual(['north', 'south']);
    const written = JSON.stringify({ ...expanded(base) }, null, 2);
    const plain = load(written, 'plain.json');
    expect(plain.problems).toEqual([]);
    expect(scenario!.tracks.map((t) => t.machine.config)).toEqual(plain.scenario!.tracks.map((t) => t.machine.config));
    expect(scenario!.tracks.map((t) => t.moves.map((m) => m.label))).toEqual(plain.scenario!.tracks.map((t) => t.moves.map((m) => m.label)));
  });
});

describe('problems in templates and instances', () => {
  it('locates an expression error at its character in the template and names the track that made it', () => {
    const text = edit('"guard": "tracks.${rival}.deal"', '"guard": "tracks.${rival}.dael"');
    const { problems } = load(text, 'ladder.json');
    const unknown = problems.filter((p) => p.code === 'E_EXPR_UNKNOWN_NAME');
    // The messages differ (each names its rival), so each track's is reported.
    expect(unknown.map((p) => p.location)).toEqual([
      { file: 'ladder.json', ...at(text, '"tracks.${rival}.dael"', 17) },
      { file: 'ladder.json', ...at(text, '"tracks.${rival}.dael"', 17) },
    ]);
    expect(unknown[0]!.message).toBe("'dael' does not exist in 'south' (in track 'north', made from template 'ladder')");
    expect(unknown[1]!.message).toBe("'dael' does not exist in 'north' (in track 'south', made from template 'ladder')");
  });

  it('locates a problem inside a spliced parameter value in the instance that gave it', () => {
    const text = edit('"rival": "south" }', '"rival": "sooth" }');
    const { problems } = load(text, 'ladder.json');
    const p = problems.find((q) => q.code === 'E_EXPR_UNKNOWN_NAME' || q.code === 'E_UNKNOWN_TRACK');
    expect(p, JSON.stringify(problems)).toBeDefined();
    expect(p!.location).toEqual({ file: 'ladder.json', ...at(text, '"sooth"', 1) });
  });

  it('locates a schema problem of the template body in the template, once for all its tracks', () => {
    const text = edit('"terms": { "meta": { "stage": 2 }, "on": { "SIGN": "signed" } }', '"terms": { "meta": { "stage": 2 }, "onn": { "SIGN": "signed" } }');
    const { problems } = load(text, 'ladder.json');
    expect(problems[0]).toMatchObject({ code: 'E_UNKNOWN_KEY', location: { line: at(text, '"onn"').line, column: at(text, '"onn"').column } });
    // The same problem in both tracks made from the template is reported once, naming both.
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toBe("unknown key 'onn' (in tracks 'north' and 'south', made from template 'ladder')");
  });

  it.each([
    ['E_UNKNOWN_TEMPLATE', '"north": { "use": "ladder",', '"north": { "use": "ladderr",', '"ladderr"', "did you mean 'ladder'?"],
    ['E_TEMPLATE_PARAM', '"rival": "south" }', '"rival": "south", "patienc": 3 }', '"patienc"', "did you mean 'patience'?"],
    ['E_TEMPLATE_PARAM_MISSING', '"with": { "label": "North", "rival": "south" }', '"with": { "label": "North" }', '{ "label": "North" }', 'add "with": { "rival": <string> }'],
    ['E_TEMPLATE_PARAM_TYPE', '"patience": 9,', '"patience": "9",', '"9"', undefined],
    ['E_TEMPLATE_NESTED', '"track": {\n        "label": "${label}",', '"track": {\n        "use": "ladder",\n        "label": "${label}",', '"use": "ladder",\n        "label"', undefined],
  ])('reports %s where it is written', (code, from, to, needle, hint) => {
    const text = edit(from, to);
    const { scenario, problems } = load(text, 'ladder.json');
    expect(scenario).toBeUndefined();
    expect(problems[0], JSON.stringify(problems)).toMatchObject({ code, location: { file: 'ladder.json', ...at(text, needle) } });
    if (hint) expect(problems[0]!.hint).toContain(hint);
  });

  it('reports a placeholder naming no parameter at its character, with a did-you-mean', () => {
    const text = edit('"label": "Talk to ${label}"', '"label": "Talk to ${lable}"');
    const { problems } = load(text, 'ladder.json');
    expect(problems[0]).toMatchObject({ code: 'E_TEMPLATE_PARAM', location: at(text, '${lable}') });
    expect(problems[0]!.hint).toBe("did you mean 'label'?");
  });

  it('refuses an object spliced into text', () => {
    const text = edit('"label": "Talk to ${label}"', '"label": "Talk to ${terms}"');
    const { problems } = load(text, 'ladder.json');
    expect(problems[0]).toMatchObject({ code: 'E_TEMPLATE_PARAM_TYPE', location: at(text, 'Talk to ${terms}', 8) });
  });

  it('warns about a template no track uses (lint), at its name', () => {
    const text = edit('"templates": {\n', '"templates": {\n    "spare": { "track": {} },\n');
    const { scenario, document } = loadScenarioWithDocument(text, 'ladder.json');
    expect(scenario).toBeDefined();
    const warnings = lintScenario(scenario!, document!, { staticOnly: true }).filter((p) => p.code === 'W_UNUSED_TEMPLATE');
    expect(warnings).toMatchObject([{ location: at(text, '"spare"'), message: "template 'spare' is not used by any track: its body is never checked" }]);
  });
});

describe('bounds on expansion', () => {
  it('refuses a template that would put a large parameter value in thousands of times, before making it', () => {
    const big = JSON.stringify(Array.from({ length: 3000 }, (_, i) => i));
    const text = edit('"terms": "${terms}",', `"terms": "\${terms}", "copies": ${JSON.stringify(Array.from({ length: 1000 }, () => '${big}'))},`).replace(
      '"terms": { "type": "object", "default": { "price": 5 } }',
      `"terms": { "type": "object", "default": { "price": 5 } }, "big": { "type": "array", "default": ${big} }`,
    );
    const { scenario, problems } = load(text, 'ladder.json');
    expect(scenario).toBeUndefined();
    expect(problems).toMatchObject([{ code: 'E_LIMIT', message: expect.stringContaining('2,000,000 values') }]);
  });

  it('refuses more tracks than the limit before expanding any', () => {
    const many = Array.from({ length: 65 }, (_, i) => `"t${i}": { "use": "ladder", "with": { "label": "T", "rival": "north" } }`).join(',\n    ');
    const text = edit('"tracks": {\n', `"tracks": {\n    ${many},\n`);
    const { problems } = load(text, 'ladder.json');
    expect(problems).toMatchObject([{ code: 'E_LIMIT', message: '67 tracks; the limit is 64' }]);
  });
});

describe('guard shorthand', () => {
  const plain = readFileSync(`${repoRoot}test/fixtures/bad/xstate-named-guard.json`, 'utf8');

  it('expands a string guard to the "when" guard, in transition lists and combined guards too', () => {
    const text = plain.replace('"guard": "isLate"', '"guard": { "type": "and", "guards": ["self.rounds >= 3.0", { "type": "not", "guards": ["world.pressure > 0.9"] }] }');
    const v = expanded(text);
    expect(v.tracks.main.machine.states.open.on.TICK.guard).toEqual({
      type: 'and',
      guards: [
        { type: 'when', params: { expr: 'self.rounds >= 3.0' } },
        { type: 'not', guards: [{ type: 'when', params: { expr: 'world.pressure > 0.9' } }] },
      ],
    });
    expect(load(text).problems).toEqual([]);
  });

  it('says that a guard written as a bare name is a condition, not an XState named guard', () => {
    const { problems } = load(plain, 'short.json');
    expect(problems).toMatchObject([{ code: 'E_EXPR_UNKNOWN_NAME', location: at(plain, 'isLate') }]);
    expect(problems[0]!.hint).toContain("XState's named guard implementations do not exist");
  });

  it('locates an error in a shorthand at its character, as in the long form', () => {
    const text = plain.replace('"guard": "isLate"', '"guard": "self.rounds >= 3.0 && world.presure > 0.5"');
    const { problems } = load(text, 'short.json');
    expect(problems).toMatchObject([{ code: 'E_EXPR_UNKNOWN_NAME', location: { file: 'short.json', ...at(text, 'presure') } }]);
    const long = plain.replace('"guard": "isLate"', '"guard": { "type": "when", "params": { "expr": "self.rounds >= 3.0 && world.presure > 0.5" } }');
    expect(load(long, 'short.json').problems).toMatchObject([{ code: 'E_EXPR_UNKNOWN_NAME', location: { file: 'short.json', ...at(long, 'presure') } }]);
  });
});
