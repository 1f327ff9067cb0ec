import type { LintRule } from '../lint-rule.js';

/**
 * W_MOVE_CONDITION_NEVER_HOLDS: in the sampled runs the track was often in one of the move's states,
 * but the move's `when` never held there, so the move was never offered. Sampled, not proven.
 */
export const moveConditionNeverHolds: LintRule = {
  code: 'W_MOVE_CONDITION_NEVER_HOLDS',
  summary: "a move whose `when` never held in the sampled runs although its track was in the move's states",
  sampled: true,
  check(ctx) {
    const facts = ctx.samples();
    return [...ctx.scenario.moves.values()].flatMap((move) => {
      const s = facts.moves.get(move.id)!;
      if (move.when === undefined || s.inState === 0 || s.available > 0) return [];
      const track = ctx.scenario.tracks[move.track]!;
      return [
        ctx.warning(
          'W_MOVE_CONDITION_NEVER_HOLDS',
          ['tracks', track.id, 'moves', move.name, 'when'],
          `move '${move.id}' is never offered: its condition "${move.when.source}" was false in all ${s.inState} sampled positions where track '${track.id}' was in the move's states (${facts.runs} runs)`,
          'check the condition against the ranges world variables and parameters really take (`parley run --trace` shows them), or remove the move',
        ),
      ];
    });
  },
};
