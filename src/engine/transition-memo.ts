import { initialTransition, transition, type AnyStateMachine, type StateValue } from 'xstate';
import type { CompiledAction, CompiledTrack } from '../scenario/compiled-scenario.js';
import type { CompiledExpression } from '../scenario/compile-expression.js';
import { limits } from '../scenario/limits.js';
import { SimulationError } from './simulation-error.js';
import { trackGuardContext } from '../scenario/track-guard-context.js';
import { buildTrackMachine } from '../scenario/load-scenario.js';
import { withEventlessSteps } from '../scenario/eventless-steps.js';
import type { SourceLocation } from '../scenario/scenario-error.js';
import { internalized } from '../scenario/internalized.js';

/** A state configuration of a track machine, interned: one object per distinct configuration. */
export interface TrackState {
  /** "a" or "a.b" (nested) or "a.x,b.y" (parallel). */
  readonly key: string;
  readonly value: StateValue;
  /** The machine reached a top-level final state. */
  readonly done: boolean;
  /** Highest `meta.stage` among the active states, 0 if none. */
  readonly stage: number;
  /** Some active state has `meta.deal: true`. */
  readonly deal: boolean;
  /** Decision trees, by event type (TICK's, the most frequent, apart: see TransitionMemo.step). */
  readonly byEvent: Map<string, DecisionNode>;
  tick: DecisionNode | undefined;
  /** Whether a move's `in` list admits this configuration, by the move's slot: 0 unknown, 1 yes, 2 no (filled lazily by the simulation). */
  readonly admits: Uint8Array;
}

/**
 * A run's path through a track so far ("a > a.b > c"), interned per memo: runs that visit the same
 * states in the same order share one node and one string, so batches tally paths without joining
 * and hashing a new string per run.
 */
export interface PathNode {
  /** The states, in order, joined with ' > ' (what RunResult.paths gives when joined). */
  readonly text: string;
  /**
   * The paths one state longer. Most nodes have one to three, found faster by a scan of `nextStates`
   * than by a Map; a node with more than SCAN_LIMIT also indexes them in `byState`.
   */
  readonly nextStates: TrackState[];
  readonly nextNodes: PathNode[];
  byState: Map<TrackState, PathNode> | undefined;
}

const SCAN_LIMIT = 8;

/** Interned path nodes per track, at most (beyond: runs join their paths themselves). */
export const PATH_NODES_PER_TRACK = 20_000;

/** What a transition did: the next configuration, the actions to run in order. */
export interface TransitionResult {
  readonly kind: 'result';
  readonly next: TrackState;
  readonly actions: readonly CompiledAction[];
  readonly changed: boolean;
}

interface GuardNode {
  readonly kind: 'guard';
  readonly source: string;
  readonly guard: CompiledExpression;
  // Always present (undefined until grown), so every guard node has one hidden class and the walk's
  // loads stay monomorphic.
  whenTrue: DecisionNode | undefined;
  whenFalse: DecisionNode | undefined;
}

type DecisionNode = GuardNode | TransitionResult;

/** A guard XState evaluated while deciding a transition, and its result. */
interface Recorded {
  readonly source: string;
  readonly guard: CompiledExpression;
  readonly result: boolean;
}

/** Evaluates a guard's compiled expression against the run's current scope. */
export type GuardCheck = (guard: CompiledExpression) => boolean;

/** The inverse of stateKey: "a" -> "a", "a.b" -> {a: "b"}, "a.x,b.y" -> {a: "x", b: "y"}. */
export function parseStateKey(key: string): StateValue {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < key.length; i++) {
    const c = key[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(key.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(key.slice(start));
  if (parts.length === 1 && !parts[0]!.includes('.')) return parts[0]!;
  const value: Record<string, StateValue> = {};
  for (const part of parts) {
    const dot = part.indexOf('.');
    if (dot < 0) {
      value[part] = {};
      continue;
    }
    let rest = part.slice(dot + 1);
    if (rest.startsWith('(') && rest.endsWith(')')) rest = rest.slice(1, -1);
    value[part.slice(0, dot)] = parseStateKey(rest);
  }
  return value;
}

/** The file path of a state inside a machine: "a.b" -> states.a.states.b (first region of a parallel configuration). */
function statePath(key: string): string[] {
  return key.split(',')[0]!.replace(/[()]/g, '').split('.').flatMap((name) => ['states', name]);
}

export function stateKey(value: StateValue): string {
  if (typeof value === 'string') return value;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const sub = stateKey(v);
    parts.push(sub.includes(',') ? `${k}.(${sub})` : `${k}.${sub}`);
  }
  return parts.length === 1 ? parts[0]! : parts.join(',');
}

/**
 * XState's transition decisions for one track, memoised. XState decides a transition from the state
 * configuration, the event type and the results of the guards it evaluates, in an order that is a
 * function of those alone. So each (configuration, event type) gets a decision tree: inner nodes are
 * the guards XState evaluated, in order, branching on their result; leaves hold the next
 * configuration and the actions XState returned. A walk that reaches a missing branch asks XState
 * itself (`transition()`), records the guards it evaluated and grows the tree. The JSON machine stays
 * the single source of behaviour; the memo only replays XState's own answers.
 */
export class TransitionMemo {
  private readonly states = new Map<string, TrackState>();
  private readonly machine: AnyStateMachine;
  private initialRoot: DecisionNode | undefined;
  /** Calls that reached XState (misses), for tests and benchmarks. */
  misses = 0;
  /** The empty path; every run's path starts here. */
  readonly pathRoot: PathNode = { text: '', nextStates: [], nextNodes: [], byState: undefined };
  private pathNodes = 0;

  /**
   * @param cache false asks XState on every step (the reference path the differential test
   *   compares the memo against).
   */
  constructor(
    private readonly track: CompiledTrack,
    private readonly cache = true,
    private readonly locate?: (path: readonly (string | number)[]) => SourceLocation,
  ) {
    // Stepped with a guard on every unguarded eventless transition, so no eventless cycle escapes
    // the budget below (see withEventlessSteps). Tools that draw or lint keep `track.machine`.
    this.machine = buildTrackMachine(withEventlessSteps(track.machine.config as Record<string, unknown>), track.id);
  }

  /** The path `node` followed by `state`; undefined once the memo holds PATH_NODES_PER_TRACK nodes. */
  extendPath(node: PathNode, state: TrackState): PathNode | undefined {
    const states = node.nextStates;
    if (node.byState !== undefined) {
      const known = node.byState.get(state);
      if (known !== undefined) return known;
    } else {
      for (let i = 0; i < states.length; i++) if (states[i] === state) return node.nextNodes[i];
    }
    if (this.pathNodes >= PATH_NODES_PER_TRACK) return undefined;
    this.pathNodes++;
    const next: PathNode = { text: node.text === '' ? state.key : `${node.text} > ${state.key}`, nextStates: [], nextNodes: [], byState: undefined };
    states.push(state);
    node.nextNodes.push(next);
    if (node.byState !== undefined) node.byState.set(state, next);
    else if (states.length > SCAN_LIMIT) node.byState = new Map(states.map((st, i) => [st, node.nextNodes[i]!]));
    return next;
  }

  /** The initial configuration and its entry actions. */
  initial(check: GuardCheck): TransitionResult {
    return this.walk(this.initialRoot, check) ?? this.miss(this.initialRoot, undefined, '', check);
  }

  /** The transition taken by `eventType` from `state`. */
  step(state: TrackState, eventType: string, check: GuardCheck): TransitionResult {
    // Every track is sent TICK every round: its tree sits in a field, not behind a Map lookup.
    const root = eventType === 'TICK' ? state.tick : state.byEvent.get(eventType);
    return this.walk(root, check) ?? this.miss(root, state, eventType, check);
  }

  /**
   * A branch the tree lacks: XState decides, and the tree (of `from` and `eventType`, or the initial
   * one) grows by the guards it evaluated. No closures here: step() runs for every event of every run.
   */
  private miss(root: DecisionNode | undefined, from: TrackState | undefined, eventType: string, check: GuardCheck): TransitionResult {
    this.misses++;
    const recorded: Recorded[] = [];
    const result = this.askXState(from, eventType, check, recorded);
    if (this.cache) {
      const grown = this.insert(root, recorded, result);
      if (from === undefined) this.initialRoot = grown;
      else if (eventType === 'TICK') from.tick = grown;
      else from.byEvent.set(eventType, grown);
    }
    return result;
  }

  /** Follows the tree as far as it goes: the leaf, or undefined where a branch is missing (a miss). */
  private walk(root: DecisionNode | undefined, check: GuardCheck): TransitionResult | undefined {
    let node = root;
    while (node !== undefined && node.kind === 'guard') node = check(node.guard) ? node.whenTrue : node.whenFalse;
    return node;
  }

  private insert(
    root: DecisionNode | undefined,
    recorded: readonly Recorded[],
    leaf: TransitionResult,
  ): DecisionNode {
    if (recorded.length === 0) return leaf;
    const first = recorded[0]!;
    const node: GuardNode =
      root?.kind === 'guard' ? root : { kind: 'guard', source: first.source, guard: first.guard, whenTrue: undefined, whenFalse: undefined };
    if (node.source !== first.source) {
      throw new SimulationError(
        'E_IMPURE_GUARD',
        `track '${this.track.id}': XState evaluated guards in a different order for the same state and event; guards must depend only on the run's state`,
      );
    }
    const rest = recorded.slice(1);
    if (first.result) node.whenTrue = this.insert(node.whenTrue, rest, leaf);
    else node.whenFalse = this.insert(node.whenFalse, rest, leaf);
    return node;
  }

  private askXState(
    from: TrackState | undefined,
    eventType: string,
    check: GuardCheck,
    recorded: Recorded[],
  ): TransitionResult {
    // XState rethrows an error from a guard of an event transition as a plain Error carrying only the
    // message; keep ours, so a failing guard stays a SimulationError with its code and location.
    let failure: unknown;
    let passes = 0;
    const step = (): void => {
      if (++passes <= limits.guardsPerEvent) return;
      const state = from?.key ?? '(initial)';
      const path = ['tracks', this.track.id, 'machine', ...(from ? statePath(from.key) : [])];
      failure ??= new SimulationError(
        'E_STEP_BUDGET',
        `track '${this.track.id}', state '${state}': after event ${eventType || '(start)'} eventless ("always") transitions fired ${limits.guardsPerEvent} times without settling; they form a cycle`,
        { track: this.track.id, state, path, location: this.locate?.(path) },
      );
      throw failure;
    };
    const checker = (source: string): boolean => {
      try {
        return checkGuard(source);
      } catch (error) {
        failure ??= error;
        throw error;
      }
    };
    const checkGuard = (source: string): boolean => {
      const guard = this.track.guards.get(source);
      if (!guard) throw new SimulationError('E_INTERNAL', `track '${this.track.id}': guard not compiled: ${source}`);
      if (recorded.length >= limits.guardsPerEvent) {
        // The guard asked for now is one the cycle keeps passing: point at it (its expression's first
        // occurrence in the track; the memo knows guards by their text).
        const state = from?.key ?? '(initial)';
        throw new SimulationError(
          'E_STEP_BUDGET',
          `track '${this.track.id}', state '${state}': after event ${eventType || '(start)'} eventless ("always") transitions evaluated ${recorded.length} guards without settling; the guard "${source}" keeps being checked in a cycle`,
          { track: this.track.id, state, path: guard.path, location: guard.location },
        );
      }
      const result = check(guard);
      recorded.push({ source, guard, result });
      return result;
    };
    let snapshot;
    let actions;
    if (from === undefined) {
      trackGuardContext.initial = checker;
      trackGuardContext.step = step;
      try {
        [snapshot, actions] = initialTransition(this.machine);
      } catch (error) {
        throw this.stepError(failure ?? error, from, eventType);
      } finally {
        trackGuardContext.initial = undefined;
        trackGuardContext.step = undefined;
      }
    } else {
      const resolved = this.machine.resolveState({ value: from.value, context: {} });
      trackGuardContext.initial = checker;
      trackGuardContext.step = step;
      try {
        [snapshot, actions] = transition(this.machine, resolved, { type: eventType, check: checker } as never);
      } catch (error) {
        throw this.stepError(failure ?? error, from, eventType);
      } finally {
        trackGuardContext.initial = undefined;
        trackGuardContext.step = undefined;
      }
    }
    const next = this.intern(snapshot.value as StateValue, snapshot.status === 'done', snapshot.getMeta() as Record<string, unknown>);
    const compiled: CompiledAction[] = [];
    for (const a of actions as { type: string; params?: unknown }[]) {
      if (a.type !== 'set' && a.type !== 'signal' && a.type !== 'news') continue;
      const action = this.track.actions.get(JSON.stringify([a.type, a.params]));
      if (!action) throw new SimulationError('E_INTERNAL', `track '${this.track.id}': action not compiled: ${a.type}`);
      compiled.push(action);
    }
    return { kind: 'result', next, actions: compiled, changed: from === undefined || next !== from || compiled.length > 0 };
  }

  /** Errors while XState steps the machine: ours pass through; XState's own name track and state. */
  private stepError(error: unknown, from: TrackState | undefined, eventType: string): SimulationError {
    if (error instanceof SimulationError) return error;
    const state = from?.key ?? '(initial)';
    return new SimulationError('E_MACHINE', `track '${this.track.id}', state '${state}': XState failed on event ${eventType || '(start)'}: ${String((error as Error)?.message ?? error).split('\n')[0]}`, {
      track: this.track.id,
      state,
    });
  }

  private intern(value: StateValue, done: boolean, meta: Record<string, unknown>): TrackState {
    const key = internalized(stateKey(value));
    let state = this.states.get(key);
    if (state === undefined) {
      let stage = 0;
      let deal = false;
      for (const m of Object.values(meta)) {
        const mm = m as { stage?: unknown; deal?: unknown } | undefined;
        if (typeof mm?.stage === 'number') stage = Math.max(stage, mm.stage);
        if (mm?.deal === true) deal = true;
      }
      state = { key, value, done, stage, deal, byEvent: new Map(), tick: undefined, admits: new Uint8Array(this.track.moves.length) };
      this.states.set(key, state);
    }
    return state;
  }

  /**
   * The configuration with this key, resolved through XState if no run has reached it yet (a
   * restored snapshot in a fresh worker). Throws when the machine has no such configuration.
   */
  resolve(key: string): TrackState {
    const known = this.states.get(key);
    if (known !== undefined) return known;
    const value = parseStateKey(key);
    const snapshot = this.machine.resolveState({ value, context: {} });
    if (stateKey(snapshot.value as StateValue) !== key) {
      throw new SimulationError('E_SNAPSHOT', `track '${this.track.id}' has no state '${key}'`);
    }
    return this.intern(snapshot.value as StateValue, snapshot.status === 'done', snapshot.getMeta() as Record<string, unknown>);
  }

  /** Every configuration seen so far (for tests and diagnostics). */
  knownStates(): readonly TrackState[] {
    return [...this.states.values()];
  }
}
