import { toDirectedGraph } from 'xstate/graph';
import type { AnyStateMachine } from 'xstate';

/** A state of a track machine, as XState resolved it from the JSON config. */
export interface TrackGraphState {
  /** Dotted path from the machine's root: "talks" or "review.legal". */
  readonly path: string;
  readonly name: string;
  /** Path of the parent state; undefined for top-level states. */
  readonly parent?: string;
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** Path of the initial child (compound states). */
  readonly initial?: string;
  readonly children: readonly string[];
  readonly stage?: number;
  readonly deal: boolean;
}

/** A transition edge: from a state, on an event (or eventless "always"), with an optional guard. */
export interface TrackGraphEdge {
  readonly source: string;
  /** Target state paths; empty for a targetless transition (it only runs actions). */
  readonly targets: readonly string[];
  /** The event type, "*" for the wildcard, or "" for an eventless ("always") transition. */
  readonly event: string;
  /** The guard as written in the file, or undefined. */
  readonly guard?: unknown;
}

/**
 * A track machine as a static graph: states and transition edges, ignoring guards. Built from
 * XState's own resolved state nodes (`toDirectedGraph` from `xstate/graph` for `on` transitions,
 * `always` read from the nodes), so target resolution is XState's, not a re-implementation.
 *
 * XState's path generators (`getShortestPaths`, `getSimplePaths`) are not used: they execute the
 * machine, which would evaluate guards, and our guards read the simulated run's state. Reachability
 * "on any event, whatever the guard" is a question about this static graph.
 */
export interface TrackGraph {
  readonly initial: string;
  readonly states: ReadonlyMap<string, TrackGraphState>;
  readonly edges: readonly TrackGraphEdge[];
}

interface StateNodeLike {
  readonly path: string[];
  readonly key: string;
  readonly type: TrackGraphState['type'];
  readonly meta?: Record<string, unknown>;
  readonly states: Record<string, StateNodeLike>;
  readonly initial?: { target: readonly StateNodeLike[] };
  readonly always?: readonly { target?: readonly StateNodeLike[]; guard?: unknown }[];
  readonly parent?: StateNodeLike;
}

export function trackGraph(machine: AnyStateMachine): TrackGraph {
  const states = new Map<string, TrackGraphState>();
  const edges: TrackGraphEdge[] = [];
  const pathOf = (node: StateNodeLike) => node.path.join('.');
  const visit = (node: StateNodeLike): void => {
    const path = pathOf(node);
    const meta = node.meta ?? {};
    const children = Object.values(node.states);
    if (path !== '') {
      states.set(path, {
        path,
        name: node.key,
        parent: node.path.length > 1 ? node.path.slice(0, -1).join('.') : undefined,
        type: node.type,
        initial: node.type === 'compound' && node.initial?.target[0] ? pathOf(node.initial.target[0]) : undefined,
        children: children.map(pathOf),
        stage: typeof meta.stage === 'number' ? meta.stage : undefined,
        deal: meta.deal === true,
      });
    }
    for (const t of node.always ?? []) edges.push({ source: path, targets: (t.target ?? []).map(pathOf), event: '', guard: t.guard });
    for (const child of children) visit(child);
  };
  visit(machine.root as unknown as StateNodeLike);

  const walk = (graph: ReturnType<typeof toDirectedGraph>): void => {
    const byTransition = new Map<unknown, TrackGraphEdge & { targets: string[] }>();
    for (const e of graph.edges) {
      // toDirectedGraph draws a targetless transition as a self-loop; keep it targetless here.
      const t = e.transition as { target?: unknown[]; eventType: string; guard?: unknown };
      let edge = byTransition.get(t);
      if (!edge) {
        edge = { source: pathOf(e.source as unknown as StateNodeLike), targets: [], event: t.eventType, guard: t.guard };
        byTransition.set(t, edge);
        edges.push(edge);
      }
      if (t.target) edge.targets.push(pathOf(e.target as unknown as StateNodeLike));
    }
    for (const child of graph.children) walk(child);
  };
  walk(toDirectedGraph(machine));
  const root = machine.root as unknown as StateNodeLike;
  return { initial: root.initial?.target[0] ? pathOf(root.initial.target[0]) : '', states, edges };
}

/** Paths of a state and all its ancestors, innermost first. */
export function stateAndAncestors(graph: TrackGraph, path: string): string[] {
  const out: string[] = [];
  let s = graph.states.get(path);
  while (s) {
    out.push(s.path);
    s = s.parent === undefined ? undefined : graph.states.get(s.parent);
  }
  return out;
}

/**
 * States reachable from the initial state taking every transition on any event, whatever its guard.
 * Entering a state enters its ancestors and its initial (or, for parallel states, every) child.
 */
export function reachableStates(graph: TrackGraph): Set<string> {
  const reached = new Set<string>();
  const queue: string[] = [];
  const enter = (path: string): void => {
    for (const p of stateAndAncestors(graph, path)) {
      if (reached.has(p)) continue;
      reached.add(p);
      queue.push(p);
    }
    const s = graph.states.get(path);
    if (!s) return;
    if (s.type === 'parallel') for (const c of s.children) enter(c);
    else if (s.initial !== undefined) enter(s.initial);
  };
  if (graph.initial) enter(graph.initial);
  const bySource = new Map<string, TrackGraphEdge[]>();
  for (const e of graph.edges) bySource.set(e.source, [...(bySource.get(e.source) ?? []), e]);
  while (queue.length > 0) {
    const p = queue.shift()!;
    for (const e of bySource.get(p) ?? []) for (const t of e.targets) enter(t);
  }
  return reached;
}

/** The guard as CEL-like text: `when` guards give their expression; and/or/not combine. */
export function guardText(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;
  const g = guard as { type?: string; params?: { expr?: string }; guards?: unknown[] };
  if (g.type === 'when' && typeof g.params?.expr === 'string') return g.params.expr;
  const parts = (g.guards ?? []).map((x) => guardText(x) ?? '?');
  if (g.type === 'and') return parts.map((p) => `(${p})`).join(' && ');
  if (g.type === 'or') return parts.map((p) => `(${p})`).join(' || ');
  if (g.type === 'not') return `!(${parts[0] ?? '?'})`;
  return g.type;
}
