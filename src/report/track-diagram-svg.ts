import type { TrackDiagramModel } from './track-diagram-model.js';
import { escapeHtml } from './escape-html.js';

export interface TrackDiagramSvgOptions {
  /** Share of runs that ended in each state (by state path), shown under the state's name. */
  readonly ended?: ReadonlyMap<string, number>;
}

const NODE_HEIGHT = 38;
const LAYER_GAP = 60;
const ROW_GAP = 22;
const CHAR_WIDTH = 7.2;
const MARGIN = 24;

interface Node {
  readonly path: string;
  readonly label: string;
  readonly sub?: string;
  readonly kind: 'atomic' | 'compound' | 'final' | 'deal';
  layer: number;
  order: number;
  x: number;
  y: number;
  w: number;
}

/**
 * A track's machine as an inline SVG, laid out in layers from the initial state (left to right):
 * each state sits one layer after the first state that reaches it (breadth first), states in a layer
 * are ordered by the mean position of their predecessors (one barycentre pass), edges are curves
 * labelled with their event (the guard and the moves that send it in a tooltip). A compound state is
 * a dashed box with a dotted edge to its initial child; its own edges apply in any child. Deal states
 * are green, final states have a double border. All text is escaped.
 */
export function trackDiagramSvg(model: TrackDiagramModel, options: TrackDiagramSvgOptions = {}): string {
  const { graph } = model;
  const nodes = new Map<string, Node>();
  for (const s of graph.states.values()) {
    if (s.type === 'history') continue;
    const share = options.ended?.get(s.path);
    const label = s.stage !== undefined ? `${s.name} · stage ${s.stage}` : s.name;
    nodes.set(s.path, {
      path: s.path,
      label,
      sub: share !== undefined && share > 0 ? `ends here in ${(100 * share).toFixed(share < 0.01 ? 1 : 0)}%` : undefined,
      kind: s.deal ? 'deal' : s.type === 'final' ? 'final' : s.children.length > 0 ? 'compound' : 'atomic',
      layer: -1,
      order: 0,
      x: 0,
      y: 0,
      w: 0,
    });
  }
  // Edges between drawn states: transitions, and compound -> initial child.
  type Edge = { from: string; to: string; label: string; title: string; kind: 'transition' | 'initial' };
  const edges: Edge[] = [];
  for (const s of graph.states.values()) if (s.initial && nodes.has(s.path) && nodes.has(s.initial)) edges.push({ from: s.path, to: s.initial, label: '', title: 'initial state', kind: 'initial' });
  for (const e of model.edges) {
    const to = e.target ?? e.source;
    if (!nodes.has(e.source) || !nodes.has(to)) continue;
    const title = `${e.event}${e.guard !== undefined ? ` [${e.guard}]` : ''}${e.senders.length > 0 ? ` ← ${e.senders.join(', ')}` : ''}`;
    // Transitions between the same two states share one line, labelled with every event.
    const same = edges.find((x) => x.kind === 'transition' && x.from === e.source && x.to === to);
    if (same) {
      if (!same.label.split(', ').includes(e.event)) same.label += `, ${e.event}`;
      same.title += `\n${title}`;
    } else edges.push({ from: e.source, to, label: e.event, title, kind: 'transition' });
  }
  // Layers: breadth first from the initial state; unreached states after the last layer.
  const start = graph.initial && nodes.has(graph.initial) ? graph.initial : [...nodes.keys()][0];
  const queue: string[] = [];
  if (start !== undefined) {
    nodes.get(start)!.layer = 0;
    queue.push(start);
  }
  while (queue.length > 0) {
    const at = queue.shift()!;
    for (const e of edges) {
      if (e.from !== at) continue;
      const n = nodes.get(e.to)!;
      if (n.layer < 0) {
        n.layer = nodes.get(at)!.layer + 1;
        queue.push(e.to);
      }
    }
  }
  const maxLayer = Math.max(0, ...[...nodes.values()].map((n) => n.layer));
  for (const n of nodes.values()) if (n.layer < 0) n.layer = maxLayer + 1;
  const layers: Node[][] = [];
  for (const n of nodes.values()) (layers[n.layer] ??= []).push(n);
  for (let l = 0; l < layers.length; l++) {
    const layer = (layers[l] ??= []);
    layer.forEach((n, i) => (n.order = i));
    if (l === 0) continue;
    const bary = (n: Node) => {
      const preds = edges.filter((e) => e.to === n.path && nodes.get(e.from)!.layer < l).map((e) => nodes.get(e.from)!.order);
      return preds.length > 0 ? preds.reduce((a, b) => a + b, 0) / preds.length : n.order;
    };
    const keyed = layer.map((n) => ({ n, k: bary(n) }));
    keyed.sort((a, b) => a.k - b.k || a.n.order - b.n.order);
    layers[l] = keyed.map((x) => x.n);
    layers[l]!.forEach((n, i) => (n.order = i));
  }
  // Coordinates.
  let x = MARGIN;
  let height = 0;
  for (const layer of layers) {
    const width = Math.max(90, ...layer.map((n) => Math.max(n.label.length, (n.sub ?? '').length * 0.85) * CHAR_WIDTH + 24));
    layer.forEach((n, i) => {
      n.w = width;
      n.x = x;
      n.y = MARGIN + 18 + i * (NODE_HEIGHT + ROW_GAP);
    });
    height = Math.max(height, MARGIN + 18 + layer.length * (NODE_HEIGHT + ROW_GAP));
    x += width + LAYER_GAP;
  }
  const width = x - LAYER_GAP + MARGIN;
  height += MARGIN + 20;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="track-diagram" style="max-width:100%;height:auto" width="${Math.ceil(width)}" height="${Math.ceil(height)}" viewBox="0 0 ${Math.ceil(width)} ${Math.ceil(height)}" role="img" aria-label="${escapeHtml(`State machine of track ${model.track.label}`)}">`,
  );
  out.push(
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>',
  );
  // Edges first, so nodes cover their ends.
  const loops = new Map<string, number>();
  const rowsBottom = Math.max(...[...nodes.values()].map((n) => n.y + NODE_HEIGHT)) + 8;
  let lanes = 0;
  for (const e of edges) {
    const a = nodes.get(e.from)!;
    const b = nodes.get(e.to)!;
    let d: string;
    let lx: number;
    let ly: number;
    let anchor = 'middle';
    if (a === b) {
      const k = loops.get(a.path) ?? 0;
      loops.set(a.path, k + 1);
      const cx = a.x + a.w / 2;
      const r = 14 + 6 * k;
      d = `M ${cx - 10} ${a.y} C ${cx - 20} ${a.y - r * 1.6}, ${cx + 20} ${a.y - r * 1.6}, ${cx + 10} ${a.y}`;
      lx = cx;
      ly = a.y - r * 1.25;
    } else if (b.layer > a.layer) {
      const x1 = a.x + a.w;
      const y1 = a.y + NODE_HEIGHT / 2;
      const x2 = b.x;
      const y2 = b.y + NODE_HEIGHT / 2;
      const mx = (x1 + x2) / 2;
      d = `M ${x1} ${y1} C ${mx} ${y1}, ${mx} ${y2}, ${x2} ${y2}`;
      lx = x1 + (x2 - x1) * 0.5;
      ly = (y1 + y2) / 2 - 4;
    } else {
      // Backwards or within a layer: out of the source's side into the gap beside it, down to a lane
      // of its own below every state, across, and up the gap beside the target: gaps hold no states.
      const lane = (lanes += 1);
      const gapOut = b.layer === a.layer ? a.x + a.w + 14 + 5 * (lane % 4) : a.x - 14 - 5 * (lane % 4);
      const gapIn = b.x + b.w + 14 + 5 * (lane % 4);
      const y1 = a.y + NODE_HEIGHT / 2;
      const y2 = b.y + NODE_HEIGHT / 2;
      const x1 = b.layer === a.layer ? a.x + a.w : a.x;
      if (b.layer === a.layer) {
        d = `M ${x1} ${y1} H ${gapOut} V ${y2} H ${b.x + b.w}`;
        lx = gapOut + 4;
        ly = (y1 + y2) / 2 + 3;
        anchor = 'start';
      } else {
        const yl = rowsBottom + 12 * lane;
        d = `M ${x1} ${y1} H ${gapOut} V ${yl} H ${gapIn} V ${y2} H ${b.x + b.w}`;
        lx = (gapOut + gapIn) / 2;
        ly = yl - 3;
        height = Math.max(height, yl + MARGIN);
      }
    }
    out.push(
      `<g class="edge ${e.kind}"><title>${escapeHtml(e.title)}</title><path d="${d}" fill="none" stroke="${e.kind === 'initial' ? '#999' : '#555'}" stroke-width="1.2"${e.kind === 'initial' ? ' stroke-dasharray="2 3"' : ''} marker-end="url(#arrow)"/>` +
        (e.label ? `<text x="${lx.toFixed(1)}" y="${ly.toFixed(1)}" text-anchor="${anchor}" class="edge-label">${escapeHtml(e.label)}</text>` : '') +
        '</g>',
    );
  }
  for (const n of nodes.values()) {
    const fill = n.kind === 'deal' ? '#c8f7c5' : n.kind === 'compound' ? '#f7f7fb' : '#ffffff';
    const stroke = n.kind === 'deal' ? '#1b7f3b' : '#334';
    const dash = n.kind === 'compound' ? ' stroke-dasharray="5 3"' : '';
    const strokeWidth = n.kind === 'final' || n.kind === 'deal' ? 2.5 : 1.3;
    out.push(`<g class="state ${n.kind}"><title>${escapeHtml(n.path)}</title>`);
    out.push(`<rect x="${n.x}" y="${n.y}" width="${n.w.toFixed(1)}" height="${NODE_HEIGHT}" rx="8" fill="${fill}" stroke="${stroke}" stroke-width="${strokeWidth}"${dash}/>`);
    if (n.kind === 'final' || n.kind === 'deal') out.push(`<rect x="${n.x + 3}" y="${n.y + 3}" width="${(n.w - 6).toFixed(1)}" height="${NODE_HEIGHT - 6}" rx="6" fill="none" stroke="${stroke}" stroke-width="0.8"/>`);
    const cx = n.x + n.w / 2;
    out.push(`<text x="${cx.toFixed(1)}" y="${n.y + (n.sub ? 16 : 23)}" text-anchor="middle" class="state-label">${escapeHtml(n.label)}</text>`);
    if (n.sub) out.push(`<text x="${cx.toFixed(1)}" y="${n.y + 30}" text-anchor="middle" class="state-sub">${escapeHtml(n.sub)}</text>`);
    out.push('</g>');
  }
  out.push('</svg>');
  // The height may have grown for arcs below the lowest row.
  return out.join('\n').replace(/height="\d+" viewBox="0 0 (\d+) \d+"/, (_m, w: string) => `height="${Math.ceil(height)}" viewBox="0 0 ${w} ${Math.ceil(height)}"`);
}
