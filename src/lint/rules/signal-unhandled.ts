import type { LintRule } from '../lint-rule.js';
import { scenarioSentEvents } from '../scenario-signals.js';
import { similarName } from '../similar-name.js';

/**
 * W_SIGNAL_UNHANDLED: an event sent (by a signal, or a response's `event`) that no receiving track's
 * machine handles in any state, so sending it changes nothing.
 */
export const signalUnhandled: LintRule = {
  code: 'W_SIGNAL_UNHANDLED',
  summary: 'a signal, response event or offer event (one the offer names) that no receiving track handles in any state',
  sampled: false,
  check(ctx) {
    const handled = ctx.graphs.map((g) => new Set(g.edges.map((e) => e.event)));
    const index = new Map(ctx.scenario.tracks.map((t, i) => [t.id, i]));
    return scenarioSentEvents(ctx.scenario.file).flatMap((s) => {
      // An offer's default event is there for a machine that wants it: the terms are on the table either way.
      if (s.implicit === true) return [];
      const receivers = s.recipients.filter((id) => id !== undefined);
      if (receivers.length === 0) return [];
      const handledBy = receivers.filter((id) => {
        const h = handled[index.get(id)!]!;
        return h.has(s.event) || h.has('*');
      });
      if (handledBy.length > 0) return [];
      const known = receivers.flatMap((id) => [...handled[index.get(id)!]!].filter((e) => e !== '' && e !== '*'));
      const to = receivers.length === 1 ? `track '${receivers[0]}'` : `tracks ${receivers.map((r) => `'${r}'`).join(', ')}`;
      return [
        ctx.warning(
          'W_SIGNAL_UNHANDLED',
          s.path,
          `${s.kind === 'response' ? 'this response sends' : s.kind === 'offer' ? 'this offer sends' : 'this signal sends'} '${s.event}' to ${to}, but no state there handles '${s.event}': ${s.kind === 'offer' ? 'the terms go on the table, but the machine does not react' : 'it changes nothing'}`,
          `${similarName(s.event, known)}add "on": { "${s.event}": "<target>" } to the state(s) of ${to} that should react, or stop sending it`,
        ),
      ];
    });
  },
};
