import type { LintRule } from '../lint-rule.js';
import { stateAndAncestors } from '../../scenario/track-graph.js';

/**
 * W_RESPONSE_EVENT_IGNORED: a move is offered only in some states (`in`), and a response sends an
 * event that the track handles elsewhere but in none of those states (nor their ancestors or
 * children), so the response never moves the machine.
 */
export const responseEventIgnored: LintRule = {
  code: 'W_RESPONSE_EVENT_IGNORED',
  summary: "a response event the track does not handle in any of the move's `in` states",
  sampled: false,
  check(ctx) {
    return ctx.scenario.tracks.flatMap((track, t) => {
      const graph = ctx.graphs[t]!;
      const problems = [];
      for (const move of track.moves) {
        if (move.in === undefined) continue;
        for (const r of move.responses) {
          if (r.event === undefined) continue;
          const handlers = graph.edges.filter((e) => e.event === r.event || e.event === '*');
          if (handlers.length === 0) continue; // W_SIGNAL_UNHANDLED says it
          const handles = (s: string) =>
            handlers.some((e) => stateAndAncestors(graph, s).includes(e.source) || e.source.startsWith(s + '.'));
          if (move.in.some(handles)) continue;
          const where = [...new Set(handlers.map((e) => e.source))];
          problems.push(
            ctx.warning(
              'W_RESPONSE_EVENT_IGNORED',
              ['tracks', track.id, 'moves', move.name, 'responses', r.index, 'event'],
              `response '${r.label}' of move '${move.id}' sends '${r.event}', but the move is only offered in ${move.in.map((s) => `'${s}'`).join(', ')}, where '${r.event}' is not handled (only in ${where.map((s) => `'${s || '(machine)'}'`).join(', ')})`,
              `handle '${r.event}' in ${move.in.length === 1 ? `'${move.in[0]}'` : "the move's states"}, or offer the move in ${where.map((s) => `"${s}"`).join(', ')}`,
            ),
          );
        }
      }
      return problems;
    });
  },
};
