import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { load, repoRoot } from '../load-fixture.js';
import { parseSourceDocument } from '../../src/scenario/source-document.js';
import { expandScenario } from '../../src/scenario/expand-scenario.js';
import { loadScenarioWithDocument } from '../../src/scenario/load-scenario-with-document.js';
import { lintScenario } from '../../src/lint/lint-scenario.js';
import type { CompiledScenario } from '../../src/scenario/compiled-scenario.js';

const base = readFileSync(`${repoRoot}test/fixtures/templates/ladder.json`, 'utf8');
const writtenOut = '"strategies": {\n    "push": { "label": "Push", "rules": [ { "move": "north.sign" }, { "move": "south.sign" }, { "move": "north.talk" }, { "move": "south.talk" } ] }\n  },';

/** The ladder fixture with its strategies (and, optionally, rule sets) replaced. */
function withStrategies(strategies: string, ruleSets?: string): string {
  expect(base.split(writtenOut).length, 'the fixture\'s strategies must be as written here').toBe(2);
  return base.split(writtenOut).join(`${ruleSets === undefined ? '' : `"ruleSets": ${ruleSets},\n  `}"strategies": ${strategies},`);
}

/** 1-based line and column of the first occurrence of needle, plus offset characters. */
function at(text: string, needle: string, offset = 0, from = 0): { line: number; column: number } {
  const index = text.indexOf(needle, from);
  if (index < 0) throw new Error(`needle not found: ${needle}`);
  const before = text.slice(0, index + offset);
  return { line: before.split('\n').length, column: index + offset - before.lastIndexOf('\n') };
}

function expanded(text: string, file = 'ladder.json'): any {
  const { document, problems } = parseSourceDocument(text, file);
  expect(problems).toEqual([]);
  const result = expandScenario(document);
  expect(result.problems).toEqual([]);
  return result.document.value;
}

/** The moves of a compiled strategy's rules, in order ("wait" for none). */
function moves(scenario: CompiledScenario, strategy: string): string[] {
  return scenario.strategies.get(strategy)!.rules.map((r) => r.move?.id ?? 'wait');
}

const rulesWrittenOut = [{ move: 'north.sign' }, { move: 'south.sign' }, { move: 'north.talk' }, { move: 'south.talk' }];

describe('strategy move lists', () => {
  it('make one rule per move, in order, each with the rule\'s condition, offer and weight', () => {
    const text = withStrategies(
      '{ "push": { "label": "Push", "rules": [ { "move": ["north.sign", "south.sign"], "when": "round >= 2" }, { "move": ["north.talk", "south.talk"] } ] },\n' +
        '    "dice": { "label": "Dice", "mode": "weighted", "rules": [ { "move": ["north.talk", "south.talk"], "weight": 3 }, { "move": "wait", "weight": 1 } ] } }',
    );
    const v = expanded(text);
    expect(v.strategies.push.rules).toEqual([
      { move: 'north.sign', when: 'round >= 2' },
      { move: 'south.sign', when: 'round >= 2' },
      { move: 'north.talk' },
      { move: 'south.talk' },
    ]);
    expect(v.strategies.dice.rules).toEqual([{ move: 'north.talk', weight: 3 }, { move: 'south.talk', weight: 3 }, { move: 'wait', weight: 1 }]);
    const { scenario, problems } = load(text, 'ladder.json');
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(moves(scenario!, 'push')).toEqual(['north.sign', 'south.sign', 'north.talk', 'south.talk']);
    expect(moves(scenario!, 'dice')).toEqual(['north.talk', 'south.talk', 'wait']);
  });

  it('locate an unknown move at its element of the list', () => {
    const text = withStrategies('{ "push": { "label": "Push", "rules": [ { "move": ["north.sign", "south.sigh"] } ] } }');
    const { problems } = load(text, 'ladder.json');
    expect(problems[0]).toMatchObject({ code: 'E_UNKNOWN_MOVE', location: at(text, '"south.sigh"') });
  });

  it('refuse an empty list, at the list', () => {
    const text = withStrategies('{ "push": { "label": "Push", "rules": [ { "move": [] }, { "move": "north.sign" } ] } }');
    const { problems } = load(text, 'ladder.json');
    expect(problems).toMatchObject([{ code: 'E_SCHEMA', location: at(text, '[]'), message: 'the list of moves is empty' }]);
  });

  it('locate a move in a YAML flow list to its element', () => {
    const yaml = stringify(JSON.parse(withStrategies('{ "push": { "label": "Push", "rules": [ { "move": ["north.sign", "south.sigh"] } ] } }')));
    expect(yaml).toContain('- south.sigh');
    const { problems } = load(yaml, 'ladder.yaml');
    expect(problems[0]).toMatchObject({ code: 'E_UNKNOWN_MOVE', location: at(yaml, 'south.sigh') });
  });
});

describe('rule sets', () => {
  const ruleSets = '{ "signFirst": [ { "move": ["north.sign", "south.sign"] } ], "talk": [ { "move": "north.talk" }, { "move": "south.talk" } ] }';

  it('splice their rules where a strategy uses them, the same as the rules written out', () => {
    const text = withStrategies('{ "push": { "label": "Push", "rules": [ { "use": "signFirst" }, { "use": "talk" } ] },\n    "talker": { "label": "Talker", "rules": [ { "use": "talk" } ] } }', ruleSets);
    const v = expanded(text);
    expect(v.ruleSets).toBeUndefined();
    expect(v.strategies.push.rules).toEqual(rulesWrittenOut);
    expect(v.strategies.talker.rules).toEqual([{ move: 'north.talk' }, { move: 'south.talk' }]);
    const withSets = load(text, 'ladder.json');
    const plain = load(base, 'ladder.json');
    expect(withSets.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(moves(withSets.scenario!, 'push')).toEqual(moves(plain.scenario!, 'push'));
  });

  it('name an undeclared rule set with a did-you-mean, at "use"', () => {
    const text = withStrategies('{ "push": { "label": "Push", "rules": [ { "use": "signFrist" } ] } }', ruleSets);
    const { problems } = load(text, 'ladder.json');
    expect(problems).toMatchObject([{ code: 'E_UNKNOWN_RULE_SET', location: at(text, '"signFrist"'), message: "strategy 'push' uses rule set 'signFrist', which is not declared", hint: "did you mean 'signFirst'?" }]);
  });

  it('locate a problem inside a rule set in the rule set', () => {
    const sets = '{ "signFirst": [ { "move": ["north.sign", "south.sign"], "when": "round >= tracks.east.rounds" } ] }';
    const text = withStrategies('{ "push": { "label": "Push", "rules": [ { "use": "signFirst" } ] } }', sets);
    const { problems } = load(text, 'ladder.json');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ code: 'E_EXPR_UNKNOWN_NAME', location: at(text, 'east') });
  });

  it('do not nest, and a rule that uses one takes no other keys', () => {
    const nested = withStrategies('{ "push": { "label": "Push", "rules": [ { "use": "outer" } ] } }', '{ "outer": [ { "use": "inner" } ], "inner": [ { "move": "north.sign" } ] }');
    expect(load(nested, 'ladder.json').problems).toMatchObject([{ code: 'E_RULE_SET_NESTED', location: at(nested, '"use": "inner"') }]);
    const extra = withStrategies('{ "push": { "label": "Push", "rules": [ { "use": "talk", "when": "round > 1" } ] } }', ruleSets);
    expect(load(extra, 'ladder.json').problems).toMatchObject([{ code: 'E_SCHEMA', location: at(extra, '"when"', 0, extra.indexOf('"strategies"')), message: "a rule that uses a rule set takes no other keys ('when' here)" }]);
  });

  it('refuse a strategy that grows past 200 rules, at its rules', () => {
    const many = JSON.stringify([{ move: Array.from({ length: 120 }, (_, i) => (i % 2 === 0 ? 'north.talk' : 'south.talk')) }]);
    const text = withStrategies(`{ "push": { "label": "Push", "rules": [ { "use": "many" }, { "use": "many" } ] } }`, `{ "many": ${many} }`);
    const { problems } = load(text, 'ladder.json');
    expect(problems).toMatchObject([{ code: 'E_LIMIT', location: at(text, '[', 0, text.indexOf('"rules"', text.indexOf('"strategies"'))) }]);
    expect(problems[0]!.message).toContain('more than 200 rules');
  });

  it('warns about a rule set no strategy uses (lint), at its name', () => {
    const text = withStrategies(writtenOut.replace('"strategies": ', '').replace(/,$/, ''), '{ "spare": [ { "move": "north.talk" } ] }');
    const { scenario, document } = loadScenarioWithDocument(text, 'ladder.json');
    expect(scenario).toBeDefined();
    const warnings = lintScenario(scenario!, document!, { staticOnly: true }).filter((p) => p.code === 'W_UNUSED_RULE_SET');
    expect(warnings).toMatchObject([{ location: at(text, '"spare"'), message: "rule set 'spare' is not used by any strategy: its rules are never checked" }]);
  });
});

describe('parameter ranges', () => {
  const withParameter = (parameter: string): string => base.replace('"world": {', `"parameters": { "patience": ${parameter} },\n  "world": {`);

  it('"range": [low, high] is low and high', () => {
    const v = expanded(withParameter('{ "dist": { "type": "fixed", "value": 6 }, "assumption": true, "range": [4, 9], "description": "Judgement." }'));
    expect(v.parameters.patience).toEqual({ dist: { type: 'fixed', value: 6 }, assumption: true, low: 4, high: 9, description: 'Judgement.' });
    const { scenario } = load(withParameter('{ "dist": { "type": "fixed", "value": 6 }, "range": [4, 9] }'), 'ladder.json');
    const p = scenario!.parameters.find((x) => x.name === 'patience')!;
    expect([p.low, p.high]).toEqual([4, 9]);
  });

  it('locates a range that leaves out the fixed value at its element', () => {
    const text = withParameter('{ "dist": { "type": "fixed", "value": 6 }, "range": [7, 9] }');
    const { problems } = load(text, 'ladder.json');
    expect(problems.filter((p) => p.severity === 'error')[0]).toMatchObject({ location: at(text, '7, 9]') });
  });

  it('refuses a range with low or high, or one that is not two numbers', () => {
    const both = withParameter('{ "dist": { "type": "fixed", "value": 6 }, "range": [4, 9], "low": 4 }');
    expect(load(both, 'ladder.json').problems).toMatchObject([{ code: 'E_SCHEMA', location: at(both, '"range"'), message: 'parameter \'patience\' has both "range" and "low"' }]);
    const three = withParameter('{ "dist": { "type": "fixed", "value": 6 }, "range": [4, 6, 9] }');
    expect(load(three, 'ladder.json').problems).toMatchObject([{ code: 'E_SCHEMA', location: at(three, '[4, 6, 9]'), message: '"range" must be two numbers, [low, high]' }]);
  });
});
