import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { load, repoRoot } from '../load-fixture.js';

const base = JSON.parse(readFileSync(`${repoRoot}scenarios/supplier-duel.json`, 'utf8'));

/** The teaching scenario with a change applied, pretty-printed so lines and columns are predictable. */
function variant(change: (s: any) => void): string {
  const s = structuredClone(base);
  change(s);
  return JSON.stringify(s, null, 2);
}

function lineOf(text: string, needle: string): { line: number; column: number } {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`needle not found: ${needle}`);
  const before = text.slice(0, index);
  return { line: before.split('\n').length, column: index - before.lastIndexOf('\n') };
}

describe('loadScenario', () => {
  it('loads the teaching scenario without problems', () => {
    const { scenario, problems } = load(JSON.stringify(base));
    expect(problems).toEqual([]);
    expect(scenario?.tracks.map((t) => t.id)).toEqual(['incumbent', 'newcomer']);
    expect(scenario?.host.id).toBe('city');
  });

  it("puts an issue's default on a track's table where the track's terms leave it out, and the minimum without one", () => {
    const add = (issue: object) => load(variant((s) => (s.issues.warranty = issue)));
    const none = add({ type: 'number', min: 1, max: 10 }).scenario!;
    expect(none.tracks.map((t) => t.initialTerms.warranty)).toEqual([1, 1]);
    const number = add({ type: 'number', min: 1, max: 10, default: 4 }).scenario!;
    expect(number.tracks.map((t) => t.initialTerms.warranty)).toEqual([4, 4]);
    const choice = add({ type: 'enum', values: ['none', 'basic', 'full'], default: 'basic' }).scenario!;
    expect(choice.tracks.map((t) => t.initialTerms.warranty)).toEqual(['basic', 'basic']);
    // The track's own terms win over the default.
    expect(number.tracks[0]!.initialTerms.price).toBe(620);
    const outside = add({ type: 'number', min: 1, max: 10, default: 12 });
    expect(outside.problems.map((p) => [p.code, p.path.join('.'), p.message])).toEqual([['E_RANGE', 'issues.warranty.default', 'the default 12 is outside [1, 10]']]);
    const typo = add({ type: 'enum', values: ['none', 'basic', 'full'], default: 'basc' });
    expect(typo.problems.map((p) => [p.code, p.hint])).toEqual([['E_ENUM_VALUE', "did you mean 'basic'?"]]);
  });

  it('reports a JSON syntax error at its line and column', () => {
    const text = '{\n  "formatVersion": 1,\n  "id": "x"\n  "title": "t"\n}';
    const { scenario, problems } = load(text, 'broken.json');
    expect(scenario).toBeUndefined();
    expect(problems[0]).toMatchObject({ code: 'E_JSON_SYNTAX', location: { file: 'broken.json', line: 4, column: 3 } });
    expect(problems[0]!.message).toContain('comma');
  });

  it('points an unknown key at the key itself and suggests the closest allowed one', () => {
    const text = variant((s) => {
      s.tracks.newcomer.machine.states.bid.on.SHORTLIST = { tarrget: 'shortlisted' };
    });
    const { problems } = load(text);
    const p = problems.find((x) => x.code === 'E_UNKNOWN_KEY');
    expect(p).toBeDefined();
    expect(p!.location).toMatchObject(lineOf(text, '"tarrget"'));
    expect(p!.hint).toBe("did you mean 'target'?");
  });

  it('reports a transition to a state that does not exist, with a suggestion', () => {
    const text = variant((s) => {
      s.tracks.newcomer.machine.states.bid.on.SHORTLIST = 'shortlistd';
    });
    const { problems } = load(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'E_UNKNOWN_TARGET', hint: "did you mean 'shortlisted'?" });
    expect(problems[0]!.location).toMatchObject(lineOf(text, '"shortlistd"'));
  });

  it('locates an expression error at the column inside the expression', () => {
    const text = variant((s) => {
      s.events.financingWobble.p = 'param.newcomerRsk * 2';
    });
    const { problems } = load(text);
    expect(problems).toHaveLength(1);
    const at = lineOf(text, '"param.newcomerRsk');
    expect(problems[0]).toMatchObject({ code: 'E_EXPR_UNKNOWN_NAME', hint: "did you mean 'newcomerRisk'?" });
    // "param." is 6 characters, plus the opening quote.
    expect(problems[0]!.location).toEqual({ file: 'inline.json', line: at.line, column: at.column + 7 });
  });

  it('reports a syntax error inside an expression at its column', () => {
    const text = variant((s) => {
      s.tracks.incumbent.moves.offer.responses[0].p = 'value.counterpart >= ? 0.6 : 0.05';
    });
    const { problems } = load(text);
    expect(problems).toHaveLength(1);
    const at = lineOf(text, '"value.counterpart >= ?');
    expect(problems[0]!.code).toBe('E_EXPR_SYNTAX');
    expect(problems[0]!.location.line).toBe(at.line);
    expect(problems[0]!.location.column).toBe(at.column + 1 + 'value.counterpart >= '.length);
  });

  it('rejects an expression whose type does not fit where it stands', () => {
    const text = variant((s) => {
      s.events.financingWobble.when = 'world.budgetPressure + 1';
    });
    const { problems } = load(text);
    expect(problems[0]).toMatchObject({ code: 'E_EXPR_RESULT_TYPE' });
    expect(problems[0]!.message).toContain('a condition (true/false) is needed');
  });

  it('rejects names that are not available in an expression\'s scope', () => {
    const text = variant((s) => {
      s.outcomes.noDeal.when = 'self.done';
    });
    const { problems } = load(text);
    expect(problems.find((p) => p.code === 'E_EXPR_SCOPE')?.message).toContain("'self'");
  });

  it('lets authors compare numbers with integer literals (CEL would say double == int)', () => {
    const text = variant((s) => {
      s.events.financingWobble.when = 'world.budgetPressure == 0 || tracks.newcomer.rounds >= 2';
    });
    expect(load(text).problems).toEqual([]);
  });

  it('reports every problem in one pass, not only the first', () => {
    const text = variant((s) => {
      s.tracks.newcomer.machine.states.bid.on.SHORTLIST = 'nowhere';
      s.tracks.incumbent.counterpart = 'incumbant';
      s.strategies.playBoth.rules[0].move = 'newcomer.shortlst';
      s.events.budgetReview.effects = { budgetPresure: 0.5 };
    });
    const codes = load(text).problems.map((p) => p.code).sort();
    expect(codes).toEqual(['E_UNKNOWN_MOVE', 'E_UNKNOWN_PARTY', 'E_UNKNOWN_TARGET', 'E_UNKNOWN_VARIABLE']);
  });

  it('rejects __proto__ and constructor keys without touching any prototype', () => {
    const text = '{ "formatVersion": 1, "__proto__": { "polluted": true }, "world": { "constructor": { "type": "number", "initial": 0 } } }';
    const { problems } = load(text);
    expect(problems.filter((p) => p.code === 'E_FORBIDDEN_KEY')).toHaveLength(2);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports a missing required field at its parent object with a hint', () => {
    const text = variant((s) => {
      delete s.clock.horizon;
    });
    const { problems } = load(text);
    expect(problems[0]).toMatchObject({ code: 'E_MISSING', path: ['clock', 'horizon'] });
    expect(problems[0]!.location).toMatchObject(lineOf(text, '{\n    "unit"'));
  });

  it('rejects an enum effect written as a bare value, explaining the CEL string form', () => {
    const s = structuredClone(base);
    s.world.phase = { type: 'enum', values: ['open', 'closed'], initial: 'open' };
    s.events.budgetReview.effects = { phase: 'closed' };
    const { problems } = load(JSON.stringify(s, null, 2));
    expect(problems[0]).toMatchObject({ code: 'E_ENUM_LITERAL', hint: `write "'closed'" (a CEL string)` });
  });

  it('rejects XState features that simulated tracks cannot use', () => {
    const text = variant((s) => {
      s.tracks.newcomer.machine.states.bid.after = { 1000: 'collapsed' };
    });
    const { problems } = load(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'E_UNSUPPORTED', location: lineOf(text, '"after"') });
    expect(problems[0]!.hint).toContain('TICK');
  });

  it("reports a misspelt action type ('sett') as one error on the type suggesting 'set', not as the closest action's problems", () => {
    const text = variant((s) => {
      s.tracks.newcomer.machine.states.contract.entry = [{ type: 'sett', params: { budget: 1 } }];
    });
    const { problems } = load(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'E_VALUE', location: lineOf(text, '"sett"'), hint: "did you mean 'set'?" });
    expect(problems[0]!.message).toContain("'set', 'signal', 'news'");
  });

  it("reports a misspelt guard or distribution type with did-you-mean, and an XState action by name", () => {
    const guard = variant((s) => {
      s.tracks.incumbent.machine.states.talks.on.TICK.guard.type = 'whn';
    });
    expect(load(guard).problems).toEqual([expect.objectContaining({ code: 'E_VALUE', location: expect.objectContaining(lineOf(guard, '"whn"')), hint: "did you mean 'when'?" })]);
    const dist = variant((s) => {
      const p = Object.values(s.parameters as Record<string, { dist: { type: string } }>).find((x) => x.dist.type === 'uniform')!;
      p.dist.type = 'unifrom';
    });
    expect(load(dist).problems).toEqual([expect.objectContaining({ code: 'E_VALUE', location: expect.objectContaining(lineOf(dist, '"unifrom"')), hint: "did you mean 'uniform'?" })]);
    const assign = variant((s) => {
      s.tracks.newcomer.machine.states.contract.entry = [{ type: 'assign', params: {} }];
    });
    expect(load(assign).problems).toEqual([expect.objectContaining({ code: 'E_UNSUPPORTED', message: expect.stringContaining("XState's 'assign' action") })]);
  });

  it('converts dates to rounds for scheduled events', () => {
    const { scenario } = load(JSON.stringify(base));
    expect(scenario!.events.find((e) => e.id === 'budgetReview')!.round).toBe(5);
  });
});
