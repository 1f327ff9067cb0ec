import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../load-fixture.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { loadScenarioWithDocument } from '../../src/scenario/load-scenario-with-document.js';
import { lintScenario } from '../../src/lint/lint-scenario.js';
import type { ScenarioProblem } from '../../src/scenario/scenario-error.js';

/**
 * The loader's checks of offers that are expressions (a move's defaults) and of the offers a
 * counterpart makes (an event's `offer`), on variants of test/fixtures/offers/counterpart-offer.json.
 * Each variant replaces one piece of text; the problem must point into that text.
 */
const text = readFileSync(`${repoRoot}test/fixtures/offers/counterpart-offer.json`, 'utf8');

function variant(from: string, to: string): { problems: readonly ScenarioProblem[]; at: (needle: string) => { line: number; column: number } } {
  expect(text.includes(from), from).toBe(true);
  const changed = text.replace(from, to);
  const { problems } = loadScenario(changed, 'offers.json');
  const at = (needle: string) => {
    const index = changed.indexOf(needle);
    const before = changed.slice(0, index).split('\n');
    return { line: before.length, column: before.at(-1)!.length + 1 };
  };
  return { problems: problems.filter((p) => p.severity === 'error'), at };
}

const DEFAULT = '"default": "world.lithiumPrice * 40.0"';
const REFINING = `"default": "world.lithiumPrice > 25.0 ? 'home' : 'abroad'"`;

describe('offer defaults that are expressions, at load', () => {
  it('loads the fixture: a number default and an enum default written as expressions', () => {
    const { scenario, problems } = loadScenario(text, 'offers.json');
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    const propose = scenario!.moves.get('sqm.propose')!;
    expect(propose.offer.map((o) => ('expr' in o.default ? o.default.expr.source : o.default.literal))).toEqual(['world.lithiumPrice * 40.0', "world.lithiumPrice > 25.0 ? 'home' : 'abroad'"]);
  });

  it('reports a default of the wrong kind inside the string, with a hint saying what the issue takes', () => {
    const { problems, at } = variant(DEFAULT, '"default": "world.lithiumPrice > 40.0"');
    expect(problems).toHaveLength(1);
    const p = problems[0]!;
    expect(p.code).toBe('E_EXPR_RESULT_TYPE');
    expect(p.message).toMatch(/gives a condition but a number is needed/);
    expect(p.hint).toMatch(/'price' is a number issue: write a number such as 100, or an expression giving one/);
    const start = at('world.lithiumPrice > 40.0');
    expect(p.location.line).toBe(start.line);
    expect(p.location.column).toBeGreaterThanOrEqual(start.column);
  });

  it('reports a misspelt world variable in a default at its column, with the closest name', () => {
    const { problems, at } = variant(DEFAULT, '"default": "world.lithiumPrise * 40.0"');
    expect(problems.map((p) => [p.code, p.hint])).toEqual([['E_EXPR_UNKNOWN_NAME', "did you mean 'lithiumPrice'?"]]);
    expect(problems[0]!.location).toMatchObject(at('lithiumPrise'));
  });

  it('takes a bare name in an enum default as a value, so a typo is E_ENUM_VALUE with the closest value', () => {
    const { problems, at } = variant(REFINING, '"default": "hom"');
    expect(problems.map((p) => [p.code, p.hint])).toEqual([['E_ENUM_VALUE', "did you mean 'home'?"]]);
    expect(problems[0]!.location).toMatchObject(at('"hom"'));
  });

  it('checks an enum default expression against the declared values where it compares them', () => {
    const { problems } = variant(REFINING, `"default": "world.lithiumPrice > 25.0 && self.state == 'talk' ? 'home' : 'abroad'"`);
    expect(problems.map((p) => [p.code, p.hint])).toEqual([['E_EXPR_UNKNOWN_VALUE', "did you mean 'talks'?"]]);
  });

  it('checks the enum values an expression default can give, at load, at the misspelt literal', () => {
    const { problems, at } = variant(REFINING, `"default": "world.lithiumPrice > 25.0 ? 'hmoe' : (round > 3.0 ? 'abroad' : 'abraod')"`);
    expect(problems.map((p) => [p.code, p.message, p.hint])).toEqual([
      ['E_EXPR_UNKNOWN_VALUE', "'hmoe' is not a value of issue 'refining' ('home', 'abroad'): the expression can give it", "did you mean 'home'?"],
      ['E_EXPR_UNKNOWN_VALUE', "'abraod' is not a value of issue 'refining' ('home', 'abroad'): the expression can give it", "did you mean 'abroad'?"],
    ]);
    expect(problems[0]!.location).toMatchObject(at("'hmoe'"));
    expect(problems[1]!.location).toMatchObject(at("'abraod'"));
  });

  it('keeps bounds literal, and says so where a bound is written as an expression', () => {
    const { problems } = variant('"min": 100, "max": 1500', '"min": "world.lithiumPrice", "max": 1500');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.code).toBe('E_TYPE');
    expect(problems[0]!.hint).toMatch(/bounds are numbers, fixed at load; its "default" may be an expression/);
  });

  it("explains that a track's starting terms are numbers, and where terms that follow the world go", () => {
    const { problems } = variant('"terms": { "royalty": 0.1, "refining": "abroad" }', '"terms": { "royalty": "world.lithiumPrice / 100.0", "refining": "abroad" }');
    expect(problems.map((p) => p.code)).toEqual(['E_TYPE']);
    expect(problems[0]!.message).toMatch(/not expressions/);
    expect(problems[0]!.hint).toMatch(/give an event an "offer"/);
  });
});

describe("a counterpart's offer (an event's or a branch's offer), at load", () => {
  it('names an unknown track with the closest one', () => {
    const { problems, at } = variant('"offer": { "track": "sqm", "terms": { "royalty": "0.2', '"offer": { "track": "sqn", "terms": { "royalty": "0.2');
    expect(problems.map((p) => [p.code, p.message, p.hint])).toEqual([['E_UNKNOWN_TRACK', "no track 'sqn'", "did you mean 'sqm'?"]]);
    expect(problems[0]!.location).toMatchObject(at('"sqn"'));
  });

  it('names an unknown issue with the closest one, at its key', () => {
    const { problems, at } = variant('"terms": { "royalty": "0.2', '"terms": { "royalti": "0.2');
    expect(problems.map((p) => [p.code, p.hint])).toEqual([['E_UNKNOWN_ISSUE', "did you mean 'royalty'?"]]);
    expect(problems[0]!.location).toMatchObject(at('"royalti"'));
  });

  it('type-checks offered values with self = the offer\'s track: a state typo, a value of the wrong kind, a variable out of scope', () => {
    const self = variant('"royalty": "self.terms.royalty + 0.02"', `"royalty": "self.state == 'consdering' ? 0.3 : 0.2"`);
    expect(self.problems.map((p) => [p.code, p.message, p.hint])).toEqual([['E_EXPR_UNKNOWN_VALUE', "'consdering' is not a state of track 'sqm': self.state can never equal it", "did you mean 'considering'?"]]);
    const kind = variant('"royalty": "self.terms.royalty + 0.02"', `"royalty": "'high'"`);
    expect(kind.problems.map((p) => p.code)).toEqual(['E_EXPR_RESULT_TYPE']);
    expect(kind.problems[0]!.hint).toMatch(/'royalty' is a number issue/);
    const scope = variant('"royalty": "self.terms.royalty + 0.02"', '"royalty": "offer.royalty"');
    expect(scope.problems.map((p) => p.code)).toEqual(['E_EXPR_SCOPE']);
  });

  it('refuses a literal outside the issue, a misspelt enum value, and an offer without terms', () => {
    expect(variant('"refining": "abroad" } }', '"refining": "abroad", "price": 5000 } }').problems.map((p) => [p.code, p.message])).toEqual([['E_RANGE', '5000 is outside [0, 2000]']]);
    expect(variant('"refining": "abroad" } }', '"refining": "abrod" } }').problems.map((p) => [p.code, p.hint])).toEqual([['E_ENUM_VALUE', "did you mean 'abroad'?"]]);
    const empty = variant('"terms": { "royalty": "self.terms.royalty + 0.02" }', '"terms": {}');
    expect(empty.problems.map((p) => [p.code, p.message])).toEqual([['E_OFFER', 'this offer puts no terms on the table']]);
    expect(empty.problems[0]!.hint).toMatch(/name at least one issue/);
  });

  it("takes a bare enum value in a response's terms as the value, as offers do, and a misspelt one as E_ENUM_VALUE", () => {
    const response = '{ "label": "signed", "p": "self.received ? 1.0 : 0.0", "event": "AGREE" }';
    const ok = variant(response, response.replace(' }', ', "terms": { "refining": "home" } }'));
    expect(ok.problems).toEqual([]);
    const typo = variant(response, response.replace(' }', ', "terms": { "refining": "hme" } }'));
    expect(typo.problems.map((p) => [p.code, p.hint])).toEqual([['E_ENUM_VALUE', "did you mean 'home'?"]]);
    expect(typo.problems[0]!.location).toMatchObject(typo.at('"hme"'));
  });

  it('suggests received for a misspelt field of a track', () => {
    const { problems } = variant('"when": "tracks.sqm.received && tracks.sqm.terms.royalty >= 0.2"', '"when": "tracks.sqm.recieved && tracks.sqm.terms.royalty >= 0.2"');
    expect(problems.map((p) => [p.code, p.hint])).toEqual([['E_EXPR_UNKNOWN_NAME', "did you mean 'received'?"]]);
  });

  it('wants an UPPER_CASE event name for the machine', () => {
    const { problems } = variant('"event": "IMPROVED"', '"event": "improved"');
    expect(problems.map((p) => [p.code, p.message])).toEqual([['E_FORMAT', expect.stringMatching(/UPPER_CASE/)]]);
  });
});

describe("lint on a counterpart's offers", () => {
  function lint(from: string, to: string): ScenarioProblem[] {
    const { scenario, document, problems } = loadScenarioWithDocument(text.replace(from, to), 'offers.json');
    if (!scenario || !document) throw new Error(problems.map((p) => p.message).join('; '));
    return lintScenario(scenario, document, { staticOnly: true });
  }

  it('counts the events offers send as sent (no W_EVENT_NEVER_SENT), and reads the variables their values and defaults read', () => {
    expect(lint('', '').map((p) => p.code)).toEqual([]);
  });

  it('warns where an offer names an event its track handles nowhere, and not for the default OFFER_RECEIVED', () => {
    const problems = lint('"event": "IMPROVED"', '"event": "IMPROVD"');
    expect(problems.map((p) => p.code).sort()).toEqual(['W_EVENT_NEVER_SENT', 'W_SIGNAL_UNHANDLED']);
    const unhandled = problems.find((p) => p.code === 'W_SIGNAL_UNHANDLED')!;
    expect(unhandled.message).toBe("this offer sends 'IMPROVD' to track 'sqm', but no state there handles 'IMPROVD': the terms go on the table, but the machine does not react");
    expect(unhandled.hint).toMatch(/did you mean 'IMPROVED'/i);
    expect(unhandled.path).toEqual(['events', 'sqmImproves', 'branches', 0, 'offer', 'event']);
    // Without the transition on OFFER_RECEIVED the default event goes unhandled, silently.
    const quiet = lint('"OFFER_RECEIVED": "considering", ', '');
    expect(quiet.map((p) => p.code)).not.toContain('W_SIGNAL_UNHANDLED');
  });

  it("counts an issue the counterpart's offers set as set on the track (W_DEAL_ISSUE_UNSET only when nothing sets it)", () => {
    const codes = (problems: ScenarioProblem[]) => problems.map((p) => p.code);
    const byOffer = text.replace('"terms": { "royalty": 0.1, "refining": "abroad" }', '"terms": { "refining": "abroad" }');
    const load = (t: string) => {
      const { scenario, document } = loadScenarioWithDocument(t, 'offers.json');
      return lintScenario(scenario!, document!, { staticOnly: true });
    };
    expect(codes(load(byOffer))).not.toContain('W_DEAL_ISSUE_UNSET');
    const nothing = byOffer.replace('"royalty": "0.2 + world.lithiumPrice / 1000.0", ', '').replace('{ "royalty": "self.terms.royalty + 0.02" }', '{ "refining": "abroad" }');
    const unset = load(nothing).filter((p) => p.code === 'W_DEAL_ISSUE_UNSET');
    expect(unset).toHaveLength(1);
    expect(unset[0]!.message).toMatch(/issue 'royalty' at its minimum/);
  });
});
