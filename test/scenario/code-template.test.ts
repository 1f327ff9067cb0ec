import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { _, compileFunction, expressionCode, join, name } from '../../src/scenario/code-template.js';

describe('the code template', () => {
  it('quotes interpolated strings, so any text stays a string literal', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const f = compileFunction<() => string>([], _`return function () { return ${text}; };`, []);
        expect(f!()).toBe(text);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('writes numbers as literals that read back identically, NaN, infinities and -0 included', () => {
    const values = [0, -0, 1.5, -2e-300, 1e21, Number.MAX_VALUE, NaN, Infinity, -Infinity];
    for (const v of values) {
      const f = compileFunction<() => number>([], _`return function () { return ${v}; };`, []);
      expect(Object.is(f!(), v), String(v)).toBe(true);
    }
  });

  it('puts code objects in as code, and only those', () => {
    const x = name('x');
    const f = compileFunction<(x: number) => number>([], _`return function (${x}) { return ${x} * ${2}; };`, []);
    expect(f!(21)).toBe(42);
    expect(_`${'a"+b'}`.text).toBe('"a\\"+b"');
    expect(join([_`a`, _`b`], _` + `).text).toBe('a + b');
  });

  it('refuses identifiers that are not identifiers', () => {
    expect(() => name('a;b')).toThrow(/not an identifier/);
    expect(() => name('x) { alert(1) } (')).toThrow(/not an identifier/);
    expect(name('$ok_1').text).toBe('$ok_1');
  });

  it('parenthesises an expression text and has none for an expression without one', () => {
    expect(expressionCode({ code: 's["a"] + 1' })!.text).toBe('(s["a"] + 1)');
    expect(expressionCode({ code: undefined })).toBeUndefined();
  });
});
