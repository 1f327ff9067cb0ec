import type { LintRule } from '../lint-rule.js';
import { statePath } from '../lint-rule.js';
import { similarName } from '../similar-name.js';

/**
 * W_EVENT_NEVER_SENT: a track's machine handles an event that nothing sends to that track: no move's
 * response on the track names it, no counterpart's offer (an event's `offer`) sends it, no signal
 * reaches the track with it, and it is not TICK.
 */
export const eventNeverSent: LintRule = {
  code: 'W_EVENT_NEVER_SENT',
  summary: 'an event a track handles that nothing sends to it (no response event, no signal, no offer, not TICK)',
  sampled: false,
  check(ctx) {
    return ctx.scenario.tracks.flatMap((track, t) => {
      const graph = ctx.graphs[t]!;
      const sent = ctx.sent[t]!;
      const firstSource = new Map<string, string>();
      for (const e of graph.edges) if (e.event !== '' && e.event !== '*' && !firstSource.has(e.event)) firstSource.set(e.event, e.source);
      return [...firstSource]
        .filter(([event]) => !sent.has(event))
        .map(([event, source]) => {
          const others = graph.edges.filter((e) => e.event === event).length;
          return ctx.warning(
            'W_EVENT_NEVER_SENT',
            [...statePath(track.id, source), 'on', event],
            `track '${track.id}' handles '${event}'${others > 1 ? ` (in ${others} transitions)` : ''} but nothing sends it to this track, so ${others > 1 ? 'these transitions are' : 'this transition is'} never taken`,
            `${similarName(event, [...sent].filter((e) => !firstSource.has(e)))}send it from a move's response ("event": "${event}") on track '${track.id}' or with a signal { "to": "${track.id}", "event": "${event}" }, or remove the transition`,
            true,
          );
        });
    });
  },
};
