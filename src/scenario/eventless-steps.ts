/** The guard the engine adds to unguarded eventless transitions; scenario files cannot name it. */
export const EVENTLESS_STEP_GUARD = 'eventlessStep';

/**
 * A copy of a track's machine config in which every unguarded `always` transition carries the
 * guard `eventlessStep`, which always passes. XState takes eventless transitions in a loop until the
 * configuration settles, calling nothing of ours when they have no guard, so a cycle of them would
 * loop for ever; with this guard every pass calls the engine, which counts passes and stops the run
 * (see TransitionMemo). The file's JSON and the decisions XState makes are unchanged.
 */
export function withEventlessSteps<T extends object>(config: T): T {
  const state = (node: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...node };
    if (node.always !== undefined) {
      const list = Array.isArray(node.always) ? node.always : [node.always];
      out.always = list.map((t: unknown) => {
        if (typeof t === 'string') return { target: t, guard: { type: EVENTLESS_STEP_GUARD } };
        const transition = t as Record<string, unknown>;
        return transition.guard === undefined ? { ...transition, guard: { type: EVENTLESS_STEP_GUARD } } : transition;
      });
    }
    if (node.states !== undefined && node.states !== null && typeof node.states === 'object') {
      out.states = Object.fromEntries(Object.entries(node.states as Record<string, Record<string, unknown>>).map(([k, v]) => [k, state(v)]));
    }
    return out;
  };
  return state(config as Record<string, unknown>) as T;
}
