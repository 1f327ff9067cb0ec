/**
 * A numeric function scenario expressions may call, beside CEL's own. Each one is declared here
 * once; the CEL environment (expression-environment.ts), the closure compiler (compile-closure.ts),
 * the code generator (compile-source.ts), the loader's hints (compile-expression.ts) and the docs
 * (`npm run docs`) are all built from this list, so a function added here works everywhere at once.
 *
 * @example
 * { name: 'clamp', parameters: ['x', 'lo', 'hi'], implementation: (x, lo, hi) => Math.min(hi, Math.max(lo, x)),
 *   doc: 'x held within [lo, hi]' } // CEL: clamp(double, double, double): double
 */
export interface ExpressionFunction {
  readonly name: string;
  /** Parameter names, for docs; every parameter and the result are CEL doubles. */
  readonly parameters: readonly string[];
  /** Called with exactly `parameters.length` numbers, by cel-js, the closures and the generated code alike. */
  readonly implementation: (...args: number[]) => number;
  /** What it computes, in one line (docs/scenario-format.md and docs/authoring.md show it). */
  readonly doc: string;
}

/** The numeric functions, in the order the docs list them. */
export const EXPRESSION_FUNCTIONS: readonly ExpressionFunction[] = [
  { name: 'min', parameters: ['a', 'b'], implementation: (a, b) => Math.min(a, b), doc: 'the smaller of a and b' },
  { name: 'max', parameters: ['a', 'b'], implementation: (a, b) => Math.max(a, b), doc: 'the larger of a and b' },
  { name: 'clamp', parameters: ['x', 'lo', 'hi'], implementation: (x, lo, hi) => Math.min(hi, Math.max(lo, x)), doc: 'x held within [lo, hi]' },
  { name: 'abs', parameters: ['x'], implementation: (x) => Math.abs(x), doc: 'the absolute value of x' },
  { name: 'exp', parameters: ['x'], implementation: (x) => Math.exp(x), doc: 'e to the power x' },
  { name: 'log', parameters: ['x'], implementation: (x) => Math.log(x), doc: 'the natural logarithm of x' },
  { name: 'sqrt', parameters: ['x'], implementation: (x) => Math.sqrt(x), doc: 'the square root of x' },
  { name: 'logistic', parameters: ['x'], implementation: (x) => 1 / (1 + Math.exp(-x)), doc: '1 / (1 + e^-x), from 0 to 1 (0.5 at x = 0)' },
];

/** The CEL overload cel-js registers, e.g. `clamp(double, double, double): double`. */
export function celSignature(f: ExpressionFunction): string {
  return `${f.name}(${f.parameters.map(() => 'double').join(', ')}): double`;
}

/** How the docs write a call, e.g. `clamp(x, lo, hi)`. */
export function callForm(f: ExpressionFunction): string {
  return `${f.name}(${f.parameters.join(', ')})`;
}

/** A function of the table by name (own names only: `constructor` is not a function here). */
export function expressionFunction(name: string): ExpressionFunction | undefined {
  return BY_NAME.get(name);
}

const BY_NAME: ReadonlyMap<string, ExpressionFunction> = new Map(EXPRESSION_FUNCTIONS.map((f) => [f.name, f]));

/** CEL's own functions that the "unknown function" hint suggests beside the table's. */
export const CEL_FUNCTIONS_IN_HINTS: readonly string[] = ['size', 'startsWith', 'endsWith', 'contains'];
