/**
 * Parts of CEL that cel-js offers but a scenario may not use, because a file shared by someone else
 * could use them to hang or exhaust the machine. CEL itself cannot reach JavaScript (no `this`, no
 * globals, no `constructor`), so what remains is cost:
 * - `matches` runs a JavaScript regular expression, which backtracks: `'aaaa…!'.matches('(a+)+$')`
 *   takes exponential time (CEL specifies RE2, which does not).
 * - comprehensions (`all`, `exists`, `exists_one`, `map`, `filter`) and `cel.bind` reuse a value,
 *   and `split`/`join` turn strings into lists and back: chained or nested, they grow a value
 *   exponentially within the expression length limit (`l.map(x, x + x).map(x, x + x)…`).
 * Without them an expression's cost is linear in its length, which `limits` bounds.
 */
export const UNSAFE_FUNCTIONS: Readonly<Record<string, string>> = {
  matches: 'regular expressions can take exponential time; compare with ==, startsWith, endsWith or contains',
  split: 'strings cannot be split into lists in scenarios; compare with ==, startsWith, endsWith or contains',
  join: 'lists cannot be joined into strings in scenarios',
  bind: 'cel.bind is not available; repeat the subexpression or keep the value in a world variable',
  all: 'list macros are not available; write the conditions out with && and ||',
  exists: 'list macros are not available; write the conditions out with && and ||',
  exists_one: 'list macros are not available; write the conditions out with && and ||',
  map: 'list macros are not available in scenarios',
  filter: 'list macros are not available in scenarios',
};

/** Member names that belong to JavaScript objects, never to scenario data. */
export const FORBIDDEN_MEMBERS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A use of an unsafe part, with its character index in the parsed source. */
export interface UnsafePart {
  readonly kind: 'function' | 'member';
  readonly name: string;
  readonly index: number;
}

interface AstNode {
  readonly op: string;
  readonly args: unknown;
  readonly start: number;
  readonly end: number;
}

function isAstNode(x: unknown): x is AstNode {
  return typeof x === 'object' && x !== null && 'op' in x && 'start' in x;
}

/**
 * Walks a cel-js syntax tree and lists every call of an unsafe function and every member access
 * (`x.constructor`, `x['__proto__']`) of a forbidden name. `source` is the text that was parsed, to
 * point at the function's name rather than at its receiver.
 */
export function findUnsafeExpressionParts(ast: unknown, source: string): UnsafePart[] {
  const found: UnsafePart[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (!isAstNode(node)) return;
    const args = node.args;
    if ((node.op === 'call' || node.op === 'rcall') && Array.isArray(args) && typeof args[0] === 'string') {
      const name = args[0];
      const unsafe = Object.prototype.hasOwnProperty.call(UNSAFE_FUNCTIONS, name);
      if (unsafe || FORBIDDEN_MEMBERS.has(name)) {
        const receiver = node.op === 'rcall' && isAstNode(args[1]) ? args[1] : undefined;
        const at = source.indexOf(name, receiver ? receiver.end : node.start);
        found.push({ kind: unsafe ? 'function' : 'member', name, index: at >= 0 ? at : node.start });
      }
    } else if (node.op === '.' && Array.isArray(args) && typeof args[1] === 'string' && FORBIDDEN_MEMBERS.has(args[1])) {
      const object = isAstNode(args[0]) ? args[0] : undefined;
      const at = source.indexOf(args[1], object ? object.end : node.start);
      found.push({ kind: 'member', name: args[1], index: at >= 0 ? at : node.start });
    } else if (node.op === '[]' && Array.isArray(args)) {
      const key = args[1];
      if (isAstNode(key) && key.op === 'value' && typeof key.args === 'string' && FORBIDDEN_MEMBERS.has(key.args)) {
        found.push({ kind: 'member', name: key.args, index: key.start });
      }
    }
    visit(args);
  };
  visit(ast);
  return found;
}
