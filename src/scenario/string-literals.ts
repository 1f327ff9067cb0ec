import { didYouMean } from './did-you-mean.js';
import type { StateConfig } from './scenario-schema.js';

/**
 * The strings a value read by an expression can hold, where the file declares them: a track's
 * state keys, an enum world variable's values, an enum issue's values, an enum knob's values, the
 * track ids of `dealTrack` and `deals`. A string literal compared with such a value (==, !=, in) that
 * is not one of them can never match: a typo the loader reports (E_EXPR_UNKNOWN_VALUE).
 */
export interface StringDomains {
  /** Enum world variables: name -> values. */
  readonly world: Readonly<Record<string, readonly string[]>>;
  /** Enum issues: name -> values (offer.x, deal.x, self.terms.x, tracks.<id>.terms.x). */
  readonly issues: Readonly<Record<string, readonly string[]>>;
  /** Track id -> every value `tracks.<id>.state` can hold (undefined when too many to list). */
  readonly states: Readonly<Record<string, readonly string[] | undefined>>;
  /** Enum knobs of the strategy the expression belongs to. */
  readonly knobs?: Readonly<Record<string, readonly string[]>>;
  /** What `self.state` can hold where the expression stands (undefined: not checked). */
  readonly selfStates?: readonly string[];
  /** The track the expression belongs to, for messages. */
  readonly selfTrack?: string;
  /**
   * What the expression's value must be, where it gives an enum's value (an offer or terms of an
   * enum issue, an effect on an enum world variable): a string literal it may give (itself, or a
   * branch of `?:`) that is not one of the values is a typo.
   */
  readonly result?: { readonly what: string; readonly values: readonly string[] };
}

/** A string literal that cannot match what it is compared with; index is in the parsed text. */
export interface StringLiteralProblem {
  readonly index: number;
  readonly message: string;
  readonly hint?: string;
}

/** Above this many configurations (parallel regions multiply), a track's states are not listed. */
const MAX_STATE_KEYS = 5000;

function isAtomic(node: StateConfig): boolean {
  return node.type === 'final' || node.states === undefined || Object.keys(node.states).length === 0;
}

/**
 * Every key the engine gives `tracks.<id>.state` for a machine (see stateKey in the engine): "a" for
 * a top-level atomic state, "a.b" for nested states, "p.(r1.x,r2.y)" inside a parallel state,
 * "r1.x,r2.y" for a parallel machine. Undefined when there are more than MAX_STATE_KEYS.
 *
 * @example stateKeys({ initial: 'talks', states: { talks: {}, active: { initial: 'mou', states: { mou: {} } } } }) // ['talks', 'active.mou']
 */
export function stateKeys(machine: StateConfig): string[] | undefined {
  try {
    return valueKeys(machine);
  } catch (error) {
    if (error === TOO_MANY) return undefined;
    throw error;
  }
}

const TOO_MANY = Symbol('too many state keys');

/** The keys of a non-atomic node's state value. */
function valueKeys(node: StateConfig): string[] {
  const children = Object.entries(node.states ?? {});
  if (node.type === 'parallel') {
    let product: string[] = [''];
    let first = true;
    for (const [name, child] of children) {
      const parts = isAtomic(child) ? [`${name}.`] : valueKeys(child).map((sub) => nest(name, sub));
      if (product.length * parts.length > MAX_STATE_KEYS) throw TOO_MANY;
      product = product.flatMap((p) => parts.map((part) => (first ? part : `${p},${part}`)));
      first = false;
    }
    return product;
  }
  const out: string[] = [];
  for (const [name, child] of children) {
    if (isAtomic(child)) out.push(name);
    else for (const sub of valueKeys(child)) out.push(nest(name, sub));
    if (out.length > MAX_STATE_KEYS) throw TOO_MANY;
  }
  return out;
}

function nest(name: string, sub: string): string {
  return sub.includes(',') ? `${name}.(${sub})` : `${name}.${sub}`;
}

interface Node {
  readonly op: string;
  readonly args: unknown;
  readonly start: number;
}

function isNode(x: unknown): x is Node {
  return typeof x === 'object' && x !== null && 'op' in x && 'start' in x;
}

function stringLiteral(node: unknown): { value: string; start: number } | undefined {
  return isNode(node) && node.op === 'value' && typeof node.args === 'string' ? { value: node.args, start: node.start } : undefined;
}

/** `a.b.c` or `a['b'].c` as ['a', 'b', 'c'], or undefined for anything else. */
function reference(node: unknown): string[] | undefined {
  if (!isNode(node)) return undefined;
  if (node.op === 'id' && typeof node.args === 'string') return [node.args];
  if (node.op === '.' && Array.isArray(node.args) && typeof node.args[1] === 'string') {
    const base = reference(node.args[0]);
    return base && [...base, node.args[1]];
  }
  if (node.op === '[]' && Array.isArray(node.args)) {
    const key = stringLiteral(node.args[1]);
    const base = key && reference(node.args[0]);
    return base && [...base, key.value];
  }
  return undefined;
}

interface Domain {
  /** What the value is, for the message: "a state of track 'sqm'", "a value of world.government". */
  readonly what: string;
  readonly text: string;
  readonly values: readonly string[];
  readonly states: boolean;
}

function domainOf(ref: readonly string[], d: StringDomains, trackIds: readonly string[]): Domain | undefined {
  const text = ref.join('.');
  const [root, a, b, c] = ref;
  if (ref.length === 2 && root === 'world' && d.world[a!]) return { what: `a value of world.${a}`, text, values: d.world[a!]!, states: false };
  if (ref.length === 2 && root === 'knob' && d.knobs?.[a!]) return { what: `a value of knob.${a}`, text, values: d.knobs[a!]!, states: false };
  if (ref.length === 2 && (root === 'offer' || root === 'deal') && d.issues[a!]) return { what: `a value of issue '${a}'`, text, values: d.issues[a!]!, states: false };
  if (ref.length === 3 && root === 'self' && a === 'terms' && d.issues[b!]) return { what: `a value of issue '${b}'`, text, values: d.issues[b!]!, states: false };
  if (ref.length === 4 && root === 'tracks' && b === 'terms' && d.issues[c!]) return { what: `a value of issue '${c}'`, text, values: d.issues[c!]!, states: false };
  if (ref.length === 3 && root === 'tracks' && b === 'state') {
    const values = d.states[a!];
    return values && { what: `a state of track '${a}'`, text, values, states: true };
  }
  if (ref.length === 2 && root === 'self' && a === 'state' && d.selfStates) {
    const what = d.selfTrack === undefined ? 'a state of any track' : `a state of track '${d.selfTrack}'`;
    return { what, text, values: d.selfStates, states: true };
  }
  if (ref.length === 1 && root === 'dealTrack') return { what: 'a track id (or "")', text, values: ['', ...trackIds], states: false };
  return undefined;
}

function quoted(values: readonly string[], max = 8): string {
  const shown = values.slice(0, max).map((v) => `'${v}'`);
  return `${shown.join(', ')}${values.length > max ? ', ...' : ''}`;
}

/** The hint for a literal that is not a state key: a typo, a parent state, or a nested state's own name. */
function stateHint(literal: string, domain: Domain): string | undefined {
  const under = domain.values.filter((k) => k.startsWith(`${literal}.`));
  if (under.length > 0) {
    return `'${literal}' has child states, and ${domain.text} is the full path: compare with ${quoted(under, 4)}, or write ${domain.text}.startsWith('${literal}.') for any of them`;
  }
  const leaf = domain.values.filter((k) => k.endsWith(`.${literal}`) || k.includes(`.${literal},`) || k.includes(`.${literal})`));
  if (leaf.length > 0) return `a nested state reads as its full path: did you mean ${quoted(leaf, 4)}?`;
  return didYouMean(literal, domain.values.filter((v) => v !== ''));
}

/**
 * The string literals an expression compares with a declared value they can never equal.
 * `ast` is cel-js's parsed tree; indices are in the text it was parsed from.
 */
export function findUnknownStringLiterals(ast: unknown, domains: StringDomains, trackIds: readonly string[]): StringLiteralProblem[] {
  const problems: StringLiteralProblem[] = [];
  const check = (literal: { value: string; start: number }, domain: Domain, never = 'equal'): void => {
    if (domain.values.includes(literal.value)) return;
    problems.push({
      index: literal.start,
      message: `'${literal.value}' is not ${domain.what}: ${domain.text} can never ${never} it`,
      hint: domain.states ? stateHint(literal.value, domain) : didYouMean(literal.value, domain.values.filter((v) => v !== '')),
    });
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (!isNode(node)) return;
    if ((node.op === '==' || node.op === '!=') && Array.isArray(node.args)) {
      const [left, right] = node.args as unknown[];
      for (const [ref, lit] of [
        [left, right],
        [right, left],
      ] as const) {
        const literal = stringLiteral(lit);
        const path = literal && reference(ref);
        const domain = path && domainOf(path, domains, trackIds);
        if (literal && domain) check(literal, domain);
      }
    } else if (node.op === 'in' && Array.isArray(node.args)) {
      const [left, right] = node.args as unknown[];
      const path = reference(left);
      const domain = path && domainOf(path, domains, trackIds);
      if (domain && isNode(right) && right.op === 'list' && Array.isArray(right.args)) {
        for (const element of right.args) {
          const literal = stringLiteral(element);
          if (literal) check(literal, domain);
        }
      }
      const literal = stringLiteral(left);
      const list = reference(right);
      if (literal && list?.length === 1 && list[0] === 'deals') check(literal, { what: 'a track id', text: 'deals', values: trackIds, states: false }, 'contain');
    }
    visit(node.args);
  };
  visit(ast);
  const result = domains.result;
  if (result !== undefined) {
    const give = (node: unknown): void => {
      if (isNode(node) && node.op === '?:' && Array.isArray(node.args)) {
        give(node.args[1]);
        give(node.args[2]);
        return;
      }
      const literal = stringLiteral(node);
      if (literal === undefined || result.values.includes(literal.value)) return;
      problems.push({ index: literal.start, message: `'${literal.value}' is not ${result.what} (${quoted(result.values)}): the expression can give it`, hint: didYouMean(literal.value, result.values) });
    };
    give(ast);
  }
  return problems;
}
