import type { CompiledScenario, CompiledTrack } from '../scenario/compiled-scenario.js';
import { guardText, trackGraph, type TrackGraph } from '../scenario/track-graph.js';

/** An edge as drawn: one source and target, with the label's parts. */
export interface DiagramEdge {
  readonly source: string;
  /** Undefined for a targetless transition (drawn as a loop on the source). */
  readonly target?: string;
  /** Event type; "always" for eventless transitions. */
  readonly event: string;
  /** The guard's CEL text, shortened. */
  readonly guard?: string;
  /** Labels of the moves whose responses send this event (and "signal" when a signal does). */
  readonly senders: readonly string[];
}

/** What the Mermaid and Graphviz writers draw for one track. */
export interface TrackDiagramModel {
  readonly track: CompiledTrack;
  readonly graph: TrackGraph;
  readonly edges: readonly DiagramEdge[];
}

/** Shortens CEL text for a label: collapses spaces, cuts at `max` characters with an ellipsis. */
export function shortenExpression(source: string, max = 48): string {
  const s = source.replace(/\s+/g, ' ').trim();
  if (s.length <= max) return s;
  // Cut at a space when one is near, so an operator is never cut in half.
  const cut = s.lastIndexOf(' ', max - 1);
  return `${s.slice(0, cut > max / 2 ? cut : max - 1).trimEnd()} …`;
}

/**
 * The edges of a track's diagram: every transition (from XState's resolved machine), labelled with
 * its event, its guard, and the moves of this track whose responses send that event. Events that
 * arrive by signal are marked with the sender ("signal from <track>", "signal from <event>").
 */
export function trackDiagramModel(scenario: CompiledScenario, track: CompiledTrack): TrackDiagramModel {
  const graph = trackGraph(track.machine);
  const senders = new Map<string, string[]>();
  const add = (event: string, who: string) => {
    const list = senders.get(event) ?? [];
    if (!list.includes(who)) list.push(who);
    senders.set(event, list);
  };
  for (const m of track.moves) for (const r of m.responses) if (r.event !== undefined) add(r.event, m.name);
  const reaches = (to: number, from: number) => to === track.index || (to === -1) || (to === -2 && from !== track.index);
  for (const e of scenario.events) {
    for (const s of [...e.signals, ...e.branches.flatMap((b) => b.signals)]) if (reaches(s.to, -1)) add(s.event, `event ${e.id}`);
  }
  for (const t of scenario.tracks) {
    for (const m of t.moves) for (const r of m.responses) for (const s of r.signals) if (reaches(s.to, t.index)) add(s.event, `${t.id}.${m.name}`);
    for (const a of t.actions.values()) if (a.type === 'signal' && reaches(a.signal.to, t.index)) add(a.signal.event, `track ${t.id}`);
  }
  const edges: DiagramEdge[] = [];
  for (const e of graph.edges) {
    const event = e.event === '' ? 'always' : e.event;
    const guard = guardText(e.guard);
    const base = { source: e.source, event, guard: guard === undefined ? undefined : shortenExpression(guard), senders: e.event === '' || e.event === 'TICK' ? [] : senders.get(e.event) ?? [] };
    if (e.targets.length === 0) edges.push(base);
    else for (const target of e.targets) edges.push({ ...base, target });
  }
  return { track, graph, edges };
}
