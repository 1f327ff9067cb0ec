import type { GuardRef } from './scenario-schema.js';
import { guardCheck } from './track-guard-context.js';

/**
 * `and`, `or` and `not` guards as scenario files write them (`{"type": "and", "guards": [...]}`,
 * the JSON form Stately's editor uses). XState's own `and()`/`or()`/`not()` are functions, not JSON,
 * and XState passes a guard implementation only its `params`; so the engine registers these three
 * guards and gives each its child guards as params (see withCombinedGuardParams). Evaluation follows
 * XState's helpers: left to right, `and` stopping at the first false, `or` at the first true.
 */
export const COMBINED_GUARDS = {
  and: ({ event }: { event: unknown }, params: { guards: readonly GuardRef[] }) => params.guards.every((g) => guardHolds(event, g)),
  or: ({ event }: { event: unknown }, params: { guards: readonly GuardRef[] }) => params.guards.some((g) => guardHolds(event, g)),
  not: ({ event }: { event: unknown }, params: { guards: readonly GuardRef[] }) => !guardHolds(event, params.guards[0]!),
};

function guardHolds(event: unknown, guard: GuardRef): boolean {
  if (guard.type === 'when') return guardCheck(event, guard.params.expr);
  if (guard.type === 'and') return guard.guards.every((g) => guardHolds(event, g));
  if (guard.type === 'or') return guard.guards.some((g) => guardHolds(event, g));
  return !guardHolds(event, guard.guards[0]!);
}

/**
 * A copy of a machine config in which every top-level `and`/`or`/`not` guard of a transition also
 * carries its child guards as `params` (the file's `guards` stay, for tools that draw the machine).
 */
export function withCombinedGuardParams<T extends object>(config: T): T {
  const transition = (t: unknown): unknown => {
    if (t === null || typeof t !== 'object') return t;
    const guard = (t as { guard?: { type?: unknown; guards?: unknown } }).guard;
    if (guard === undefined || (guard.type !== 'and' && guard.type !== 'or' && guard.type !== 'not')) return t;
    return { ...t, guard: { ...guard, params: { guards: guard.guards } } };
  };
  const transitions = (value: unknown): unknown => (Array.isArray(value) ? value.map(transition) : transition(value));
  const state = (node: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...node };
    if (node.always !== undefined) out.always = transitions(node.always);
    if (node.on !== null && typeof node.on === 'object') {
      out.on = Object.fromEntries(Object.entries(node.on as Record<string, unknown>).map(([k, v]) => [k, transitions(v)]));
    }
    if (node.states !== null && typeof node.states === 'object') {
      out.states = Object.fromEntries(Object.entries(node.states as Record<string, Record<string, unknown>>).map(([k, v]) => [k, state(v)]));
    }
    return out;
  };
  return state(config as Record<string, unknown>) as T;
}
