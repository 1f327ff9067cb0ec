/**
 * Generated JavaScript, built the way ajv builds its validators: with the `_` tagged template, in
 * which every interpolated plain value is quoted (strings through JSON.stringify, numbers through a
 * finite-number check, booleans as keywords) and only `Code` objects go in as code. A `Code` is made
 * only here: from a template, from an identifier checked against the identifier grammar (`name`), or
 * from an expression's generated text (`expressionCode`, written by compile-source.ts under the same
 * rule). So nothing a scenario file contains can become code, whatever it holds.
 *
 * @example
 *   const v = name('v');
 *   _`if (${v} > ${0.5}) return ${'high'};`.text  // 'if (v > 0.5) return "high";'
 */
export class Code {
  private constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }

  /** @internal the one constructor call; use `_`, `name`, `join` or `expressionCode`. */
  static trusted(text: string): Code {
    return new Code(text);
  }
}

/** What may be interpolated: code as it is, plain values quoted. */
export type CodeValue = Code | string | number | boolean;

export function _(strings: TemplateStringsArray, ...values: readonly CodeValue[]): Code {
  let text = strings[0]!;
  for (let i = 0; i < values.length; i++) text += quote(values[i]!) + strings[i + 1]!;
  return Code.trusted(text);
}

/** Pieces of code joined with a separator (itself code). */
export function join(pieces: readonly Code[], separator: Code = _`, `): Code {
  return Code.trusted(pieces.map((p) => p.text).join(separator.text));
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** An identifier (a generated function's parameter or local): checked, so it cannot smuggle code. */
export function name(identifier: string): Code {
  if (!IDENTIFIER.test(identifier)) throw new Error(`not an identifier: ${JSON.stringify(identifier)}`);
  return Code.trusted(identifier);
}

/**
 * The names every generated expression text uses: `s`, the scope it reads (see CompiledExpression),
 * and `H`, the helper functions (compile-source.ts HELPERS). A generated function that inlines
 * expression texts must take these two as parameters.
 */
export const SCOPE = name('s');
export const HELPERS_PARAM = name('H');

/**
 * An expression's generated text as code (parenthesised). Undefined where it has none (closures or
 * cel-js evaluate it): callers then generate nothing and the generic path runs.
 */
export function expressionCode(expr: { readonly code: string | undefined }): Code | undefined {
  return expr.code === undefined ? undefined : Code.trusted(`(${expr.code})`);
}

/** A number as a JavaScript literal; NaN and infinities as expressions, -0 kept. */
export function numberLiteral(v: number): string {
  if (Number.isNaN(v)) return '(0 / 0)';
  if (v === Infinity) return '(1 / 0)';
  if (v === -Infinity) return '(-1 / 0)';
  if (Object.is(v, -0)) return '(-0)';
  const text = String(v);
  if (!/^-?[0-9.e+-]+$/.test(text)) throw new Error(`not a number literal: ${text}`);
  return `(${text})`;
}

function quote(v: CodeValue): string {
  if (v instanceof Code) return v.text;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return numberLiteral(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  throw new Error(`cannot interpolate ${typeof v} into code`);
}

/**
 * Whether to generate code. Off when the process forbids it (node --disallow-code-generation-from-
 * strings): expressions then run as closures and every engine site takes its generic path. Tests
 * switch it off to check the closures and generic paths too.
 */
export const codeGeneration = { enabled: true };

/**
 * `new Function(...params, body)` called with `args`: the one place Parley turns generated text into
 * a function. `body` is code (see above), so the text comes only from templates, checked names,
 * quoted values and generated expression texts. Undefined (and code generation off for the rest of
 * the process) where the process forbids it.
 */
export function compileFunction<T>(params: readonly Code[], body: Code, args: readonly unknown[]): T | undefined {
  if (!codeGeneration.enabled) return undefined;
  let factory: (...a: unknown[]) => T;
  try {
    factory = new Function(...params.map((p) => p.text), `'use strict';\n${body.text}`) as typeof factory;
  } catch (error) {
    if (error instanceof EvalError) {
      codeGeneration.enabled = false; // code generation from strings is disallowed in this process
      return undefined;
    }
    throw error;
  }
  return factory(...args);
}
