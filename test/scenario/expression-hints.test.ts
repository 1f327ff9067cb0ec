import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildExpressionEnvironment } from '../../src/scenario/expression-environment.js';
import { compileExpression } from '../../src/scenario/compile-expression.js';
import type { ScenarioFile } from '../../src/scenario/scenario-schema.js';
import { load, repoRoot } from '../load-fixture.js';

const file = { world: { x: { type: 'number', initial: 0 } }, parameters: { p: { dist: 'fixed', value: 0 } }, issues: {}, tracks: {} } as unknown as ScenarioFile;
const { env } = buildExpressionEnvironment(file);

/** The single problem of an expression, as code, index, message and hint. */
function problem(source: string) {
  const { problems } = compileExpression(env, source, ['metrics', 'm', 'expr'], 'global', 'any', { world: ['x'], param: ['p'] });
  expect(problems, source).toHaveLength(1);
  return problems[0]!;
}

describe('hints for habits of other languages', () => {
  it('says there is no pow and what to write, instead of suggesting log', () => {
    const p = problem('pow(world.x, 2)');
    expect(p.code).toBe('E_EXPR_UNKNOWN_FUNCTION');
    expect(p.hint).toContain('exp(y * log(x))');
    expect(p.hint).not.toContain("did you mean 'log'");
    expect(problem('logistc(world.x)').hint).toMatch(/^did you mean 'logistic'\?/);
    expect(problem('foo(world.x)').hint).toMatch(/^there is no function 'foo': the functions are min\(\), max\(\)/);
  });

  it('explains and / or / not as && || !, at the word', () => {
    const and = problem('world.x > 0.5 and param.p < 1');
    expect([and.code, and.index, and.message, and.hint]).toEqual(['E_EXPR_SYNTAX', 14, "'and' is not an operator in CEL", "write && (CEL's and, or, not are && || !)"]);
    expect(problem('world.x > 0.5 or true').hint).toMatch(/^write \|\|/);
    expect(problem('not (world.x > 0.5)').hint).toMatch(/^write !/);
    // Inside a string the words are text, and a syntax error elsewhere keeps CEL's own message.
    expect(problem("'this and that' == 'x' &&").message).toMatch(/^expression syntax:/);
  });

  it('reads 25% as a percentage written where CEL wants a fraction', () => {
    const p = problem('25%');
    expect([p.code, p.index, p.hint]).toEqual(['E_EXPR_SYNTAX', 0, 'write a probability or share as a fraction: 0.25']);
    expect(problem('world.x * 12.5 %').hint).toBe('write a probability or share as a fraction: 0.125');
    // The remainder operator itself still works.
    expect(compileExpression(env, 'round % 3 == 0', ['metrics', 'm', 'expr'], 'global', 'any', {}).problems.map((x) => x.message)).not.toContainEqual(expect.stringContaining('percentage'));
  });
});

describe('event names', () => {
  const base = JSON.parse(readFileSync(`${repoRoot}scenarios/supplier-duel.json`, 'utf8'));

  it('says a lowercase or camelCase event name must be UPPER_CASE, and gives it', () => {
    const s = structuredClone(base);
    const talks = s.tracks.incumbent.machine.states.talks;
    talks.on.rivalSigned = talks.on.RIVAL_SIGNED;
    delete talks.on.RIVAL_SIGNED;
    s.tracks.incumbent.moves.offer.responses[0].event = 'agree';
    const problems = load(JSON.stringify(s, null, 2)).problems.map((p) => `${p.code} ${p.message} | ${p.hint}`);
    expect(problems).toContain('E_NAME \'rivalSigned\' is not an event name: event names are UPPER_CASE | write "RIVAL_SIGNED" (and send the same name from moves, responses and signals)');
    expect(problems).toContain('E_FORMAT \'agree\' is not an event name: event names are UPPER_CASE | write "AGREE"');
  });
});
