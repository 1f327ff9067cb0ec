import type { TrackDiagramModel } from './track-diagram-model.js';

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

const GRAPH_ATTRIBUTES = ['  compound=true; rankdir=LR;', '  node [shape=box, style=rounded, fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];

/**
 * A track's nodes, clusters and edges as dot statements. Node ids are "<track>.<state path>" and
 * cluster ids "cluster_<track>.<state path>", so several tracks can share one graph.
 */
function trackStatements(model: TrackDiagramModel, indent: string): string[] {
  const { graph, track } = model;
  const node = (path: string) => quote(`${track.id}.${path}`);
  /** Edges to or from a compound state attach to its initial (or first) leaf, clipped at the cluster. */
  const anchor = (path: string): string => {
    let s = graph.states.get(path)!;
    while (s.children.length > 0) s = graph.states.get(s.initial ?? s.children[0]!)!;
    return s.path;
  };
  const cluster = (path: string) => quote(`cluster_${track.id}.${path}`);
  const lines = [`${indent}${quote(`${track.id}.__start`)} [shape=point, width=0.15, label=""];`];
  const declare = (path: string, at: string): void => {
    const s = graph.states.get(path)!;
    const name = s.stage !== undefined ? `${s.name}\nstage ${s.stage}` : s.name;
    if (s.children.length > 0) {
      lines.push(`${at}subgraph ${cluster(path)} {`, `${at}  label=${quote(name)}; style=${s.type === 'parallel' ? 'dashed' : 'rounded'};`);
      for (const c of s.children) declare(c, at + '  ');
      lines.push(`${at}}`);
      return;
    }
    const attrs = [`label=${quote(name)}`];
    if (s.type === 'final') attrs.push('shape=doublecircle');
    if (s.deal) attrs.push('style=filled', 'fillcolor="#c8f7c5"', 'color="#1b7f3b"', 'penwidth=2');
    else if (s.type === 'final') attrs.push('style=solid');
    lines.push(`${at}${node(path)} [${attrs.join(', ')}];`);
  };
  for (const s of graph.states.values()) if (s.parent === undefined) declare(s.path, indent);
  if (graph.initial) lines.push(`${indent}${quote(`${track.id}.__start`)} -> ${node(anchor(graph.initial))};`);
  for (const e of model.edges) {
    const target = e.target ?? e.source;
    const label = [e.event, e.guardLines !== undefined ? `[${e.guardLines.join('\n')}]` : undefined, e.senders.length > 0 ? `← ${e.senders.join(', ')}` : undefined]
      .filter((x) => x !== undefined)
      .join('\n');
    const attrs = [`label=${quote(label)}`];
    const source = graph.states.get(e.source)!;
    const dest = graph.states.get(target)!;
    // Clipping at a cluster that holds the other end is what Graphviz refuses ("head is inside tail cluster").
    const inside = (a: string, b: string) => a === b || a.startsWith(`${b}.`);
    if (source.children.length > 0 && !inside(target, e.source)) attrs.push(`ltail=${cluster(source.path)}`);
    if (dest.children.length > 0 && !inside(e.source, target)) attrs.push(`lhead=${cluster(dest.path)}`);
    if (e.target === undefined) attrs.push('style=dashed');
    lines.push(`${indent}${node(anchor(e.source))} -> ${node(anchor(target))} [${attrs.join(', ')}];`);
  }
  return lines;
}

/**
 * A track as a Graphviz `digraph`: compound states as clusters, final states as double circles,
 * `meta.deal` states filled green, edges labelled with the event, the guard (over several lines when
 * long) and the moves that send the event. Render with `dot -Tsvg`.
 */
export function trackDiagramDot(model: TrackDiagramModel): string {
  const { track } = model;
  const lines = [
    `digraph ${quote(track.id)} {`,
    `  label=${quote(`${track.label} (track ${track.id})`)}; labelloc=t; fontname="Helvetica";`,
    ...GRAPH_ATTRIBUTES,
    ...trackStatements(model, '  '),
    '}',
  ];
  return lines.join('\n') + '\n';
}

/** Several tracks as ONE `digraph` (one picture from `dot -Tsvg`): a cluster per track, labelled with its name. */
export function tracksDiagramDot(name: string, title: string, models: readonly TrackDiagramModel[]): string {
  const lines = [`digraph ${quote(name)} {`, `  label=${quote(title)}; labelloc=t; fontname="Helvetica";`, ...GRAPH_ATTRIBUTES];
  for (const model of models) {
    const t = model.track;
    lines.push(`  subgraph ${quote(`cluster_track_${t.id}`)} {`, `    label=${quote(`${t.label} (track ${t.id})`)}; style=bold; color="#888888";`, ...trackStatements(model, '    '), '  }');
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
