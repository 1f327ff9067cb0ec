import type { TrackDiagramModel } from './track-diagram-model.js';

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/**
 * A track as a Graphviz `digraph`: compound states as clusters, final states as double circles,
 * `meta.deal` states filled green, edges labelled with the event, the guard and the moves that send
 * the event, one per line. Render with `dot -Tsvg`.
 */
export function trackDiagramDot(model: TrackDiagramModel): string {
  const { graph, track } = model;
  const node = (path: string) => quote(`${track.id}.${path}`);
  /** Edges to or from a compound state attach to its initial (or first) leaf, clipped at the cluster. */
  const anchor = (path: string): string => {
    let s = graph.states.get(path)!;
    while (s.children.length > 0) s = graph.states.get(s.initial ?? s.children[0]!)!;
    return s.path;
  };
  const cluster = (path: string) => quote(`cluster_${path}`);
  const lines = [
    `digraph ${quote(track.id)} {`,
    `  label=${quote(`${track.label} (track ${track.id})`)}; labelloc=t; fontname="Helvetica";`,
    '  compound=true; rankdir=LR;',
    '  node [shape=box, style=rounded, fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
    `  ${quote(`${track.id}.__start`)} [shape=point, width=0.15, label=""];`,
  ];
  const declare = (path: string, indent: string): void => {
    const s = graph.states.get(path)!;
    const name = s.stage !== undefined ? `${s.name}\nstage ${s.stage}` : s.name;
    if (s.children.length > 0) {
      lines.push(`${indent}subgraph ${cluster(path)} {`, `${indent}  label=${quote(name)}; style=${s.type === 'parallel' ? 'dashed' : 'rounded'};`);
      for (const c of s.children) declare(c, indent + '  ');
      lines.push(`${indent}}`);
      return;
    }
    const attrs = [`label=${quote(name)}`];
    if (s.type === 'final') attrs.push('shape=doublecircle');
    if (s.deal) attrs.push('style=filled', 'fillcolor="#c8f7c5"', 'color="#1b7f3b"', 'penwidth=2');
    else if (s.type === 'final') attrs.push('style=solid');
    lines.push(`${indent}${node(path)} [${attrs.join(', ')}];`);
  };
  for (const s of graph.states.values()) if (s.parent === undefined) declare(s.path, '  ');
  if (graph.initial) lines.push(`  ${quote(`${track.id}.__start`)} -> ${node(anchor(graph.initial))};`);
  for (const e of model.edges) {
    const target = e.target ?? e.source;
    const label = [e.event, e.guard !== undefined ? `[${e.guard}]` : undefined, e.senders.length > 0 ? `← ${e.senders.join(', ')}` : undefined]
      .filter((x) => x !== undefined)
      .join('\n');
    const attrs = [`label=${quote(label)}`];
    const source = graph.states.get(e.source)!;
    const dest = graph.states.get(target)!;
    if (source.children.length > 0) attrs.push(`ltail=${cluster(source.path)}`);
    if (dest.children.length > 0 && target !== e.source) attrs.push(`lhead=${cluster(dest.path)}`);
    if (e.target === undefined) attrs.push('style=dashed');
    lines.push(`  ${node(anchor(e.source))} -> ${node(anchor(target))} [${attrs.join(', ')}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
