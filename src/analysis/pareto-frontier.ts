import type { CompiledParty } from '../scenario/compiled-scenario.js';
import { utility } from '../engine/simulation.js';
import type { IssueDomain } from './offer-space.js';

/** A point in the two parties' utility space. */
export interface UtilityPoint {
  readonly host: number;
  readonly counterpart: number;
}

/** A Pareto-optimal package of terms and its utilities. */
export interface FrontierPoint extends UtilityPoint {
  readonly terms: Readonly<Record<string, number | string>>;
}

/** Utilities closer than this count as equal (a point this close to a better one is not dominated). */
const EPS = 1e-12;

/**
 * The Pareto frontier of the host and a counterpart over a grid of terms, sorted by the host's utility
 * (ascending; the counterpart's then descends).
 *
 * Utilities are weighted sums of per-issue worths, so a package's utility pair is the sum of its
 * issues' pairs, and the frontier of a sum of sets lies within the sum of their frontiers
 * (Pareto(A + B) is contained in Pareto(A) + Pareto(B)). Adding issues one at a time and pruning to
 * the frontier after each keeps the work near (frontier size x values per issue) instead of the whole
 * grid (15 million packages in the flagship); the result is exact for the grid.
 */
export function paretoFrontier(host: CompiledParty, counterpart: CompiledParty, space: readonly IssueDomain[]): FrontierPoint[] {
  // Layer k: the frontier of the partial sums over the first k issues, with back-pointers.
  type Layer = { a: number[]; b: number[]; parent: number[]; value: number[] };
  let layer: Layer = { a: [0], b: [0], parent: [-1], value: [-1] };
  const layers: Layer[] = [];
  for (const domain of space) {
    const steps = domain.values.map((v) => ({ a: utility(host, { [domain.issue]: v }), b: utility(counterpart, { [domain.issue]: v }) }));
    const own = pruneIndices(steps.map((s) => s.a), steps.map((s) => s.b));
    const ca: number[] = [];
    const cb: number[] = [];
    const cp: number[] = [];
    const cv: number[] = [];
    for (let j = 0; j < layer.a.length; j++) {
      for (const v of own) {
        ca.push(layer.a[j]! + steps[v]!.a);
        cb.push(layer.b[j]! + steps[v]!.b);
        cp.push(j);
        cv.push(v);
      }
    }
    const keep = pruneIndices(ca, cb);
    layers.push(layer);
    layer = { a: keep.map((i) => ca[i]!), b: keep.map((i) => cb[i]!), parent: keep.map((i) => cp[i]!), value: keep.map((i) => cv[i]!) };
  }
  layers.push(layer);
  const out: FrontierPoint[] = [];
  for (let i = 0; i < layer.a.length; i++) {
    const terms: Record<string, number | string> = {};
    let at = i;
    for (let k = space.length; k > 0; k--) {
      const l = layers[k]!;
      terms[space[k - 1]!.issue] = space[k - 1]!.values[l.value[at]!]!;
      at = l.parent[at]!;
    }
    out.push({ host: layer.a[i]!, counterpart: layer.b[i]!, terms: ordered(terms, space) });
  }
  return out.sort((p, q) => p.host - q.host);
}

/** Indices of the non-dominated points (ties: the first one), in descending order of a. */
function pruneIndices(a: readonly number[], b: readonly number[]): number[] {
  const order = a.map((_, i) => i).sort((i, j) => a[j]! - a[i]! || b[j]! - b[i]! || i - j);
  const keep: number[] = [];
  let best = -Infinity;
  for (const i of order) {
    if (b[i]! > best + EPS) {
      // A kept point with (nearly) the same a and a lower b is dominated by this one: rounding put it first.
      while (keep.length > 0 && a[keep[keep.length - 1]!]! - a[i]! <= EPS) keep.pop();
      keep.push(i);
      best = b[i]!;
    }
  }
  return keep;
}

function ordered(terms: Record<string, number | string>, space: readonly IssueDomain[]): Record<string, number | string> {
  return Object.fromEntries(space.map((d) => [d.issue, terms[d.issue]!]));
}

/**
 * The Nash bargaining solution on the frontier: the point that maximises the product of both sides'
 * gains over their disagreement point (reservation values). Undefined when no point gives both sides
 * at least their reservation value (no zone of agreement).
 */
export function nashPoint(frontier: readonly FrontierPoint[], disagreement: UtilityPoint): FrontierPoint | undefined {
  let best: FrontierPoint | undefined;
  let bestProduct = -Infinity;
  for (const p of frontier) {
    const gh = p.host - disagreement.host;
    const gc = p.counterpart - disagreement.counterpart;
    if (gh < -EPS || gc < -EPS) continue;
    const product = Math.max(0, gh) * Math.max(0, gc);
    if (product > bestProduct + EPS) {
      bestProduct = product;
      best = p;
    }
  }
  return best;
}

/** How far a deal is from the frontier. */
export interface FrontierDistance {
  /** Euclidean distance in utility space to the nearest frontier point (0 on the frontier). */
  readonly distance: number;
  /** The most both sides could gain at once by moving to a frontier point (0 when nothing dominates the deal). */
  readonly jointGain: number;
}

export function distanceToFrontier(point: UtilityPoint, frontier: readonly FrontierPoint[]): FrontierDistance {
  let distance = Infinity;
  let jointGain = 0;
  for (const p of frontier) {
    const dh = p.host - point.host;
    const dc = p.counterpart - point.counterpart;
    distance = Math.min(distance, Math.hypot(dh, dc));
    jointGain = Math.max(jointGain, Math.min(dh, dc));
  }
  return { distance: distance < 1e-9 ? 0 : distance, jointGain: jointGain < 1e-9 ? 0 : jointGain };
}
