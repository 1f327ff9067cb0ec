/**
 * Compiles a parsed *and type-checked* CEL syntax tree into nested JavaScript closures (no eval, no
 * Function constructor). cel-js stays the parser, the type checker and the reference evaluator; this
 * only speeds up the hot loop, where its general evaluator spends most of the time resolving types
 * of custom objects on every field access. Only the subset scenarios use is compiled: numbers,
 * strings and booleans; field access; arithmetic; comparisons; logic; the conditional; the numeric
 * helper functions. Anything else returns undefined and the caller keeps cel-js's evaluator. The
 * differential test (test/scenario/compile-closure.test.ts) checks both agree on every expression of
 * every scenario, over many sampled positions.
 */
export type Closure = (scope: Record<string, unknown>) => unknown;

interface Node {
  readonly op: string;
  readonly args: unknown;
}

const FUNCTIONS: Readonly<Record<string, (...args: number[]) => number>> = {
  min: (a, b) => Math.min(a, b),
  max: (a, b) => Math.max(a, b),
  clamp: (x, lo, hi) => Math.min(hi, Math.max(lo, x)),
  abs: (x) => Math.abs(x),
  exp: (x) => Math.exp(x),
  log: (x) => Math.log(x),
  sqrt: (x) => Math.sqrt(x),
  logistic: (x) => 1 / (1 + Math.exp(-x)),
};

class Unsupported extends Error {}

export function compileClosure(ast: unknown): Closure | undefined {
  try {
    return compile(ast as Node);
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

function compile(node: Node): Closure {
  const { op, args } = node;
  switch (op) {
    case 'value': {
      const v = args;
      if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return () => v;
      throw new Unsupported(); // ints (bigint), bytes, null
    }
    case 'id': {
      const name = args as string;
      return (s) => s[name];
    }
    case '.': {
      const [objectNode, field] = args as [Node, string];
      if (objectNode.op === 'id') return rootField(objectNode.args as string, field);
      // tracks.<id>.<field>: the commonest three-step read, in one closure.
      if (objectNode.op === '.' && (objectNode.args as [Node, string])[0].op === 'id' && ((objectNode.args as [Node, string])[0].args as string) === 'tracks') {
        const track = (objectNode.args as [Node, string])[1];
        return (s) => ((s.tracks as Record<string, Record<string, unknown>>)[track] as Record<string, unknown>)[field];
      }
      const object = compile(objectNode);
      return (s) => (object(s) as Record<string, unknown>)[field];
    }
    case '!_': {
      const a = compile(args as Node);
      return (s) => !a(s);
    }
    case '-_': {
      const a = compile(args as Node);
      return (s) => -(a(s) as number);
    }
    case '&&': {
      const [a, b] = (args as Node[]).map(compile) as [Closure, Closure];
      return (s) => a(s) === true && b(s) === true;
    }
    case '||': {
      const [a, b] = (args as Node[]).map(compile) as [Closure, Closure];
      return (s) => a(s) === true || b(s) === true;
    }
    case '?:': {
      const [c, a, b] = (args as Node[]).map(compile) as [Closure, Closure, Closure];
      return (s) => (c(s) === true ? a(s) : b(s));
    }
    case '+':
    case '-':
    case '*':
    case '/':
    case '<':
    case '<=':
    case '>':
    case '>=':
    case '==':
    case '!=':
      return binary(op, args as [Node, Node]);
    case 'call': {
      const [name, argNodes] = args as [string, Node[]];
      if (name === 'has' && argNodes.length === 1 && argNodes[0]!.op === '.') {
        const [objectNode, field] = argNodes[0]!.args as [Node, string];
        const object = compile(objectNode);
        // Own fields only: a name like `valueOf` must not find a JavaScript built-in.
        return (s) => {
          const o = object(s) as Record<string, unknown>;
          return Object.prototype.hasOwnProperty.call(o, field) && o[field] !== undefined;
        };
      }
      const fn = Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
      if (!fn || fn.length !== argNodes.length) throw new Unsupported();
      const compiled = argNodes.map(compile);
      if (compiled.length === 1) {
        const [a] = compiled as [Closure];
        return (s) => fn(a(s) as number);
      }
      if (compiled.length === 2) {
        const [a, b] = compiled as [Closure, Closure];
        return (s) => fn(a(s) as number, b(s) as number);
      }
      const [a, b, c] = compiled as [Closure, Closure, Closure];
      return (s) => fn(a(s) as number, b(s) as number, c(s) as number);
    }
    default:
      throw new Unsupported();
  }
}

/**
 * `root.field`, with one closure literal per common root: each literal is its own property-access
 * site in V8, so the site sees one object shape (World, Param, ...) instead of all of them.
 */
function rootField(root: string, field: string): Closure {
  switch (root) {
    case 'world':
      return (s) => (s.world as Record<string, unknown>)[field];
    case 'param':
      return (s) => (s.param as Record<string, unknown>)[field];
    case 'self':
      return (s) => (s.self as Record<string, unknown>)[field];
    case 'offer':
      return (s) => (s.offer as Record<string, unknown>)[field];
    case 'value':
      return (s) => (s.value as Record<string, unknown>)[field];
    case 'batna':
      return (s) => (s.batna as Record<string, unknown>)[field];
    case 'deal':
      return (s) => (s.deal as Record<string, unknown>)[field];
    default:
      return (s) => (s[root] as Record<string, unknown>)[field];
  }
}

function binary(op: string, [left, right]: [Node, Node]): Closure {
  const a = compile(left);
  // Constant right operands are common (x > 0.5): inline them.
  if (right.op === 'value' && typeof right.args === 'number') {
    const k = right.args;
    switch (op) {
      case '+':
        return (s) => (a(s) as number) + k;
      case '-':
        return (s) => (a(s) as number) - k;
      case '*':
        return (s) => (a(s) as number) * k;
      case '/':
        return (s) => (a(s) as number) / k;
      case '<':
        return (s) => (a(s) as number) < k;
      case '<=':
        return (s) => (a(s) as number) <= k;
      case '>':
        return (s) => (a(s) as number) > k;
      case '>=':
        return (s) => (a(s) as number) >= k;
      case '==':
        return (s) => a(s) === k;
      case '!=':
        return (s) => a(s) !== k;
    }
  }
  const b = compile(right);
  switch (op) {
    case '+':
      return (s) => (a(s) as number) + (b(s) as number);
    case '-':
      return (s) => (a(s) as number) - (b(s) as number);
    case '*':
      return (s) => (a(s) as number) * (b(s) as number);
    case '/':
      return (s) => (a(s) as number) / (b(s) as number);
    case '<':
      return (s) => (a(s) as number) < (b(s) as number);
    case '<=':
      return (s) => (a(s) as number) <= (b(s) as number);
    case '>':
      return (s) => (a(s) as number) > (b(s) as number);
    case '>=':
      return (s) => (a(s) as number) >= (b(s) as number);
    case '==':
      return (s) => a(s) === b(s);
    default:
      return (s) => a(s) !== b(s);
  }
}
