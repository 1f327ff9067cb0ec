import type { AnyStateMachine } from 'xstate';

/** A cycle of states that pass control to each other through unguarded `always` transitions. */
export interface EventlessLoop {
  /** Dotted state paths in the order control passes, starting with the first in file order. */
  readonly states: readonly string[];
  /** The state whose `always` transition starts the cycle, as a path of state names. */
  readonly source: readonly string[];
  /** Index of that transition within the state's `always` list. */
  readonly index: number;
}

interface Node {
  readonly type: string;
  readonly path: readonly string[];
  readonly parent?: Node;
  readonly states: Record<string, Node>;
  readonly always?: readonly { readonly target?: readonly Node[]; readonly guard?: unknown }[];
  readonly initial?: { readonly target: readonly Node[] };
}

/**
 * Finds cycles that XState would follow for ever. After an event, XState keeps taking eventless
 * (`always`) transitions until the configuration stops changing, calling nothing of ours unless a
 * transition has a guard. When the first eventless transition XState would look at is unguarded,
 * the next configuration is certain; a cycle of two or more such steps never ends and no run-time
 * budget can interrupt it. (A guarded cycle evaluates a guard on every pass, and the engine's guard
 * budget stops it: see TransitionMemo.)
 *
 * Works on XState's resolved state nodes, so targets mean what XState makes of them.
 */
export function findEventlessLoops(machine: AnyStateMachine): EventlessLoop[] {
  const root = machine.root as unknown as Node;
  const key = (n: Node): string => n.path.join('.');

  // The atomic states a configuration holds after entering a node (default entry).
  const entered = (n: Node, depth = 0): Node[] => {
    if (depth > 100) return [];
    const children = Object.values(n.states);
    if (children.length === 0) return [n];
    if (n.type === 'parallel') return children.flatMap((c) => entered(c, depth + 1));
    return (n.initial?.target ?? []).flatMap((t) => entered(t, depth + 1));
  };

  // From an atomic state: XState looks at always transitions from the state up to the root, in order,
  // and stops at the first that is enabled. No guard evaluated means the choice is certain.
  const certainStep = (leaf: Node): { from: Node; index: number; next: Node[] } | undefined => {
    for (let n: Node | undefined = leaf; n !== undefined; n = n.parent) {
      const first = n.always?.[0];
      if (first === undefined) continue;
      if (first.guard !== undefined || first.target === undefined || first.target.length === 0) return undefined;
      return { from: n, index: 0, next: first.target.flatMap((t) => entered(t)) };
    }
    return undefined;
  };

  const leaves: Node[] = [];
  const collect = (n: Node): void => {
    const children = Object.values(n.states);
    if (children.length === 0) leaves.push(n);
    for (const c of children) collect(c);
  };
  collect(root);
  const order = new Map(leaves.map((l, i) => [key(l), i]));
  const steps = new Map(leaves.map((l) => [key(l), certainStep(l)]));

  // Tarjan's strongly connected components over "certain next atomic state" edges; self-edges are
  // harmless (XState stops when the configuration does not change), so only components of 2 or more.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const strongConnect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of (steps.get(v)?.next ?? []).map(key)) {
      if (!index.has(w)) {
        strongConnect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component);
    }
  };
  for (const l of leaves) if (!index.has(key(l))) strongConnect(key(l));

  return components.map((component) => {
    const members = new Set(component);
    const first = component.reduce((a, b) => (order.get(a)! <= order.get(b)! ? a : b));
    // Follow the certain steps from the first member to list the cycle in the order control passes.
    const states = [first];
    for (let at = first; states.length <= component.length; ) {
      const next = (steps.get(at)?.next ?? []).map(key).find((k) => members.has(k));
      if (next === undefined || next === first) break;
      states.push(next);
      at = next;
    }
    const step = steps.get(first)!;
    return { states, source: step.from.path, index: step.index };
  });
}
