import type { LintRule } from '../lint-rule.js';
import { statePath } from '../lint-rule.js';
import { stateAndAncestors } from '../../scenario/track-graph.js';

/**
 * W_DEAD_END: a reachable, non-final atomic state with no transition that leaves it, or whose only
 * ways out are on events nothing ever sends. A run that gets there stays until the run ends.
 */
export const deadEndState: LintRule = {
  code: 'W_DEAD_END',
  summary: 'a non-final state with no way out (no transition leaves it, or only on events nothing sends)',
  sampled: false,
  check(ctx) {
    return ctx.scenario.tracks.flatMap((track, t) => {
      const graph = ctx.graphs[t]!;
      const sent = ctx.sent[t]!;
      const problems = [];
      for (const s of graph.states.values()) {
        if (s.type !== 'atomic' || !ctx.reachable[t]!.has(s.path)) continue;
        // Inside a parallel region a state may wait for its sibling regions; not a dead end.
        const scope = stateAndAncestors(graph, s.path);
        if (scope.some((p) => graph.states.get(p)!.type === 'parallel')) continue;
        const exits = graph.edges.filter((e) => scope.includes(e.source) && e.targets.some((target) => target !== s.path && !target.startsWith(s.path + '.')));
        if (exits.length === 0) {
          problems.push(
            ctx.warning(
              'W_DEAD_END',
              statePath(track.id, s.path),
              `state '${s.path}' of track '${track.id}' is not final and no transition leaves it: a run that gets here is stuck until the run ends`,
              `add a way out (e.g. "on": { "TICK": { "target": "...", "guard": { "type": "when", "params": { "expr": "self.rounds >= 6" } } } }), or mark it "type": "final"`,
              true,
            ),
          );
          continue;
        }
        const live = exits.filter((e) => e.event === '' || e.event === '*' || sent.has(e.event));
        if (live.length === 0) {
          const events = [...new Set(exits.map((e) => e.event))];
          problems.push(
            ctx.warning(
              'W_DEAD_END',
              statePath(track.id, s.path),
              `state '${s.path}' of track '${track.id}' is not final and its only ways out are on ${events.map((e) => `'${e}'`).join(', ')}, which nothing sends to this track: a run that gets here is stuck`,
              `send ${events.length === 1 ? 'it' : 'one of them'} from a move's response ("event": "${events[0]}") or a signal, or leave on TICK`,
              true,
            ),
          );
        }
      }
      return problems;
    });
  },
};
