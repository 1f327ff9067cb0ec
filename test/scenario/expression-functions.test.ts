import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildExpressionEnvironment } from '../../src/scenario/expression-environment.js';
import { compileClosure } from '../../src/scenario/compile-closure.js';
import { compileSource } from '../../src/scenario/compile-source.js';
import { compileExpression } from '../../src/scenario/compile-expression.js';
import { callForm, celSignature, EXPRESSION_FUNCTIONS, expressionFunction } from '../../src/scenario/expression-functions.js';
import type { ScenarioFile } from '../../src/scenario/scenario-schema.js';

// A scenario whose parameters are named after the functions' parameters: `clamp(param.x, param.lo, param.hi)`.
const parameterNames = [...new Set(EXPRESSION_FUNCTIONS.flatMap((f) => f.parameters))];
const file = { world: {}, parameters: Object.fromEntries(parameterNames.map((p) => [p, { dist: 'fixed', value: 0 }])), issues: {}, tracks: {} } as unknown as ScenarioFile;
const { env, classes } = buildExpressionEnvironment(file);

const same = (a: unknown, b: unknown) => Object.is(a, b);

describe('the numeric functions of scenario expressions (one table, every evaluator)', () => {
  it('declares each function once, with as many parameters as its implementation takes', () => {
    expect(new Set(EXPRESSION_FUNCTIONS.map((f) => f.name)).size).toBe(EXPRESSION_FUNCTIONS.length);
    for (const f of EXPRESSION_FUNCTIONS) {
      expect(f.implementation.length, f.name).toBe(f.parameters.length);
      expect(f.doc.length, f.name).toBeGreaterThan(0);
      expect(expressionFunction(f.name)).toBe(f);
    }
    expect(celSignature(expressionFunction('clamp')!)).toBe('clamp(double, double, double): double');
    expect(callForm(expressionFunction('clamp')!)).toBe('clamp(x, lo, hi)');
    expect(expressionFunction('constructor')).toBeUndefined();
  });

  for (const f of EXPRESSION_FUNCTIONS) {
    const source = `${f.name}(${f.parameters.map((p) => `param.${p}`).join(', ')})`;

    it(`runs ${source} through cel-js, the closures and the generated code with identical results`, () => {
      const parsed = env.parse(source);
      expect(parsed.check().valid).toBe(true);
      const reference = parsed as unknown as (scope: object) => unknown;
      // Neither compiler may fall back for a function of the table: that would pass every other test.
      const closure = compileClosure(parsed.ast);
      const generated = compileSource(parsed.ast);
      expect(closure).toBeTypeOf('function');
      expect(generated?.code).toContain(`H.${f.name}(`);
      const double = fc.oneof(fc.double(), fc.constantFrom(0, -0, 1, -1, 0.5, NaN, Infinity, -Infinity));
      fc.assert(
        fc.property(fc.array(double, { minLength: f.parameters.length, maxLength: f.parameters.length }), (args) => {
          const param = new classes.Param();
          f.parameters.forEach((p, i) => (param[p] = args[i]!));
          const scope = { param };
          const expected = f.implementation(...args);
          const results = { cel: reference(scope), closure: closure!(scope), generated: generated!.evaluate(scope) };
          for (const [by, value] of Object.entries(results)) if (!same(value, expected)) throw new Error(`${source} with ${JSON.stringify(args.map(String))}: ${by} gave ${String(value)}, the table ${String(expected)}`);
        }),
        { numRuns: 300 },
      );
    });

    it(`compiles ${source} in a scenario to generated code, not to a fallback`, () => {
      const { compiled, problems } = compileExpression(env, source, ['metrics', 'm', 'expr'], 'global', 'double', {});
      expect(problems).toEqual([]);
      expect(compiled!.evaluate.name).toBe('celExpression');
      expect(compiled!.code).toContain(`H.${f.name}(`);
    });
  }

  it('suggests a function of the table for a misspelt name', () => {
    const { problems } = compileExpression(env, 'logistc(param.x)', ['metrics', 'm', 'expr'], 'global', 'double', {});
    expect(problems.map((p) => [p.code, p.hint])).toEqual([['E_EXPR_UNKNOWN_FUNCTION', "did you mean 'logistic'?"]]);
  });
});
