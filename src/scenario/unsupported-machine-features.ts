import type { ScenarioProblem } from './scenario-error.js';
import type { SourceDocument } from './source-document.js';

type Path = (string | number)[];

/** A feature of XState that tracks do not have, found in the file before schema validation. */
interface Unsupported {
  /** Where to point (the offending value or key). */
  readonly at: Path;
  /** Schema problems at or under this path are follow-ons of the same mistake and are not reported. */
  readonly covers: Path;
  readonly message: string;
  readonly hint: string;
}

const ACTIONS = ['set', 'signal', 'news'];
const GUARDS = ['when', 'and', 'or', 'not'];
const XSTATE_ACTIONS: Record<string, string> = {
  assign: 'state outside the machine lives in the world: use {"type": "set", "params": {"<worldVar>": <value>}}',
  raise: 'send events between tracks with {"type": "signal", "params": {"to": "<track>|others|*", "event": "EVENT"}}',
  sendTo: 'send events between tracks with {"type": "signal", "params": {"to": "<track>|others|*", "event": "EVENT"}}',
  emit: 'send events between tracks with {"type": "signal", ...}, or report with {"type": "news", ...}',
  log: 'report with {"type": "news", "params": {"text": "..."}}',
};
/**
 * XState's built-in action creators (and the older names authors copy from v4 examples). Any other
 * type, such as a typo of "set", is left to the schema, which names the closest of set/signal/news.
 */
const XSTATE_ACTION_NAMES = ['assign', 'raise', 'sendTo', 'sendParent', 'send', 'emit', 'log', 'spawnChild', 'stopChild', 'stop', 'cancel', 'enqueueActions', 'forwardTo', 'escalate', 'respond', 'choose', 'pure'];
const isXStateAction = (type: string): boolean => XSTATE_ACTION_NAMES.includes(type) || type.startsWith('xstate.');
const XSTATE_GUARDS = ['stateIn'];
const ACTION_HINT = 'a track\'s actions are {"type": "set"|"signal"|"news", "params": {...}}';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * XState features the scenario format refuses, written as XState writes them: history states, a
 * machine `context`, actions other than set/signal/news (assign, raise, spawnChild...), actions
 * named by a string (implementations the file cannot carry). The schema rejects each too, but
 * as an "invalid value" followed by problems about fields it then expects; this says what the feature
 * is and what to use instead, at the same place.
 */
export function unsupportedMachineFeatures(root: unknown, doc: SourceDocument): { problems: ScenarioProblem[]; covers: Path[] } {
  const found: Unsupported[] = [];
  const actions = (value: unknown, p: Path): void => {
    const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
    list.forEach((a, i) => {
      const ap = Array.isArray(value) ? [...p, i] : p;
      if (typeof a === 'string') found.push({ at: ap, covers: ap, message: `the action '${a}' names an implementation the file does not carry`, hint: ACTION_HINT });
      else if (isObject(a) && typeof a.type === 'string' && !ACTIONS.includes(a.type) && isXStateAction(a.type)) {
        found.push({ at: [...ap, 'type'], covers: ap, message: `XState's '${a.type}' action is not supported in simulated tracks`, hint: XSTATE_ACTIONS[a.type] ?? ACTION_HINT });
      }
    });
  };
  const guard = (g: unknown, p: Path): void => {
    // A string guard is the shorthand of a "when" guard, expanded before this runs.
    if (isObject(g) && typeof g.type === 'string' && !GUARDS.includes(g.type) && XSTATE_GUARDS.includes(g.type)) {
      found.push({ at: [...p, 'type'], covers: p, message: `XState's '${g.type}' guard is not supported in simulated tracks`, hint: 'guards are "when" (a CEL condition), "and", "or" and "not": test another track with "tracks.<id>.state"' });
    } else if (isObject(g) && Array.isArray(g.guards)) g.guards.forEach((c, i) => guard(c, [...p, 'guards', i]));
  };
  const transitions = (value: unknown, p: Path): void => {
    const list = Array.isArray(value) ? value : [value];
    list.forEach((t, i) => {
      if (!isObject(t)) return;
      const tp = Array.isArray(value) ? [...p, i] : p;
      guard(t.guard, [...tp, 'guard']);
      actions(t.actions, [...tp, 'actions']);
    });
  };
  const state = (s: unknown, p: Path, depth: number): void => {
    if (!isObject(s) || depth > 64) return;
    if (s.type === 'history') {
      found.push({ at: [...p, 'type'], covers: p, message: 'history states are not supported in simulated tracks', hint: 'remember what matters in a world variable and guard on it' });
    }
    actions(s.entry, [...p, 'entry']);
    actions(s.exit, [...p, 'exit']);
    if (isObject(s.on)) for (const [event, t] of Object.entries(s.on)) transitions(t, [...p, 'on', event]);
    if (s.always !== undefined) transitions(s.always, [...p, 'always']);
    if (isObject(s.states)) for (const [name, child] of Object.entries(s.states)) state(child, [...p, 'states', name], depth + 1);
  };
  const tracks = isObject(root) && isObject(root.tracks) ? root.tracks : {};
  for (const [id, track] of Object.entries(tracks)) {
    if (!isObject(track) || !isObject(track.machine)) continue;
    const mp = ['tracks', id, 'machine'];
    if ('context' in track.machine) {
      found.push({ at: [...mp, 'context'], covers: [...mp, 'context'], message: 'a machine context is not supported in simulated tracks', hint: 'state outside the machine lives in the world: declare it under "world" and change it with "set" actions' });
    }
    if (isObject(track.machine.states)) for (const [name, s] of Object.entries(track.machine.states)) state(s, [...mp, 'states', name], 0);
  }
  return {
    problems: found.map((u) => ({
      code: 'E_UNSUPPORTED',
      severity: 'error',
      path: u.at,
      location: u.at[u.at.length - 1] === 'context' ? doc.locateKey(u.at) : doc.locate(u.at),
      message: u.message,
      hint: u.hint,
    })),
    covers: found.map((u) => u.covers),
  };
}

/** Whether a schema problem at `path` is a follow-on of an unsupported feature at `covers`. */
export function coveredBy(path: readonly (string | number)[], covers: readonly (string | number)[]): boolean {
  return covers.every((segment, i) => path[i] === segment);
}
