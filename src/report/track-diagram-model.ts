import type { CompiledScenario, CompiledTrack } from '../scenario/compiled-scenario.js';
import { guardText, trackGraph, type TrackGraph } from '../scenario/track-graph.js';

/** An edge as drawn: one source and target, with the label's parts. */
export interface DiagramEdge {
  readonly source: string;
  /** Undefined for a targetless transition (drawn as a loop on the source). */
  readonly target?: string;
  /** Event type; "always" for eventless transitions. */
  readonly event: string;
  /** The guard's CEL text on one line (spaces collapsed). */
  readonly guard?: string;
  /** The same text as a label's lines (guardLines): the whole condition while it fits. */
  readonly guardLines?: readonly string[];
  /** Labels of the moves whose responses send this event (and "signal" when a signal does). */
  readonly senders: readonly string[];
}

/** What the Mermaid and Graphviz writers draw for one track. */
export interface TrackDiagramModel {
  readonly track: CompiledTrack;
  readonly graph: TrackGraph;
  readonly edges: readonly DiagramEdge[];
}

/** Collapses the spaces of CEL text (a guard written over several lines reads as one). */
function oneLine(source: string): string {
  return source.replace(/\s+/g, ' ').trim();
}

/**
 * A guard's CEL text as the lines of a diagram label, each about `width` characters: broken after
 * each top-level `&&` and `||`, then between words, never inside a word, so every comparison stays
 * whole and readable. Past `maxLines`, each clause's left-hand side loses its middle (the operator
 * and the right-hand side, which say what is decided, stay), and if that is still too long the
 * middle lines give way to one "…".
 *
 * @example guardLines("self.rounds >= param.usPatience && world.relations < 0.4", 40)
 *   // ["self.rounds >= param.usPatience &&", "world.relations < 0.4"]
 */
export function guardLines(source: string, width = 40, maxLines = 6): string[] {
  const clauses = topLevelClauses(oneLine(source));
  let lines = clauses.flatMap((c) => wrapWords(c, width));
  if (lines.length <= maxLines) return lines;
  lines = clauses.flatMap((c) => wrapWords(elideLeftSide(c), width));
  if (lines.length <= maxLines) return lines;
  return [...lines.slice(0, maxLines - 2), '…', lines[lines.length - 1]!];
}

/** "a && b || c" -> ["a &&", "b ||", "c"]: split at `&&`/`||` outside parentheses, brackets and quotes. */
function topLevelClauses(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote !== '') {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && (s.startsWith('&&', i) || s.startsWith('||', i))) {
      out.push(s.slice(start, i + 2).trim());
      start = i + 2;
      i++;
    }
  }
  out.push(s.slice(start).trim());
  return out.filter((c) => c !== '');
}

/** Greedy word wrap; a word longer than the width gets a line of its own. */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** "round - world.canadaSwissTouch >= param.gap" -> "round - …SwissTouch >= param.gap": the comparison kept, its left side shortened. */
function elideLeftSide(clause: string): string {
  const m = /^(.*?) (>=|<=|==|!=|>|<) (.*)$/.exec(clause);
  if (m === null || m[1]!.length <= 16) return clause;
  const left = m[1]!;
  return `${left.slice(0, 6).trimEnd()}…${left.slice(-9).trimStart()} ${m[2]} ${m[3]}`;
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
    const base = {
      source: e.source,
      event,
      guard: guard === undefined ? undefined : oneLine(guard),
      guardLines: guard === undefined ? undefined : guardLines(guard),
      senders: e.event === '' || e.event === 'TICK' ? [] : senders.get(e.event) ?? [],
    };
    if (e.targets.length === 0) edges.push(base);
    else for (const target of e.targets) edges.push({ ...base, target });
  }
  return { track, graph, edges };
}
