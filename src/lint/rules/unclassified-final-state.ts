import type { LintRule } from '../lint-rule.js';
import { statePath } from '../lint-rule.js';
import type { TrackGraphState } from '../../scenario/track-graph.js';
import { didYouMean, editDistance } from '../../scenario/did-you-mean.js';

/**
 * Whether an outcome condition names a final state of a track. A sound approximation by reading the
 * condition, not proving it: a condition *names* state `s` of track `t` when it reads
 * `tracks.t.state` and contains the string literal 's' (or its dotted path), or reads
 * `tracks.t.done` (every final state), or, for a `meta.deal` state, reads `tracks.t.deal`,
 * `dealTrack`, `deal.<issue>` or `utility.`. Naming is not the same as matching (a condition may say
 * `!=`), so the rule only warns when no condition names the state at all: it never cries wolf on a
 * state some outcome talks about.
 */
export function outcomeNamesState(source: string, trackId: string, state: TrackGraphState): boolean {
  const code = source.replace(/\s+/g, '');
  const track = `tracks.${trackId}.`;
  if (code.includes(`${track}done`)) return true;
  if (code.includes(`${track}state`)) {
    for (const name of new Set([state.path, state.name])) {
      if (code.includes(`'${name}'`) || code.includes(`"${name}"`)) return true;
    }
  }
  if (state.deal && (code.includes(`${track}deal`) || /\bdealTrack\b|\bdeal\.|\butility\./.test(code))) return true;
  return false;
}

/** The state names (and dotted paths) of any track that outcome conditions write as string literals. */
function statesOutcomesMention(sources: readonly string[], stateNames: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  for (const source of sources) {
    for (const m of source.matchAll(/'((?:\\.|[^'\\])*)'|"((?:\\.|[^"\\])*)"/g)) {
      const text = m[1] ?? m[2] ?? '';
      if (stateNames.has(text)) found.add(text);
    }
  }
  return found;
}

/**
 * W_UNCLASSIFIED_FINAL: a top-level final state that no outcome condition names, when runs ending
 * there would be classified wrongly: there is no catch-all outcome (they come out "unclassified"), or
 * the state is a deal (`meta.deal`) and the catch-all outcome is not (`"deal": false`), so a signed
 * deal would be counted as no deal, or its name is a near miss of a state the outcomes do name (a
 * typo such as 'walkedAwya' for 'walkedAway'), so its runs fall silently to the catch-all.
 */
export const unclassifiedFinalState: LintRule = {
  code: 'W_UNCLASSIFIED_FINAL',
  summary: 'a final state that no outcome names, so its runs fall to the catch-all (wrongly, for a deal state or a near miss of a state outcomes name) or come out "unclassified"',
  sampled: false,
  check(ctx) {
    const outcomes = ctx.scenario.outcomes;
    const named = outcomes.filter((o) => o.when !== undefined);
    const catchAll = outcomes.find((o) => o.when === undefined);
    const stateNames = new Set(ctx.graphs.flatMap((g) => [...g.states.values()].flatMap((s) => [s.name, s.path])));
    const mentioned = statesOutcomesMention(named.map((o) => o.when!.source), stateNames);
    return ctx.scenario.tracks.flatMap((track, t) => {
      const graph = ctx.graphs[t]!;
      return [...graph.states.values()]
        .filter((s) => s.type === 'final' && s.parent === undefined && ctx.reachable[t]!.has(s.path))
        .filter((s) => !named.some((o) => outcomeNamesState(o.when!.source, track.id, s)))
        .flatMap((s) => {
          if (!catchAll) {
            return [
              ctx.warning(
                'W_UNCLASSIFIED_FINAL',
                statePath(track.id, s.path),
                `no outcome names the final state '${s.path}' of track '${track.id}' and there is no catch-all outcome: runs that end there come out "unclassified"`,
                `add an outcome such as { "when": "tracks.${track.id}.state == '${s.path}'", ... }, or a last outcome without "when"`,
                true,
              ),
            ];
          }
          if (s.deal && !catchAll.deal) {
            return [
              ctx.warning(
                'W_UNCLASSIFIED_FINAL',
                statePath(track.id, s.path),
                `the final state '${s.path}' of track '${track.id}' is a deal (meta.deal) but no outcome names it: its runs fall to '${catchAll.id}', which is not a deal`,
                `add an outcome before '${catchAll.id}': { "label": "...", "when": "tracks.${track.id}.state == '${s.path}'", "deal": true }`,
                true,
              ),
            ];
          }
          // A name outcomes use for another track's state is the likely intent of a typo; two states
          // of one track with close names are usually meant (walked, walkedOut), unless one letter apart.
          const own = new Set([...graph.states.values()].flatMap((o) => [o.name, o.path]));
          const candidates = [...mentioned].filter((m) => m !== s.name && m !== s.path && (!own.has(m) || editDistance(m.toLowerCase(), s.name.toLowerCase()) <= 1));
          const near = didYouMean(s.name, candidates);
          if (near?.startsWith('did you mean')) {
            const meant = /'(.*)'/.exec(near)![1]!;
            return [
              ctx.warning(
                'W_UNCLASSIFIED_FINAL',
                statePath(track.id, s.path),
                `no outcome names the final state '${s.path}' of track '${track.id}', whose name is close to '${meant}', which outcomes do name: its runs fall silently to the catch-all '${catchAll.id}'`,
                `${near} Rename the state, or add an outcome before '${catchAll.id}': { "label": "...", "when": "tracks.${track.id}.state == '${s.path}'" }`,
                true,
              ),
            ];
          }
          return [];
        });
    });
  },
};
