import { createMachine, type AnyStateMachine } from 'xstate';
import { withCombinedGuardParams } from '../scenario/combined-guards.js';
import type { GuardRef } from '../scenario/scenario-schema.js';
import { ParleyTrackScope, type ParleyTrackScopeOptions } from './parley-track-scope.js';

/**
 * A Parley track's machine with Parley's guards and actions, for plain XState (`createActor`):
 *
 * - `when` guards evaluate their CEL expression (`{ "type": "when", "params": { "expr": ... } }`)
 *   against the world, parameters, `round`, `tracks` and `self` of `scope`, as the engine does;
 * - `and`, `or` and `not` guards combine their `guards` as Stately's editor writes them;
 * - a guard written as a bare string that the machine does not implement itself
 *   (`"guard": "self.rounds >= 6"`) is read as a CEL expression;
 * - `set` actions write the world (clamped, type-checked), `signal` and `news` actions are recorded
 *   in `scope.signals` and `scope.news` and passed to `onSignal` / `onNews`.
 *
 * `scope` is a ParleyTrackScope, or the options to make one (the scope is then `scopeOf(machine)`).
 * Implementations the machine already has are kept, except these names.
 *
 * @example
 * const machine = provideParley(createMachine(file.tracks.newcomer.machine), { scenario: file, track: 'newcomer' });
 * const actor = createActor(machine).start();
 * scopeOf(machine)!.round = 3;
 * actor.send({ type: 'TICK' });
 */
export function provideParley<T extends AnyStateMachine>(machine: T, scope: ParleyTrackScope | ParleyTrackScopeOptions): T {
  const config = machine.config as Record<string, unknown>;
  const s = scope instanceof ParleyTrackScope ? scope : new ParleyTrackScope({ ...scope, track: scope.track ?? trackNamed(machine, scope) });
  const own = machine.implementations.guards as Record<string, unknown>;
  const stringGuards: Record<string, () => boolean> = {};
  for (const source of stringGuardsOf(config)) {
    if (source in own) continue;
    s.prepare(source); // a string that is not valid CEL fails here, not at the first event
    stringGuards[source] = () => s.holds(source);
  }
  const provided = createMachine(withCombinedGuardParams(config) as never, machine.implementations as never).provide({
    guards: {
      ...stringGuards,
      when: (_: unknown, params: { expr: string }) => s.holds(params.expr),
      and: (_: unknown, params: { guards: readonly GuardRef[] }) => params.guards.every((g) => holds(s, g)),
      or: (_: unknown, params: { guards: readonly GuardRef[] }) => params.guards.some((g) => holds(s, g)),
      not: (_: unknown, params: { guards: readonly GuardRef[] }) => !holds(s, params.guards[0]!),
    },
    actions: {
      set: (_: unknown, params: unknown) => s.run('set', params),
      signal: (_: unknown, params: unknown) => s.run('signal', params),
      news: (_: unknown, params: unknown) => s.run('news', params),
    },
  } as never) as unknown as T;
  scopes.set(provided, s);
  return provided;
}

const scopes = new WeakMap<AnyStateMachine, ParleyTrackScope>();

/** The scope a machine made by provideParley reads and writes (its world, `self`, news and signals). */
export function scopeOf(machine: AnyStateMachine): ParleyTrackScope | undefined {
  return scopes.get(machine);
}

/** The track of the machine's id, when the caller did not name one and the scenario has it. */
function trackNamed(machine: AnyStateMachine, options: ParleyTrackScopeOptions): string | undefined {
  const id = machine.id;
  const file = options.scenario as { tracks?: unknown };
  const tracks = file.tracks;
  if (Array.isArray(tracks)) return tracks.some((t: { id?: unknown }) => t.id === id) ? id : undefined;
  return tracks !== null && typeof tracks === 'object' && Object.hasOwn(tracks, id) ? id : undefined;
}

/** A combined guard's child, evaluated as XState's and()/or()/not() would: left to right, stopping early. */
function holds(scope: ParleyTrackScope, guard: GuardRef | string): boolean {
  if (typeof guard === 'string') return scope.holds(guard);
  if (guard.type === 'when') return scope.holds(guard.params.expr);
  if (guard.type === 'and') return guard.guards.every((g) => holds(scope, g));
  if (guard.type === 'or') return guard.guards.some((g) => holds(scope, g));
  return !holds(scope, guard.guards[0]!);
}

/** Every guard written as a bare string in a machine config (on transitions of `on` and `always`, nested states included). */
function stringGuardsOf(config: Record<string, unknown>): Set<string> {
  const found = new Set<string>();
  const transition = (t: unknown): void => {
    if (t === null || typeof t !== 'object') return;
    const guard = (t as { guard?: unknown }).guard;
    if (typeof guard === 'string') found.add(guard);
    else if (guard !== null && typeof guard === 'object') inner(guard);
  };
  const inner = (g: unknown): void => {
    const guards = (g as { guards?: unknown }).guards;
    if (Array.isArray(guards)) for (const c of guards) typeof c === 'string' ? found.add(c) : inner(c);
  };
  const state = (node: Record<string, unknown>): void => {
    const list = (v: unknown) => (Array.isArray(v) ? v.forEach(transition) : transition(v));
    if (node.always !== undefined) list(node.always);
    if (node.on !== null && typeof node.on === 'object') for (const v of Object.values(node.on as Record<string, unknown>)) list(v);
    if (node.states !== null && typeof node.states === 'object') for (const c of Object.values(node.states as Record<string, Record<string, unknown>>)) state(c);
  };
  state(config);
  return found;
}
