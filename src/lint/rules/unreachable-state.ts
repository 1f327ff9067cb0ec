import type { LintRule } from '../lint-rule.js';
import { statePath } from '../lint-rule.js';

/** W_UNREACHABLE_STATE: no chain of transitions (on any event, ignoring guards) leads to the state. */
export const unreachableState: LintRule = {
  code: 'W_UNREACHABLE_STATE',
  summary: 'a state that no chain of transitions from the initial state reaches (on any event, whatever the guards)',
  sampled: false,
  check(ctx) {
    return ctx.scenario.tracks.flatMap((track, t) => {
      const graph = ctx.graphs[t]!;
      const reachable = ctx.reachable[t]!;
      return [...graph.states.values()]
        // Report the outermost unreachable state only: its children follow from it.
        .filter((s) => !reachable.has(s.path) && (s.parent === undefined || reachable.has(s.parent)))
        .map((s) =>
          ctx.warning(
            'W_UNREACHABLE_STATE',
            statePath(track.id, s.path),
            `state '${s.path}' of track '${track.id}' can never be entered: no transition from the initial state '${graph.initial}' leads to it`,
            `add a transition that targets "${s.name}" (e.g. "on": { "EVENT": "${s.name}" } in the state before it), or remove the state`,
            true,
          ),
        );
    });
  },
};
