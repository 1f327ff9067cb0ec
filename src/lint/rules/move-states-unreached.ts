import type { LintRule } from '../lint-rule.js';

/**
 * W_MOVE_STATES_UNREACHED: a move is offered only in states (`in`) its track never reaches: never,
 * by the static graph, or in none of the sampled runs (then the message says so).
 */
export const moveStatesUnreached: LintRule = {
  code: 'W_MOVE_STATES_UNREACHED',
  summary: "a move whose `in` states are never reached (statically, or in the sampled runs)",
  sampled: true,
  check(ctx) {
    return [...ctx.scenario.moves.values()].flatMap((move) => {
      if (move.in === undefined) return [];
      const track = ctx.scenario.tracks[move.track]!;
      const path = ['tracks', track.id, 'moves', move.name, 'in'];
      const states = move.in.map((s) => `'${s}'`).join(', ');
      if (!move.in.some((s) => ctx.reachable[move.track]!.has(s))) {
        return [
          ctx.warning(
            'W_MOVE_STATES_UNREACHED',
            path,
            `move '${move.id}' can never be made: it is offered only in ${states}, which track '${track.id}' can never enter`,
            'fix the machine so these states are reachable (see W_UNREACHABLE_STATE), or offer the move in states the track reaches',
          ),
        ];
      }
      const facts = ctx.samples();
      if (facts.moves.get(move.id)!.inState > 0) return [];
      return [
        ctx.warning(
          'W_MOVE_STATES_UNREACHED',
          path,
          `move '${move.id}' was never offered in ${facts.runs} sampled runs: track '${track.id}' was never in ${states} while running`,
          "these states may be rare rather than impossible: check the guards on the way there, or raise the sample with `parley lint --runs`",
        ),
      ];
    });
  },
};
