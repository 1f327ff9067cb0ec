import type { LintRule } from '../lint-rule.js';

/**
 * W_DEAL_ISSUE_UNSET: a track can reach a deal state (`meta.deal`) while an issue is set by nothing
 * on it: not the track's `terms`, not an offer a response puts on the table, not a response's own
 * terms, not a counterpart's offer (an event's `offer` to the track), and the issue has no
 * `default`. Such an issue sits at its low end (`min`, or the first of its values) and the deal is
 * signed on it silently, which moves every utility computed from the deal.
 */
export const dealIssueUnset: LintRule = {
  code: 'W_DEAL_ISSUE_UNSET',
  summary: "a deal can be signed on a track that leaves an issue unset (not in its terms, no offer or response sets it, no issue default): the deal silently takes the issue's minimum",
  sampled: false,
  check(ctx) {
    const file = ctx.scenario.file;
    return ctx.scenario.tracks.flatMap((track, t) => {
      const graph = ctx.graphs[t]!;
      if (![...graph.states.values()].some((s) => s.deal && ctx.reachable[t]!.has(s.path))) return [];
      const set = new Set(Object.keys(file.tracks[track.id]?.terms ?? {}));
      for (const move of track.moves) {
        for (const r of move.responses) {
          if (r.terms === 'offer' || r.terms === 'counter') for (const o of move.offer) set.add(o.issue);
          else if (r.terms !== undefined) for (const setting of r.terms) set.add(setting.issue);
        }
      }
      // The counterpart's own offers (an event's or a branch's offer to this track).
      for (const e of ctx.scenario.events) {
        for (const o of [e.offer, ...e.branches.map((b) => b.offer)]) if (o?.track === t) for (const setting of o.terms) set.add(setting.issue);
      }
      const unset = Object.entries(file.issues).filter(([name, decl]) => !set.has(name) && decl.default === undefined);
      if (unset.length === 0) return [];
      const names = unset.map(([name]) => `'${name}'`).join(', ');
      const lows = unset.map(([name, decl]) => `${name} = ${decl.type === 'number' ? decl.min : JSON.stringify(decl.values[0])}`).join(', ');
      const [first, decl] = unset[0]!;
      const example = decl.type === 'number' ? String(decl.max) : JSON.stringify(decl.values[decl.values.length - 1]);
      const hasTerms = file.tracks[track.id]?.terms !== undefined;
      return [
        ctx.warning(
          'W_DEAL_ISSUE_UNSET',
          hasTerms ? ['tracks', track.id, 'terms'] : ['tracks', track.id],
          `a deal on track '${track.id}' is signed with ${unset.length === 1 ? 'issue' : 'issues'} ${names} at ${unset.length === 1 ? 'its' : 'their'} minimum (${lows}): neither the track's "terms" nor any offer or response on it sets ${unset.length === 1 ? 'it' : 'them'}, and no "default" is declared`,
          `set ${unset.length === 1 ? 'it' : 'each'} in the track's "terms" (e.g. "terms": { "${first}": ${example} }), offer it in a move's "offer" with a response "terms": "offer", or give the issue a "default"`,
          true,
        ),
      ];
    });
  },
};
