import type { TrackDiagramModel, DiagramEdge } from './track-diagram-model.js';

/** A Mermaid state id for a state path: safe in every Mermaid version ("s_talks", "s_review__legal"). */
function id(path: string): string {
  return `s_${path.replace(/\./g, '__')}`;
}

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

export function edgeLabel(e: DiagramEdge): string {
  let label = e.event;
  if (e.guard !== undefined) label += ` [${e.guard}]`;
  if (e.senders.length > 0) label += ` ← ${e.senders.join(', ')}`;
  return mermaidLabelText(label);
}

/**
 * A track as a Mermaid `stateDiagram-v2`: nested states as composite states, final states as
 * transitions to [*] and class "final", `meta.deal` states in class "deal" (green), every edge
 * labelled "EVENT [guard] ← moves that send it".
 */
export function trackDiagramMermaid(model: TrackDiagramModel): string {
  const { graph } = model;
  const lines: string[] = ['stateDiagram-v2', `  %% track ${model.track.id}: ${mermaidLabelText(model.track.label)}`];
  const top = [...graph.states.values()].filter((s) => s.parent === undefined);
  const declare = (path: string, indent: string): void => {
    const s = graph.states.get(path)!;
    const name = s.stage !== undefined ? `${s.name} (stage ${s.stage})` : s.name;
    lines.push(`${indent}state "${mermaidLabelText(name)}" as ${id(path)}`);
    if (s.children.length > 0) {
      lines.push(`${indent}state ${id(path)} {`);
      if (s.type === 'parallel') {
        s.children.forEach((c, i) => {
          if (i > 0) lines.push(`${indent}  --`);
          declare(c, indent + '  ');
        });
      } else {
        if (s.initial) lines.push(`${indent}  [*] --> ${id(s.initial)}`);
        for (const c of s.children) declare(c, indent + '  ');
      }
      lines.push(`${indent}}`);
    }
  };
  for (const s of top) declare(s.path, '  ');
  if (graph.initial) lines.push(`  [*] --> ${id(graph.initial)}`);
  for (const e of model.edges) lines.push(`  ${id(e.source)} --> ${id(e.target ?? e.source)} : ${edgeLabel(e)}`);
  const finals = [...graph.states.values()].filter((s) => s.type === 'final');
  for (const s of finals) if (s.parent === undefined) lines.push(`  ${id(s.path)} --> [*]`);
  const deals = [...graph.states.values()].filter((s) => s.deal);
  lines.push('  classDef deal fill:#c8f7c5,stroke:#1b7f3b,stroke-width:3px,color:#0b3d1a');
  lines.push('  classDef final stroke-width:3px');
  const plainFinals = finals.filter((s) => !s.deal);
  if (plainFinals.length > 0) lines.push(`  class ${plainFinals.map((s) => id(s.path)).join(',')} final`);
  if (deals.length > 0) lines.push(`  class ${deals.map((s) => id(s.path)).join(',')} deal`);
  return lines.join('\n') + '\n';
}
