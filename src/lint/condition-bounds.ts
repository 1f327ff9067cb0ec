import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { normaliseNumberLiterals } from '../scenario/compile-expression.js';
import type { Distribution } from '../scenario/scenario-schema.js';
import { trackGraph } from '../scenario/track-graph.js';

/**
 * What a value of an expression can be, as far as reading the expression tells: a number within an
 * interval (`nan` when it may also be NaN), a boolean that may be true and/or false, a string from a
 * set (undefined: any string), or anything.
 */
export type AbstractValue =
  | { readonly kind: 'number'; readonly lo: number; readonly hi: number; readonly nan: boolean }
  | { readonly kind: 'bool'; readonly t: boolean; readonly f: boolean }
  | { readonly kind: 'string'; readonly values?: ReadonlySet<string> }
  | { readonly kind: 'any' };

/** Whether a condition holds: in every position, in none, or it depends. */
export type Truth = 'always' | 'never' | 'maybe';

/**
 * Decides conditions without playing the scenario, by interval reasoning over their syntax tree:
 * world numbers stay within their declared min..max, parameters within their distribution's
 * support, `round` within 0..horizon, round counters are never negative, enums take their declared
 * values. Sound but incomplete: "always" and "never" are proven; "maybe" means not proven either way.
 *
 * @example truth('self.rounds >= 0') // 'always'
 * @example truth("world.x > 0.5", ["world.x > 0.7 && param.p < 1.0"]) // 'always' (implied)
 */
export interface ConditionBounds {
  /** How `source` turns out, assuming every condition in `assuming` holds. */
  truth(source: string, assuming?: readonly string[]): Truth;
  /** The values a numeric expression can take (undefined when it does not parse or is no number). */
  range(source: string): { readonly lo: number; readonly hi: number } | undefined;
}

interface Node {
  readonly op: string;
  readonly args: unknown;
}

const ANY: AbstractValue = { kind: 'any' };
const BOOL: AbstractValue = { kind: 'bool', t: true, f: true };
const TRUE: AbstractValue = { kind: 'bool', t: true, f: false };
const FALSE: AbstractValue = { kind: 'bool', t: false, f: true };
const NUMBER: AbstractValue = { kind: 'number', lo: -Infinity, hi: Infinity, nan: false };
const STRING: AbstractValue = { kind: 'string' };
const number = (lo: number, hi: number, nan = false): AbstractValue => ({ kind: 'number', lo, hi, nan });
const bool = (t: boolean, f: boolean): AbstractValue => ({ kind: 'bool', t, f });

/** The values a parameter can take: its distribution's support (not the 5-95% range of sensitivity analysis). */
export function distributionSupport(dist: Distribution): { lo: number; hi: number } {
  switch (dist.type) {
    case 'fixed':
      return { lo: dist.value, hi: dist.value };
    case 'uniform':
    case 'triangular':
    case 'beta':
      return { lo: Math.min(dist.min, dist.max), hi: Math.max(dist.min, dist.max) };
    case 'normal':
      return { lo: dist.min ?? -Infinity, hi: dist.max ?? Infinity };
    case 'discrete':
      return { lo: Math.min(...dist.values), hi: Math.max(...dist.values) };
    default:
      return { lo: -Infinity, hi: Infinity };
  }
}

/** Builds the analysis for a scenario (parses each source once). */
export function conditionBounds(scenario: CompiledScenario): ConditionBounds {
  const file = scenario.file;
  const horizon = file.clock.horizon;
  /** Filled below, once expressions can be evaluated (a number's initial value may be an expression of parameters). */
  const worldValues = new Map<string, AbstractValue>();
  const paramValues = new Map<string, AbstractValue>();
  for (const p of scenario.parameters) {
    const s = distributionSupport(p.dist);
    paramValues.set(p.name, number(s.lo, s.hi));
  }
  const issueValues = new Map<string, AbstractValue>();
  for (const [name, issue] of Object.entries(file.issues)) {
    issueValues.set(name, issue.type === 'enum' ? { kind: 'string', values: new Set(issue.values) } : NUMBER);
  }
  /** A track's fields (self, tracks.<id>). */
  const trackField = (field: string): AbstractValue => {
    switch (field) {
      case 'rounds':
      case 'entered':
        return number(0, horizon);
      case 'moves':
        return number(0, Infinity);
      case 'done':
      case 'deal':
      case 'received':
        return BOOL;
      case 'state':
      case 'id':
        return STRING;
      default:
        return NUMBER;
    }
  };
  /** What a reference such as world.x or tracks.a.rounds can hold. */
  const variable = (path: readonly string[]): AbstractValue => {
    const [root, a, b, c] = path;
    if (path.length === 1) {
      if (root === 'round') return number(0, horizon);
      if (root === 'horizon') return number(horizon, horizon);
      if (root === 'dealTrack') return STRING;
      return ANY;
    }
    if (root === 'world' && path.length === 2) return worldValues.get(a!) ?? ANY;
    if (root === 'param' && path.length === 2) return paramValues.get(a!) ?? ANY;
    if ((root === 'offer' || root === 'deal') && path.length === 2) return issueValues.get(a!) ?? ANY;
    if (root === 'self') {
      if (path.length === 2) return trackField(a!);
      if (a === 'terms' && path.length === 3) return issueValues.get(b!) ?? ANY;
    }
    if (root === 'tracks' && path.length >= 3) {
      if (path.length === 3) return trackField(b!);
      if (b === 'terms' && path.length === 4) return issueValues.get(c!) ?? ANY;
    }
    if (root === 'value' || root === 'batna' || root === 'utility') return NUMBER;
    return ANY;
  };

  /**
   * Per track, what being in a state says about `deal` and `done`: some active state (the state
   * and its ancestors) has meta.deal; the machine is done in a top-level final state. Parallel
   * configurations ("p.(a,b)") are not listed.
   */
  const stateFacts = new Map<string, Map<string, { deal: boolean; done: boolean }>>();
  for (const t of scenario.tracks) {
    const graph = trackGraph(t.machine);
    const byKey = new Map<string, { deal: boolean; done: boolean }>();
    for (const st of graph.states.values()) {
      let deal = false;
      for (let at: string | undefined = st.path; at !== undefined; at = graph.states.get(at)?.parent) if (graph.states.get(at)?.deal) deal = true;
      byKey.set(st.path, { deal, done: st.parent === undefined && st.type === 'final' });
    }
    stateFacts.set(t.id, byKey);
  }
  const trackFieldKey = (trackId: string, field: string): string =>
    JSON.stringify({ op: '.', args: [{ op: '.', args: [{ op: 'id', args: 'tracks' }, trackId] }, field] });

  const parsed = new Map<string, Node | null>();
  const parse = (source: string): Node | undefined => {
    let ast = parsed.get(source);
    if (ast === undefined) {
      try {
        ast = scenario.env.parse(normaliseNumberLiterals(source).text).ast as unknown as Node;
      } catch {
        ast = null;
      }
      parsed.set(source, ast);
    }
    return ast ?? undefined;
  };

  const keys = new WeakMap<Node, string>();
  /** A node's structure without positions: equal keys, equal expressions. */
  const key = (node: Node): string => {
    let k = keys.get(node);
    if (k === undefined) {
      k = JSON.stringify(node, (name, v: unknown) => (name === 'pos' || name === 'start' || name === 'end' ? undefined : typeof v === 'bigint' ? `${v}n` : v));
      keys.set(node, k);
    }
    return k;
  };

  const evaluate = (node: Node, facts: ReadonlyMap<string, AbstractValue>): AbstractValue => {
    const base = evaluateNode(node, facts);
    const fact = facts.get(key(node));
    return fact === undefined ? base : meet(base, fact);
  };

  const evaluateNode = (node: Node, facts: ReadonlyMap<string, AbstractValue>): AbstractValue => {
    const args = node.args as Node[];
    switch (node.op) {
      case 'value': {
        const v = node.args;
        if (typeof v === 'number') return number(v, v, Number.isNaN(v));
        if (typeof v === 'bigint') return number(Number(v), Number(v));
        if (typeof v === 'boolean') return v ? TRUE : FALSE;
        if (typeof v === 'string') return { kind: 'string', values: new Set([v]) };
        return ANY;
      }
      case 'id':
      case '.': {
        const path = reference(node);
        return path === undefined ? ANY : variable(path);
      }
      case '!_': {
        const a = evaluate(node.args as Node, facts);
        return a.kind === 'bool' ? bool(a.f, a.t) : BOOL;
      }
      case '-_': {
        const a = evaluate(node.args as Node, facts);
        return a.kind === 'number' ? number(-a.hi, -a.lo, a.nan) : NUMBER;
      }
      case '&&': {
        const a = asBool(evaluate(args[0]!, facts));
        const b = asBool(evaluate(args[1]!, facts));
        return bool(a.t && b.t, a.f || b.f);
      }
      case '||': {
        const a = asBool(evaluate(args[0]!, facts));
        const b = asBool(evaluate(args[1]!, facts));
        return bool(a.t || b.t, a.f && b.f);
      }
      case '?:': {
        const c = asBool(evaluate(args[0]!, facts));
        if (!c.f) return evaluate(args[1]!, facts);
        if (!c.t) return evaluate(args[2]!, facts);
        return join(evaluate(args[1]!, facts), evaluate(args[2]!, facts));
      }
      case '+':
      case '-':
      case '*':
      case '/':
        return arithmetic(node.op, evaluate(args[0]!, facts), evaluate(args[1]!, facts));
      case '<':
      case '<=':
      case '>':
      case '>=':
      case '==':
      case '!=':
        return compare(node.op, evaluate(args[0]!, facts), evaluate(args[1]!, facts));
      case 'call': {
        const [name, callArgs] = node.args as [string, Node[]];
        const values = callArgs.map((a) => evaluate(a, facts));
        if (!values.every((v) => v.kind === 'number')) return ANY;
        const n = values as Extract<AbstractValue, { kind: 'number' }>[];
        const nan = n.some((v) => v.nan);
        if (name === 'min' && n.length === 2) return number(Math.min(n[0]!.lo, n[1]!.lo), Math.min(n[0]!.hi, n[1]!.hi), nan);
        if (name === 'max' && n.length === 2) return number(Math.max(n[0]!.lo, n[1]!.lo), Math.max(n[0]!.hi, n[1]!.hi), nan);
        if (name === 'clamp' && n.length === 3) return number(Math.min(n[2]!.hi, Math.max(n[1]!.lo, n[0]!.lo)), Math.min(n[2]!.hi, Math.max(n[1]!.hi, n[0]!.hi)), nan);
        if (name === 'abs' && n.length === 1) {
          const v = n[0]!;
          return number(v.lo <= 0 && v.hi >= 0 ? 0 : Math.min(Math.abs(v.lo), Math.abs(v.hi)), Math.max(Math.abs(v.lo), Math.abs(v.hi)), nan);
        }
        if (name === 'logistic' && n.length === 1) return number(0, 1, nan);
        if (name === 'exp' && n.length === 1) return number(0, Infinity, nan);
        return number(-Infinity, Infinity, true);
      }
      default:
        return ANY;
    }
  };

  /** Records what a condition known to hold says about the values it compares. */
  const assume = (node: Node, facts: Map<string, AbstractValue>): void => {
    const args = node.args as Node[];
    if (node.op === '&&') {
      assume(args[0]!, facts);
      assume(args[1]!, facts);
      return;
    }
    facts.set(key(node), TRUE);
    if (node.op === '!_') {
      facts.set(key(node.args as Node), FALSE);
      return;
    }
    if (!['<', '<=', '>', '>=', '=='].includes(node.op)) return;
    const narrow = (subject: Node, op: string, other: AbstractValue): void => {
      const k = key(subject);
      const current = facts.get(k) ?? evaluate(subject, facts);
      if (op === '==' && other.kind === 'string' && other.values?.size === 1) {
        facts.set(k, meet(current, other));
        // tracks.<id>.state == 's' also says whether the track is in a deal and done.
        const path = reference(subject);
        const known = path?.length === 3 && path[0] === 'tracks' && path[2] === 'state' ? stateFacts.get(path[1]!)?.get([...other.values][0]!) : undefined;
        if (known !== undefined) {
          const boolFact = (field: string, value: boolean): void => {
            const fk = trackFieldKey(path![1]!, field);
            facts.set(fk, meet(facts.get(fk) ?? BOOL, value ? TRUE : FALSE));
          };
          boolFact('deal', known.deal);
          boolFact('done', known.done);
        }
        return;
      }
      if (op === '==' && other.kind === 'bool' && other.t !== other.f) {
        facts.set(k, meet(current, other));
        return;
      }
      if (other.kind !== 'number' || other.nan) return;
      // A comparison that holds rules NaN out; strict bounds are kept closed (a sound widening).
      const range = op === '==' ? number(other.lo, other.hi) : op === '<' || op === '<=' ? number(-Infinity, other.hi) : number(other.lo, Infinity);
      facts.set(k, meet(current, range));
    };
    const flipped: Readonly<Record<string, string>> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==' };
    narrow(args[0]!, node.op, evaluate(args[1]!, facts));
    narrow(args[1]!, flipped[node.op]!, evaluate(args[0]!, facts));
  };

  // Effects keep a number within min..max, but its initial value is not clamped: widen to include it.
  for (const w of scenario.world) {
    if (w.kind === 'number') {
      let initial: AbstractValue = NUMBER;
      if ('literal' in w.initial && typeof w.initial.literal === 'number') initial = number(w.initial.literal, w.initial.literal);
      else if ('expr' in w.initial) {
        const ast = parse(w.initial.expr.source);
        if (ast !== undefined) initial = evaluate(ast, new Map());
      }
      const lo = initial.kind === 'number' ? initial.lo : -Infinity;
      const hi = initial.kind === 'number' ? initial.hi : Infinity;
      worldValues.set(w.name, number(Math.min(w.min, lo), Math.max(w.max, hi)));
    } else if (w.kind === 'enum') worldValues.set(w.name, { kind: 'string', values: new Set(w.values ?? []) });
    else worldValues.set(w.name, BOOL);
  }

  return {
    truth(source, assuming = []) {
      const ast = parse(source);
      if (ast === undefined) return 'maybe';
      const facts = new Map<string, AbstractValue>();
      for (const a of assuming) {
        const given = parse(a);
        if (given === undefined) return 'maybe';
        assume(given, facts);
      }
      // Assumptions that cannot hold together prove nothing useful here.
      if (assuming.some((a) => asBool(evaluate(parse(a)!, facts)).t === false)) return 'maybe';
      const v = asBool(evaluate(ast, facts));
      return v.t && !v.f ? 'always' : v.f && !v.t ? 'never' : 'maybe';
    },
    range(source) {
      const ast = parse(source);
      if (ast === undefined) return undefined;
      const v = evaluate(ast, new Map());
      return v.kind === 'number' && !v.nan ? { lo: v.lo, hi: v.hi } : undefined;
    },
  };
}

/** `a.b.c` as ['a', 'b', 'c'], or undefined for anything else. */
function reference(node: Node): string[] | undefined {
  if (node.op === 'id' && typeof node.args === 'string') return [node.args];
  if (node.op === '.' && Array.isArray(node.args) && typeof node.args[1] === 'string') {
    const base = reference(node.args[0] as Node);
    return base && [...base, node.args[1]];
  }
  return undefined;
}

function asBool(v: AbstractValue): { t: boolean; f: boolean } {
  return v.kind === 'bool' ? v : { t: true, f: true };
}

/** What both say (the narrower), or `a` when they disagree on the kind. */
function meet(a: AbstractValue, b: AbstractValue): AbstractValue {
  if (a.kind === 'any') return b;
  if (a.kind !== b.kind) return a;
  if (a.kind === 'number' && b.kind === 'number') return number(Math.max(a.lo, b.lo), Math.min(a.hi, b.hi), a.nan && b.nan);
  if (a.kind === 'bool' && b.kind === 'bool') return bool(a.t && b.t, a.f && b.f);
  if (a.kind === 'string' && b.kind === 'string') {
    if (a.values === undefined) return b;
    if (b.values === undefined) return a;
    return { kind: 'string', values: new Set([...a.values].filter((v) => b.values!.has(v))) };
  }
  return a;
}

/** What either may be. */
function join(a: AbstractValue, b: AbstractValue): AbstractValue {
  if (a.kind === 'number' && b.kind === 'number') return number(Math.min(a.lo, b.lo), Math.max(a.hi, b.hi), a.nan || b.nan);
  if (a.kind === 'bool' && b.kind === 'bool') return bool(a.t || b.t, a.f || b.f);
  if (a.kind === 'string' && b.kind === 'string') return a.values && b.values ? { kind: 'string', values: new Set([...a.values, ...b.values]) } : STRING;
  return ANY;
}

function arithmetic(op: string, a: AbstractValue, b: AbstractValue): AbstractValue {
  if (a.kind !== 'number' || b.kind !== 'number') return op === '+' && a.kind === 'string' ? STRING : NUMBER;
  let nan = a.nan || b.nan;
  let candidates: number[];
  if (op === '+') candidates = [a.lo + b.lo, a.hi + b.hi];
  else if (op === '-') candidates = [a.lo - b.hi, a.hi - b.lo];
  else if (op === '*') candidates = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
  else {
    if (b.lo <= 0 && b.hi >= 0) return number(-Infinity, Infinity, true);
    candidates = [a.lo / b.lo, a.lo / b.hi, a.hi / b.lo, a.hi / b.hi];
  }
  // inf - inf or 0 * inf at a bound: the value there is unbounded, and may be NaN.
  if (candidates.some(Number.isNaN)) {
    nan = true;
    return number(-Infinity, Infinity, nan);
  }
  return number(Math.min(...candidates), Math.max(...candidates), nan);
}

function compare(op: string, a: AbstractValue, b: AbstractValue): AbstractValue {
  if (a.kind === 'number' && b.kind === 'number') {
    const nan = a.nan || b.nan;
    let t: boolean;
    let f: boolean;
    switch (op) {
      case '<':
        [t, f] = [a.lo < b.hi, a.hi >= b.lo];
        break;
      case '<=':
        [t, f] = [a.lo <= b.hi, a.hi > b.lo];
        break;
      case '>':
        [t, f] = [a.hi > b.lo, a.lo <= b.hi];
        break;
      case '>=':
        [t, f] = [a.hi >= b.lo, a.lo < b.hi];
        break;
      case '==':
        [t, f] = [a.lo <= b.hi && b.lo <= a.hi, !(a.lo === a.hi && b.lo === b.hi && a.lo === b.lo)];
        break;
      default:
        [t, f] = [!(a.lo === a.hi && b.lo === b.hi && a.lo === b.lo), a.lo <= b.hi && b.lo <= a.hi];
    }
    // NaN compares false with everything (and != true).
    if (nan) return op === '!=' ? bool(true, f) : bool(t, true);
    return bool(t, f);
  }
  if (op !== '==' && op !== '!=') return BOOL;
  let t = true;
  let f = true;
  if (a.kind === 'string' && b.kind === 'string' && a.values && b.values) {
    t = [...a.values].some((v) => b.values!.has(v));
    f = !(a.values.size === 1 && b.values.size === 1 && [...a.values][0] === [...b.values][0]);
  } else if (a.kind === 'bool' && b.kind === 'bool') {
    t = (a.t && b.t) || (a.f && b.f);
    f = (a.t && b.f) || (a.f && b.t);
  }
  return op === '==' ? bool(t, f) : bool(f, t);
}
