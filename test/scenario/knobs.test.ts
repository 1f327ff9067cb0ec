import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { load, repoRoot } from '../load-fixture.js';

const base = readFileSync(`${repoRoot}test/fixtures/optimize/posted-price.json`, 'utf8');

/** The fixture with one edit; fails if the text to replace is missing. */
function edited(from: string, to: string): string {
  expect(base.includes(from)).toBe(true);
  return base.replace(from, to);
}

/** Line and column (1-based) of the first occurrence of `text` in `source`, plus an offset. */
function at(source: string, text: string, offset = 0): { line: number; column: number } {
  const i = source.indexOf(text) + offset;
  const before = source.slice(0, i).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

describe('strategy knobs in the scenario format', () => {
  it('compiles knobs with their grid levels and defaults', () => {
    const { scenario, problems } = load(base);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    const knobs = scenario!.strategies.get('postedTone')!.knobs;
    expect(knobs.map((k) => k.name)).toEqual(['price', 'tone']);
    expect(knobs[0]!.levels).toHaveLength(21);
    expect(knobs[0]!.levels[3]).toBe(15);
    expect(knobs[1]).toMatchObject({ kind: 'enum', default: 'warm', levels: ['warm', 'cold', 'neutral'] });
    expect(scenario!.strategies.get('cheap')!.knobs).toEqual([]);
    expect(scenario!.strategies.get('cheap')!.knobClass).toBeUndefined();
  });

  it('reports a default outside the range as E_KNOB at the default', () => {
    const text = edited('"step": 5, "default": 20, "label"', '"step": 5, "default": 120, "label"');
    const { problems } = load(text);
    const p = problems.find((x) => x.code === 'E_KNOB')!;
    expect(p.message).toContain('outside');
    expect(p.location).toMatchObject(at(text, '120'));
  });

  it('reports an enum default that is not one of its values, with a suggestion', () => {
    const text = edited('"default": "warm" }', '"default": "wram" }');
    const p = load(text).problems.find((x) => x.code === 'E_KNOB')!;
    expect(p.hint).toContain('warm');
    expect(p.location).toMatchObject(at(text, '"wram"'));
  });

  it('reports a knob the strategy does not declare at its place in the expression, suggesting the knobs it has', () => {
    const text = edited('"offer": { "price": "knob.price" } } ]\n    },\n    "postedTone"', '"offer": { "price": "knob.prize" } } ]\n    },\n    "postedTone"');
    const p = load(text).problems.find((x) => x.code === 'E_EXPR_UNKNOWN_NAME')!;
    expect(p.message).toContain("'prize'");
    expect(p.hint).toContain('price');
    expect(p.location).toMatchObject(at(text, 'knob.prize', 5));
  });

  it('rejects knob outside strategy rules as E_EXPR_SCOPE at the name', () => {
    const text = edited('"expr": "dealTrack == \'main\' ? deal.price : 0.0"', '"expr": "knob.price"');
    const p = load(text).problems.find((x) => x.code === 'E_EXPR_SCOPE')!;
    expect(p.message).toContain("'knob'");
    expect(p.location).toMatchObject(at(text, '"expr": "knob.price"', 9));
  });

  it('type-checks offer expressions against the issue: a string expression for a number issue is an E_EXPR_RESULT_TYPE', () => {
    const text = edited('"offer": { "price": "knob.price" } } ]\n    },\n    "cheap"', '"offer": { "price": "knob.tone" } } ]\n    },\n    "cheap"');
    expect(load(text).problems.map((p) => p.code)).toContain('E_EXPR_RESULT_TYPE');
  });

  it('keeps a bare name for an enum issue a literal (E_ENUM_VALUE when it is not a value), and reads other strings as expressions', () => {
    const enumBase = base
      .replace('"price": { "type": "number", "min": 0, "max": 100 }', '"price": { "type": "number", "min": 0, "max": 100 },\n    "channel": { "type": "enum", "values": ["shop", "web"] }')
      .replace('"terms": { "price": 0 }', '"terms": { "price": 0, "channel": "shop" }')
      .replace('"offer": { "price": { "default": 20 } }', '"offer": { "price": { "default": 20 }, "channel": { "default": "shop" } }');
    const bare = enumBase.replace('"offer": { "price": 30 }', '"offer": { "price": 30, "channel": "wbe" }');
    expect(load(bare).problems.find((p) => p.code === 'E_ENUM_VALUE')?.hint).toContain('web');
    const literal = enumBase.replace('"offer": { "price": 30 }', '"offer": { "price": 30, "channel": "web" }');
    expect(load(literal).scenario!.strategies.get('cheap')!.rules[0]!.offer).toEqual({ price: 30, channel: 'web' });
    const expression = enumBase.replace('"offer": { "price": 30 }', '"offer": { "price": 30, "channel": "round > 0.0 ? \'web\' : \'shop\'" }');
    expect(load(expression).scenario!.strategies.get('cheap')!.rules[0]!.offerExpressions.map((o) => o.issue)).toEqual(['channel']);
  });

  it('rejects an enum knob offered for an enum issue that lacks some of its values', () => {
    const text = base
      .replace('"price": { "type": "number", "min": 0, "max": 100 }', '"price": { "type": "number", "min": 0, "max": 100 },\n    "channel": { "type": "enum", "values": ["shop", "web"] }')
      .replace('"terms": { "price": 0 }', '"terms": { "price": 0, "channel": "shop" }')
      .replace('"offer": { "price": { "default": 20 } }', '"offer": { "price": { "default": 20 }, "channel": { "default": "shop" } }')
      .replace('"offer": { "price": "knob.price" } } ]\n    },\n    "cheap"', '"offer": { "price": "knob.price", "channel": "knob.tone" } } ]\n    },\n    "cheap"');
    const p = load(text).problems.find((x) => x.code === 'E_KNOB')!;
    expect(p.message).toContain("'warm'");
  });
});
