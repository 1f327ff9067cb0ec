import type { GuardRef } from '../../scenario/scenario-schema.js';
import type { ConditionBounds, Truth } from '../condition-bounds.js';
import type { LintRule } from '../lint-rule.js';

type Path = (string | number)[];

/** Whether a guard (a `when` condition, or and/or/not of guards) always holds, never does, or may. */
export function guardTruth(guard: GuardRef | string, bounds: ConditionBounds): Truth {
  // A guard written as the condition alone (shorthand for a `when` guard).
  if (typeof guard === 'string') return bounds.truth(guard);
  if (guard.type === 'when') return bounds.truth(guard.params.expr);
  if (!Array.isArray(guard.guards)) return 'maybe';
  const parts = guard.guards.map((g) => guardTruth(g, bounds));
  if (guard.type === 'not') return parts[0] === 'always' ? 'never' : parts[0] === 'never' ? 'always' : 'maybe';
  if (guard.type === 'and') return parts.every((p) => p === 'always') ? 'always' : parts.some((p) => p === 'never') ? 'never' : 'maybe';
  return parts.some((p) => p === 'always') ? 'always' : parts.every((p) => p === 'never') ? 'never' : 'maybe';
}

/** The guard's text for a message: the expression of a `when`, else its JSON. */
function guardText(guard: GuardRef | string): string {
  if (typeof guard === 'string') return guard;
  return guard.type === 'when' ? guard.params.expr : JSON.stringify(guard);
}

/**
 * W_TRANSITION_SHADOWED: in an event's list of transitions (XState takes the first whose guard
 * holds), a transition that is never taken because one before it has no guard or a guard that
 * always holds, e.g. `self.rounds >= 0` or `1 < 2`. Proven from the guards.
 */
export const transitionShadowed: LintRule = {
  code: 'W_TRANSITION_SHADOWED',
  summary: 'a transition never taken because one before it in the same list has no guard or a guard that always holds',
  sampled: false,
  check(ctx) {
    const out: ReturnType<LintRule['check']> = [];
    const list = (trackId: string, state: string, event: string, value: unknown, path: Path): void => {
      if (!Array.isArray(value) || value.length < 2) return;
      for (let i = 0; i < value.length - 1; i++) {
        const t = value[i] as string | { guard?: GuardRef | string; target?: unknown };
        const guard = typeof t === 'string' ? undefined : t.guard;
        if (guard !== undefined && guardTruth(guard, ctx.bounds) !== 'always') continue;
        const hidden = value.length - 1 - i;
        const first = guard === undefined ? `transition ${i + 1} has no guard` : `the guard of transition ${i + 1}, "${guardText(guard)}", always holds`;
        out.push(
          ctx.warning(
            'W_TRANSITION_SHADOWED',
            [...path, i + 1],
            `${event === 'always' ? 'the eventless ("always") transitions' : `event ${event}`} in state '${state}' of track '${trackId}': ${first}, so ${hidden === 1 ? `transition ${i + 2} is` : `transitions ${i + 2}-${value.length} are`} never taken`,
            guard === undefined
              ? `XState takes the first transition whose guard holds: put the unguarded transition ${i + 1} last`
              : `fix the guard (a round counter such as self.rounds is never negative; a comparison of constants never changes), or put transition ${i + 1} last`,
          ),
        );
        return;
      }
    };
    const state = (trackId: string, name: string, s: Record<string, unknown>, path: Path): void => {
      for (const [event, t] of Object.entries((s.on as Record<string, unknown>) ?? {})) list(trackId, name, event, t, [...path, 'on', event]);
      if (s.always !== undefined) list(trackId, name, 'always', s.always, [...path, 'always']);
      for (const [child, c] of Object.entries((s.states as Record<string, Record<string, unknown>>) ?? {})) state(trackId, `${name}.${child}`, c, [...path, 'states', child]);
    };
    for (const [trackId, track] of Object.entries(ctx.scenario.file.tracks)) {
      for (const [name, s] of Object.entries(track.machine.states)) state(trackId, name, s as Record<string, unknown>, ['tracks', trackId, 'machine', 'states', name]);
    }
    return out;
  },
};
