import type { Environment } from '@marcbachmann/cel-js';
import { didYouMean, editDistance } from './did-you-mean.js';
import { SCOPE_VARIABLES, VARIABLE_DOCS, type ExpressionScope } from './expression-environment.js';
import { limits } from './limits.js';
import { compileClosure } from './compile-closure.js';
import { compileSource } from './compile-source.js';
import { CEL_FUNCTIONS_IN_HINTS, EXPRESSION_FUNCTIONS } from './expression-functions.js';
import type { ErrorCode } from './error-codes.js';
import type { SourceLocation } from './scenario-error.js';
import { findUnsafeExpressionParts, UNSAFE_FUNCTIONS } from './unsafe-expression-parts.js';
import { findUnknownStringLiterals, type StringDomains } from './string-literals.js';

/** What an expression must produce where it stands. */
export type ExpectedType = 'bool' | 'double' | 'string' | 'any';

/** A checked, compiled expression. `evaluate` is the only thing the hot loop calls. */
export interface CompiledExpression {
  readonly source: string;
  readonly path: readonly (string | number)[];
  readonly type: string;
  readonly evaluate: (scope: object) => unknown;
  /** cel-js's own evaluator for this expression: the reference `evaluate` is tested against. */
  readonly reference: (scope: object) => unknown;
  /** Root variables the expression reads (world, param, self, batna...). */
  readonly reads: ReadonlySet<string>;
  /** reads.has('batna'), kept as a flag for the hot loop. */
  readonly readsBatna: boolean;
  /**
   * The generated JavaScript text `evaluate` runs (see GeneratedExpression in compile-source.ts), for
   * engine sites that fuse several expressions into one function; undefined where the expression
   * runs as closures or in cel-js.
   */
  readonly code: string | undefined;
  /** Where the expression starts in the file (set by the loader), so run-time errors can point there. */
  readonly location?: SourceLocation;
}

/** A problem in an expression, with the character index in the source (before normalisation). */
export interface ExpressionProblem {
  readonly code: ErrorCode;
  readonly index: number;
  readonly message: string;
  readonly hint?: string;
}

/**
 * CEL integer literals are not doubles (`x == 0` fails on a double x with "no such overload"), and
 * authors should never have to know it: every decimal integer literal becomes a double literal.
 * Returns the rewritten source and a map from rewritten to original indices.
 */
export function normaliseNumberLiterals(source: string): { text: string; toOriginal: (index: number) => number } {
  const inserts: number[] = []; // indices in the original source after which ".0" was inserted
  let out = '';
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i]!;
    if (c === '"' || c === "'") {
      const triple = source.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < n && !source.startsWith(quote, j)) j += source[j] === '\\' ? 2 : 1;
      j = Math.min(n, j + quote.length);
      out += source.slice(i, j);
      i = j;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_]/.test(source[j]!)) j++;
      out += source.slice(i, j);
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i;
      if (source.startsWith('0x', i) || source.startsWith('0X', i)) {
        j += 2;
        while (j < n && /[0-9a-fA-F]/.test(source[j]!)) j++;
        out += source.slice(i, j);
        i = j;
        continue;
      }
      while (j < n && /[0-9]/.test(source[j]!)) j++;
      let isInteger = true;
      if (source[j] === '.' && /[0-9]/.test(source[j + 1] ?? '')) {
        isInteger = false;
        j++;
        while (j < n && /[0-9]/.test(source[j]!)) j++;
      }
      if (source[j] === 'e' || source[j] === 'E') {
        isInteger = false;
        j++;
        if (source[j] === '+' || source[j] === '-') j++;
        while (j < n && /[0-9]/.test(source[j]!)) j++;
      }
      if (source[j] === 'u' || source[j] === 'U') isInteger = false;
      out += source.slice(i, j);
      if (isInteger) {
        out += '.0';
        inserts.push(j);
      }
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  const toOriginal = (index: number): number => {
    let shift = 0;
    for (const at of inserts) {
      if (index >= at + shift + 2) shift += 2;
      else if (index > at + shift) return at; // inside an inserted ".0"
      else break;
    }
    return index - shift;
  };
  return { text: out, toOriginal };
}

interface AstNode {
  op: string;
  args: unknown;
  start: number;
}

function isAstNode(x: unknown): x is AstNode {
  return typeof x === 'object' && x !== null && 'op' in x && 'start' in x;
}

/** Root identifiers an expression reads (variables, not members or macro-bound names). */
function rootIdentifiers(node: unknown, found: { name: string; start: number }[]): void {
  if (Array.isArray(node)) {
    for (const child of node) rootIdentifiers(child, found);
    return;
  }
  if (!isAstNode(node)) return;
  if (node.op === 'id' && typeof node.args === 'string') {
    found.push({ name: node.args, start: node.start });
    return;
  }
  rootIdentifiers(node.args, found);
}

const CEL_CODES: Readonly<Record<string, ErrorCode>> = {
  unknown_variable: 'E_EXPR_UNKNOWN_NAME',
  no_such_key: 'E_EXPR_UNKNOWN_NAME',
  no_such_overload: 'E_EXPR_TYPE',
  cannot_index_type: 'E_EXPR_TYPE',
  limit_exceeded: 'E_EXPR_TOO_COMPLEX',
};

/**
 * Parses and type-checks an expression once; returns a compiled evaluator or the problems found.
 * `names` lists, per root variable, the member names that exist (for "did you mean" hints);
 * `literals`, the strings declared values can hold (a string literal compared with one of them that
 * it can never equal is an error).
 */
export function compileExpression(
  env: Environment,
  source: string,
  path: readonly (string | number)[],
  scope: ExpressionScope,
  expected: ExpectedType,
  names: Readonly<Record<string, readonly string[]>>,
  literals?: { readonly domains: StringDomains; readonly trackIds: readonly string[] },
): { compiled?: CompiledExpression; problems: ExpressionProblem[] } {
  if (source.length > limits.expressionLength) {
    return {
      problems: [
        {
          code: 'E_EXPR_TOO_LONG',
          index: 0,
          message: `expression is ${source.length} characters long; the limit is ${limits.expressionLength}`,
          hint: 'split the logic across world variables or events',
        },
      ],
    };
  }
  const { text, toOriginal } = normaliseNumberLiterals(source);
  let parsed: ReturnType<Environment['parse']>;
  try {
    parsed = env.parse(text);
  } catch (error) {
    const e = error as { code?: string; range?: { start: number }; summary?: string; message?: string };
    const habit = e.code === 'limit_exceeded' ? undefined : syntaxHabit(source);
    if (habit !== undefined) return { problems: [{ code: 'E_EXPR_SYNTAX', ...habit }] };
    return {
      problems: [
        {
          code: e.code === 'limit_exceeded' ? 'E_EXPR_TOO_COMPLEX' : 'E_EXPR_SYNTAX',
          index: toOriginal(e.range?.start ?? 0),
          message: `expression syntax: ${firstLine(e.summary ?? e.message ?? 'cannot parse')}`,
          hint: 'CEL syntax: && || ! == != < <= > >= ? : + - * /, strings in single quotes',
        },
      ],
    };
  }

  // Parts that could hang or exhaust the machine, or that name JavaScript internals, before anything else.
  const unsafe = findUnsafeExpressionParts(parsed.ast, text);
  if (unsafe.length > 0) {
    return {
      problems: unsafe.map((u) => ({
        code: 'E_EXPR_FORBIDDEN',
        index: toOriginal(u.index),
        message: u.kind === 'function' ? `'${u.name}' is not available in scenario expressions` : `'${u.name}' is not a field of scenario data`,
        hint: u.kind === 'function' ? UNSAFE_FUNCTIONS[u.name] : 'expressions read only world, param, tracks and the other names listed in docs/scenario-format.md',
      })),
    };
  }

  // Scope check first: a variable that exists but is not available here deserves its own message.
  const ids: { name: string; start: number }[] = [];
  rootIdentifiers(parsed.ast, ids);
  const allowed = SCOPE_VARIABLES[scope];
  const problems: ExpressionProblem[] = [];
  for (const id of ids) {
    if (allowed.includes(id.name)) continue;
    if (id.name in VARIABLE_DOCS) {
      problems.push({
        code: 'E_EXPR_SCOPE',
        index: toOriginal(id.start),
        message: `'${id.name}' (${VARIABLE_DOCS[id.name]}) is not available here`,
        hint: `here you can use: ${allowed.join(', ')}`,
      });
    }
  }
  if (problems.length > 0) return { problems };

  const checked = parsed.check();
  if (!checked.valid) {
    const e = checked.error as { code?: string; range?: { start: number; end: number }; message?: string };
    const index = toOriginal(e.range?.start ?? 0);
    const code = CEL_CODES[e.code ?? ''] ?? 'E_EXPR_TYPE';
    let message = firstLine(e.message ?? 'type error');
    let hint: string | undefined;
    if (e.code === 'unknown_variable') {
      const name = text.slice(e.range?.start ?? 0, e.range?.end ?? 0);
      message = `unknown name '${name}'`;
      hint = didYouMean(name, allowed) ?? `here you can use: ${allowed.join(', ')}`;
    } else if (e.code === 'no_such_key') {
      const key = text.slice(e.range?.start ?? 0, e.range?.end ?? 0);
      const before = text.slice(0, e.range?.start ?? 0);
      const owner = /([A-Za-z_][A-Za-z0-9_]*)\s*\.\s*$/.exec(before)?.[1];
      const ownerRoot = /([A-Za-z_][A-Za-z0-9_]*)(\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*\s*\.\s*$/.exec(before)?.[1];
      const candidates = (owner && names[owner]) || (ownerRoot && names[ownerRoot]) || [];
      message = `'${key}' does not exist${owner ? ` in '${owner}'` : ''}`;
      hint = didYouMean(key, candidates);
    } else if (e.code === 'no_such_overload') {
      hint = 'check the operand types: numbers, booleans and strings do not mix (enum values are strings)';
    } else if (e.code === 'no_matching_overload') {
      // cel-js says "no matching overload" for a function that does not exist at all, too.
      const name = /for '(?:[^'(]*\.)?([A-Za-z_]\w*)\(/.exec(e.message ?? '')?.[1];
      if (name !== undefined && !knownFunctions(env).has(name)) {
        return {
          problems: [
            {
              code: 'E_EXPR_UNKNOWN_FUNCTION',
              index,
              message: `unknown function '${name}'`,
              hint: unknownFunctionHint(name),
            },
          ],
        };
      }
    }
    return { problems: [{ code, index, message, hint }] };
  }
  const type = String(checked.type);
  if (expected !== 'any' && type !== expected && type !== 'dyn') {
    const want = expected === 'bool' ? 'a condition (true/false)' : expected === 'double' ? 'a number' : 'a string';
    return {
      problems: [
        {
          code: 'E_EXPR_RESULT_TYPE',
          index: 0,
          message: `this expression gives ${describeType(type)} but ${want} is needed here`,
          hint: expected === 'bool' ? "compare it, e.g. 'world.x > 0.5'" : undefined,
        },
      ],
    };
  }
  if (literals !== undefined) {
    const unknown = findUnknownStringLiterals(parsed.ast, literals.domains, literals.trackIds);
    if (unknown.length > 0) return { problems: unknown.map((u) => ({ code: 'E_EXPR_UNKNOWN_VALUE', index: toOriginal(u.index), message: u.message, hint: u.hint })) };
  }
  const reference = parsed as unknown as (scope: object) => unknown;
  // The hot loop runs a function generated from the checked tree (or closures where code generation
  // is disallowed); cel-js evaluates what neither compiles.
  const generated = compileSource(parsed.ast);
  const closure = (generated?.evaluate ?? compileClosure(parsed.ast)) as ((scope: object) => unknown) | undefined;
  const reads = new Set(ids.map((id) => id.name));
  return {
    compiled: expressionWith({ source, path, type, evaluate: closure ?? reference, reference, reads, readsBatna: reads.has('batna'), code: generated?.code }),
    problems: [],
  };
}

/**
 * A compiled expression with every field set, built in this one place: all expressions then share
 * one hidden class, and the engine's `expr.evaluate` / `expr.readsBatna` loads stay monomorphic.
 * (Copies made by object spread had many hidden classes, and those loads went megamorphic: 12% of
 * a flagship run's time in V8's LoadIC_Megamorphic.)
 */
export function expressionWith(fields: Omit<CompiledExpression, 'location'>, location?: SourceLocation): CompiledExpression {
  return {
    source: fields.source,
    path: fields.path,
    type: fields.type,
    evaluate: fields.evaluate,
    reference: fields.reference,
    reads: fields.reads,
    readsBatna: fields.readsBatna,
    code: fields.code,
    location,
  };
}

/** The functions the "unknown function" hint suggests: the scenario's own, then some of CEL's. */
const SCENARIO_FUNCTIONS = [...EXPRESSION_FUNCTIONS.map((f) => f.name), ...CEL_FUNCTIONS_IN_HINTS];

/** Functions authors reach for that scenarios do not have, and what to write instead. */
const MISSING_FUNCTIONS: Readonly<Record<string, string>> = {
  pow: 'there is no pow: write x * x for a square, exp(y * log(x)) for x to the power y',
  power: 'there is no power: write x * x for a square, exp(y * log(x)) for x to the power y',
  ln: "the natural logarithm is log(x)",
  log10: 'write log(x) / log(10.0) for the base-10 logarithm',
  log2: 'write log(x) / log(2.0) for the base-2 logarithm',
  sigmoid: 'the logistic function is logistic(x)',
  not: "write ! (CEL's and, or, not are && || !)",
};

/**
 * The hint for a function that does not exist: what to write instead for a known habit, the
 * function meant for a near typo, else the list of functions (a far match like pow -> log misleads).
 */
function unknownFunctionHint(name: string): string {
  const instead = MISSING_FUNCTIONS[name.toLowerCase()];
  if (instead !== undefined) return instead;
  const all = `the functions are ${SCENARIO_FUNCTIONS.map((f) => `${f}()`).join(', ')} and CEL's own`;
  const close = SCENARIO_FUNCTIONS.filter((f) => editDistance(name.toLowerCase(), f.toLowerCase()) <= (name.length >= 6 ? 2 : 1));
  return close.length > 0 ? `did you mean ${close.map((f) => `'${f}'`).join(' or ')}?` : `there is no function '${name}': ${all}`;
}

const WORD_OPERATORS: Readonly<Record<string, string>> = { and: '&&', or: '||', not: '!' };

/**
 * A syntax error that comes from a habit of other languages, explained in CEL's terms: `and`, `or`,
 * `not` (CEL writes && || !), a percentage `25%` (a probability is 0.25; % is the remainder).
 * Looks only outside string literals. Undefined when the source shows none of them.
 */
function syntaxHabit(source: string): { index: number; message: string; hint: string } | undefined {
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i]!;
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && source[j] !== c) j += source[j] === '\\' ? 2 : 1;
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_]/.test(source[j]!)) j++;
      const word = source.slice(i, j);
      const op = WORD_OPERATORS[word];
      if (op !== undefined && !/\.\s*$/.test(source.slice(0, i))) {
        return { index: i, message: `'${word}' is not an operator in CEL`, hint: `write ${op} (CEL's and, or, not are && || !)` };
      }
      i = j;
      continue;
    }
    if (/[0-9.]/.test(c)) {
      const m = /^(\d+(?:\.\d+)?|\.\d+)\s*%(?!\s*[\w(.])/.exec(source.slice(i));
      if (m) {
        const fraction = String(Number(m[1]) / 100);
        return { index: i, message: `'${m[0]}' is not a number in CEL (% is the remainder of a division)`, hint: `write a probability or share as a fraction: ${fraction.includes('.') ? fraction : `${fraction}.0`}` };
      }
      let j = i + 1;
      while (j < n && /[0-9.eE]/.test(source[j]!)) j++;
      i = j;
      continue;
    }
    i++;
  }
  return undefined;
}

const functionNames = new WeakMap<Environment, ReadonlySet<string>>();
function knownFunctions(env: Environment): ReadonlySet<string> {
  let names = functionNames.get(env);
  if (names === undefined) {
    names = new Set(env.getDefinitions().functions.map((f) => f.name));
    functionNames.set(env, names);
  }
  return names;
}

function describeType(type: string): string {
  if (type === 'double') return 'a number';
  if (type === 'bool') return 'a condition';
  if (type === 'string') return 'a string';
  return `a value of type ${type}`;
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}
