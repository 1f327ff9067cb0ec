import type { ExpandedDocument } from './expanded-document.js';

type Path = readonly (string | number)[];

/**
 * Expands guard shorthands in place: a transition's `"guard": "self.rounds >= 6"` (a CEL string),
 * also inside `and`/`or`/`not` guards, becomes `{"type": "when", "params": {"expr": "self.rounds >= 6"}}`,
 * the guard XState's JSON and Stately's editor know (to plain XState a string guard would name a
 * guard implementation instead). The expression keeps the string's origin, so its problems point
 * at the right character of what is written.
 */
export function expandGuardShorthand(document: ExpandedDocument): void {
  const root = document.value;
  if (!isObject(root) || !isObject(root.tracks)) return;
  for (const [id, track] of Object.entries(root.tracks)) {
    if (isObject(track) && isObject(track.machine)) stateNode(track.machine, ['tracks', id, 'machine'], document);
  }
}

function stateNode(node: Record<string, unknown>, path: Path, document: ExpandedDocument): void {
  if (node.always !== undefined) transitions(node.always, [...path, 'always'], document);
  if (isObject(node.on)) for (const [event, value] of Object.entries(node.on)) transitions(value, [...path, 'on', event], document);
  if (isObject(node.states)) {
    for (const [key, child] of Object.entries(node.states)) if (isObject(child)) stateNode(child, [...path, 'states', key], document);
  }
}

function transitions(value: unknown, path: Path, document: ExpandedDocument): void {
  if (Array.isArray(value)) value.forEach((t, i) => transition(t, [...path, i], document));
  else transition(value, path, document);
}

function transition(t: unknown, path: Path, document: ExpandedDocument): void {
  if (!isObject(t) || t.guard === undefined) return;
  t.guard = guard(t.guard, [...path, 'guard'], document);
}

function guard(g: unknown, path: Path, document: ExpandedDocument): unknown {
  if (typeof g === 'string') {
    const { origin } = document.originOf(path);
    document.record(path, { path: origin.path, instance: origin.instance });
    document.record([...path, 'params', 'expr'], origin);
    return { type: 'when', params: { expr: g } };
  }
  if (isObject(g) && Array.isArray(g.guards)) g.guards = g.guards.map((child, i) => guard(child, [...path, 'guards', i], document));
  return g;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
