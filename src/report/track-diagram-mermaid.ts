import type { TrackDiagramModel, DiagramEdge } from './track-diagram-model.js';

/**
 * Mermaid's label text is the rest of the line after ':'; a few characters confuse its parser or its
 * HTML rendering, so comparison operators become their mathematical signs.
 */
export function mermaidLabelText(text: string): string {
  return text
    .replace(/>=/g, '≥')
    .replace(/<=/g, '≤')
    .replace(/!=/g, '≠')
    .replace(/==/g, '=')
    .replace(/&&/g, 'and')
    .replace(/\|\|/g, 'or')
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/[;#:"{}]/g, (c) => ({ ';': ',', '#': '№', ':': '∶', '"': "'", '{': '(', '}': ')' })[c]!);
}

/** "EVENT [guard] ← moves that send it", the guard over several lines (Mermaid breaks labels at `<br/>`). */
export function edgeLabel(e: DiagramEdge): string {
  let label = mermaidLabelText(e.event);
  if (e.guardLines !== undefined) label += ` [${e.guardLines.map(mermaidLabelText).join('<br/>')}]`;
  if (e.senders.length > 0) label += ` ${mermaidLabelText(`← ${e.senders.join(', ')}`)}`;
  return label;
}

const CLASS_DEFS = ['classDef deal fill:#c8f7c5,stroke:#1b7f3b,stroke-width:3px,color:#0b3d1a', 'classDef final stroke-width:3px'];

/**
 * A track's states and edges as Mermaid statements, every id prefixed with `prefix` (so several
 * tracks can share one diagram), and the ids of its final and deal states for the class lines.
 */
function trackStatements(model: TrackDiagramModel, prefix: string, indent: string): { lines: string[]; finals: string[]; deals: string[] } {
  const { graph } = model;
  /** A Mermaid state id for a state path: safe in every Mermaid version ("s_talks", "s_review__legal"). */
  const id = (path: string): string => `${prefix}s_${path.replace(/\./g, '__')}`;
  // Mermaid draws a transition inside the composite state where it is written, and pulls a state
  // named outside its own composite out of it: each edge goes in the innermost composite state that
  // holds both its ends (not a parallel one, whose regions the lines between them separate).
  const home = (source: string, target: string): string => {
    const a = source.split('.');
    const b = target.split('.');
    let k = 0;
    while (k < a.length - 1 && k < b.length - 1 && a[k] === b[k]) k++;
    let path = a.slice(0, k).join('.');
    while (path !== '' && graph.states.get(path)?.type === 'parallel') path = path.split('.').slice(0, -1).join('.');
    return path;
  };
  const edgesIn = new Map<string, DiagramEdge[]>();
  for (const e of model.edges) {
    const h = home(e.source, e.target ?? e.source);
    edgesIn.set(h, [...(edgesIn.get(h) ?? []), e]);
  }
  // A transition out of or into a composite state's inside (Mermaid cannot draw one that crosses a
  // composite's border) is drawn from or to that composite, and its label names the inner state.
  const lift = (path: string, home: string): string => path.split('.').slice(0, home === '' ? 1 : home.split('.').length + 1).join('.');
  const edgeLines = (home: string, at: string): string[] =>
    (edgesIn.get(home) ?? []).map((e) => {
      const target = e.target ?? e.source;
      const [from, to] = [lift(e.source, home), lift(target, home)];
      const notes = [from !== e.source ? `from ${e.source}` : '', to !== target ? `to ${target}` : ''].filter((n) => n !== '');
      const label = notes.length > 0 ? `${edgeLabel(e)} ${mermaidLabelText(`(${notes.join(', ')})`)}` : edgeLabel(e);
      return `${at}${id(from)} --> ${id(to)} : ${label}`;
    });
  const lines: string[] = [];
  const declare = (path: string, at: string): void => {
    const s = graph.states.get(path)!;
    const name = s.stage !== undefined ? `${s.name} (stage ${s.stage})` : s.name;
    lines.push(`${at}state "${mermaidLabelText(name)}" as ${id(path)}`);
    if (s.children.length > 0) {
      lines.push(`${at}state ${id(path)} {`);
      if (s.type === 'parallel') {
        s.children.forEach((c, i) => {
          if (i > 0) lines.push(`${at}  --`);
          declare(c, at + '  ');
        });
      } else {
        if (s.initial) lines.push(`${at}  [*] --> ${id(s.initial)}`);
        for (const c of s.children) declare(c, at + '  ');
        lines.push(...edgeLines(path, at + '  '));
      }
      lines.push(`${at}}`);
    }
  };
  for (const s of graph.states.values()) if (s.parent === undefined) declare(s.path, indent);
  if (graph.initial) lines.push(`${indent}[*] --> ${id(graph.initial)}`);
  lines.push(...edgeLines('', indent));
  const finals = [...graph.states.values()].filter((s) => s.type === 'final');
  for (const s of finals) if (s.parent === undefined) lines.push(`${indent}${id(s.path)} --> [*]`);
  return { lines, finals: finals.filter((s) => !s.deal).map((s) => id(s.path)), deals: [...graph.states.values()].filter((s) => s.deal).map((s) => id(s.path)) };
}

function classLines(finals: readonly string[], deals: readonly string[]): string[] {
  const lines = CLASS_DEFS.map((c) => `  ${c}`);
  if (finals.length > 0) lines.push(`  class ${finals.join(',')} final`);
  if (deals.length > 0) lines.push(`  class ${deals.join(',')} deal`);
  return lines;
}

/**
 * A track as a Mermaid `stateDiagram-v2`: nested states as composite states, final states as
 * transitions to [*] and class "final", `meta.deal` states in class "deal" (green), every edge
 * labelled "EVENT [guard] ← moves that send it".
 */
export function trackDiagramMermaid(model: TrackDiagramModel): string {
  const { lines, finals, deals } = trackStatements(model, '', '  ');
  return ['stateDiagram-v2', `  %% track ${model.track.id}: ${mermaidLabelText(model.track.label)}`, ...lines, ...classLines(finals, deals)].join('\n') + '\n';
}

/**
 * Several tracks as ONE Mermaid `stateDiagram-v2` (what mermaid.live and a ```mermaid block render):
 * each track a composite state labelled with its name, its states' ids prefixed with the track's id.
 */
export function tracksDiagramMermaid(models: readonly TrackDiagramModel[]): string {
  const out = ['stateDiagram-v2'];
  const finals: string[] = [];
  const deals: string[] = [];
  for (const model of models) {
    const t = model.track;
    const prefix = `${t.id}__`;
    const body = trackStatements(model, prefix, '    ');
    out.push(`  state "${mermaidLabelText(`${t.label} (track ${t.id})`)}" as ${prefix}track`, `  state ${prefix}track {`, ...body.lines, '  }');
    finals.push(...body.finals);
    deals.push(...body.deals);
  }
  return [...out, ...classLines(finals, deals)].join('\n') + '\n';
}
