import { _, Code, codeGeneration, compileFunction, HELPERS_PARAM, join, numberLiteral, SCOPE } from './code-template.js';
import { EXPRESSION_FUNCTIONS, expressionFunction } from './expression-functions.js';

/**
 * Compiles a parsed *and type-checked* CEL syntax tree into one JavaScript function, the way ajv
 * compiles JSON Schemas: the generated text is built only from fixed operator templates; every name
 * and string from the scenario enters it through JSON.stringify (as a bracketed property name or a
 * string literal) and every number through a finite-number check, so nothing a file contains can
 * become code. One flat function per expression lets V8 inline the whole expression (the closure
 * tree of compile-closure.ts calls through megamorphic sites at every node).
 *
 * Supports the same subset as compile-closure.ts and gives the same results (the differential test
 * test/scenario/compile-closure.test.ts checks both against cel-js on every scenario expression);
 * anything else returns undefined and the caller falls back to the closures, then to cel-js.
 */
export type CompiledSource = (scope: Record<string, unknown>) => unknown;

/** A generated expression: the function, and its body text (reads `s`, calls helpers as `H.name`). */
export interface GeneratedExpression {
  readonly evaluate: CompiledSource;
  /**
   * The JavaScript text of the expression, built as described above. Engine sites that evaluate
   * several expressions in a row (strategy rules, see src/engine/compile-chooser.ts) join such texts
   * into one generated function with `s` and `H` in scope, so nothing but these texts and fixed
   * templates enters the code.
   */
  readonly code: string;
}

interface Node {
  readonly op: string;
  readonly args: unknown;
}

/**
 * Helpers the generated code calls: the table's functions (expression-functions.ts) by name, and
 * `has`. Passed in as `H`, never looked up by name at run time.
 */
export const HELPERS: Readonly<Record<string, (...args: never[]) => unknown>> = Object.freeze({
  ...Object.fromEntries(EXPRESSION_FUNCTIONS.map((f) => [f.name, f.implementation])),
  has: (o: Record<string, unknown>, field: string) => Object.prototype.hasOwnProperty.call(o, field) && o[field] !== undefined,
});

const BINARY: Readonly<Record<string, string>> = {
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '==': '===',
  '!=': '!==',
};

class Unsupported extends Error {}

/** The JavaScript text of a node; throws Unsupported outside the compiled subset. */
export function generate(node: Node): string {
  const { op, args } = node;
  switch (op) {
    case 'value': {
      const v = args;
      if (typeof v === 'number') return numberLiteral(v);
      if (typeof v === 'string') return JSON.stringify(v);
      if (typeof v === 'boolean') return v ? 'true' : 'false';
      throw new Unsupported(); // ints (bigint), bytes, null
    }
    case 'id':
      if (typeof args !== 'string') throw new Unsupported();
      return `s[${JSON.stringify(args)}]`;
    case '.': {
      const [objectNode, field] = args as [Node, unknown];
      if (typeof field !== 'string') throw new Unsupported();
      return `${generate(objectNode)}[${JSON.stringify(field)}]`;
    }
    case '!_':
      return `(!${generate(args as Node)})`;
    case '-_':
      return `(-${generate(args as Node)})`;
    case '&&': {
      const [a, b] = args as [Node, Node];
      return `(${generate(a)} === true && ${generate(b)} === true)`;
    }
    case '||': {
      const [a, b] = args as [Node, Node];
      return `(${generate(a)} === true || ${generate(b)} === true)`;
    }
    case '?:': {
      const [c, a, b] = args as [Node, Node, Node];
      return `(${generate(c)} === true ? ${generate(a)} : ${generate(b)})`;
    }
    case 'call': {
      const [name, argNodes] = args as [unknown, Node[]];
      if (name === 'has' && argNodes.length === 1 && argNodes[0]!.op === '.') {
        const [objectNode, field] = argNodes[0]!.args as [Node, unknown];
        if (typeof field !== 'string') throw new Unsupported();
        return `H.has(${generate(objectNode)}, ${JSON.stringify(field)})`;
      }
      const fn = typeof name === 'string' ? expressionFunction(name) : undefined;
      if (fn === undefined || fn.parameters.length !== argNodes.length) throw new Unsupported();
      // fn.name is the table's own identifier, never text from the file.
      return `H.${fn.name}(${argNodes.map(generate).join(', ')})`;
    }
    default: {
      if (!Object.prototype.hasOwnProperty.call(BINARY, op)) throw new Unsupported();
      const [a, b] = args as [Node, Node];
      return `(${generate(a)} ${BINARY[op]} ${generate(b)})`;
    }
  }
}

export function compileSource(ast: unknown): GeneratedExpression | undefined {
  if (!codeGeneration.enabled) return undefined;
  let code: string;
  try {
    code = generate(ast as Node);
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
  const evaluate = compileFunction<CompiledSource>([HELPERS_PARAM], _`return function celExpression(${SCOPE}) { return ${Code.trusted(code)}; };`, [HELPERS]);
  return evaluate && { evaluate, code };
}

/** Copies the named fields from one object to another. */
export type FieldCopy = (to: Record<string, unknown>, from: Readonly<Record<string, unknown>>) => void;

/**
 * A copy of fixed fields (a track's terms, an offer) as one generated function of named property
 * accesses: the engine's loops over names made every access a megamorphic keyed one. Names enter the
 * text only through JSON.stringify. A plain loop where code generation is off.
 */
export function compileFieldCopy(names: readonly string[]): FieldCopy {
  const loop: FieldCopy = (to, from) => {
    for (const name of names) to[name] = from[name];
  };
  const body = join(names.map((n) => _`to[${n}] = from[${n}];`), _`\n`);
  return compileFunction<FieldCopy>([], _`return function fieldCopy(to, from) {\n${body}\n};`, []) ?? loop;
}
