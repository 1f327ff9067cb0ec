import type { RunColumns } from '../../montecarlo/run-columns.js';
import { wilsonInterval, Z95 } from '../../montecarlo/wilson-interval.js';
import { spearman } from '../../analysis/rank-correlation.js';

/**
 * The figures the explorer's panels show, computed from the columnar runs and a mask of the rows
 * kept by the conditions. Rows are in runs.csv order: run by run, each run under every arm in arm
 * order, so row r belongs to arm r % arms and run index floor(r / arms) of the rows held.
 */

/** An outcome probability with its 95% Wilson interval. */
export interface Proportion {
  readonly k: number;
  readonly n: number;
  readonly p: number;
  readonly lo: number;
  readonly hi: number;
}

export function proportion(k: number, n: number): Proportion {
  const ci = wilsonInterval(k, n);
  return { k, n, p: ci.p, lo: ci.lo, hi: ci.hi };
}

/** Per arm: rows held, rows kept, and each outcome's count among the kept rows (outcome ids in `outcomes` order). */
export interface OutcomeTable {
  readonly arms: readonly { readonly rows: number; readonly kept: number; readonly counts: readonly number[] }[];
}

export function outcomeTable(store: RunColumns, mask: Uint8Array, arms: number, outcomes: readonly string[]): OutcomeTable {
  const { codes, values } = store.text('outcome');
  // Code -> position in `outcomes` (unknown outcomes count in no row of the table).
  const slot = new Int32Array(values.length).fill(-1);
  values.forEach((v, c) => (slot[c] = outcomes.indexOf(v)));
  const O = outcomes.length;
  const counts = new Float64Array(arms * O);
  const rows = new Float64Array(arms);
  const kept = new Float64Array(arms);
  const n = store.length;
  for (let r = 0, a = 0; r < n; r++, a = a + 1 === arms ? 0 : a + 1) {
    rows[a]!++;
    if (mask[r] === 0) continue;
    kept[a]!++;
    const s = slot[codes[r]!]!;
    if (s >= 0) counts[a * O + s]!++;
  }
  return { arms: Array.from({ length: arms }, (_, a) => ({ rows: rows[a]!, kept: kept[a]!, counts: Array.from(counts.subarray(a * O, a * O + O)) })) };
}

/** A paired difference of an outcome's probability (arm minus baseline) on the runs both kept. */
export interface PairedDifference {
  readonly n: number;
  readonly diff: number;
  readonly se: number;
  readonly lo: number;
  readonly hi: number;
}

/**
 * Arm `a` minus arm `b` on the same runs (same seed and run index): the mean and standard error of
 * the per-run differences of the outcome's indicator, as summary.json's versusFirst computes them,
 * over the run indices where both rows are kept. NaN figures when fewer than two runs pair.
 */
export function pairedDifference(store: RunColumns, mask: Uint8Array, arms: number, a: number, b: number, outcome: string): PairedDifference {
  const { codes } = store.text('outcome');
  const code = store.code('outcome', outcome);
  const runs = Math.floor(store.length / arms);
  let n = 0;
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < runs; i++) {
    const ra = i * arms + a;
    const rb = i * arms + b;
    if (mask[ra] === 0 || mask[rb] === 0) continue;
    n++;
    const d = (codes[ra] === code ? 1 : 0) - (codes[rb] === code ? 1 : 0);
    sum += d;
    sq += d * d;
  }
  const diff = sum / n;
  const variance = n > 1 ? (n * sq - sum * sum) / (n * (n - 1)) : NaN;
  const se = Math.sqrt(Math.max(0, variance) / n);
  return { n, diff, se, lo: diff - Z95 * se, hi: diff + Z95 * se };
}

/**
 * The path of one run through the tracks: each track's sequence of states (runs.csv's
 * `<track>_path` columns), or only each track's final state for a runs.csv written before paths
 * were recorded.
 */
export interface TrackPath {
  /** "china: talks > mou > signed · us: talks > walkedAway" */
  readonly label: string;
  /** The label of the tracks whose path differs among the paths listed (every track when one path is). */
  readonly distinct: string;
  /** Per track, in the scenario's order: its id and the states it went through ("talks > mou > signed"). */
  readonly tracks: readonly { readonly track: string; readonly path: string }[];
  readonly count: number;
  /** count among the outcome's rows, with its 95% Wilson interval. */
  readonly share: Proportion;
  /** The first rows (in run order) on this path. */
  readonly rows: readonly number[];
}

/**
 * The most frequent track paths (the combination of every track's path) among the kept rows of one
 * arm with one outcome, most frequent first (ties in order of first appearance), each with its
 * first `samples` rows. `total` is the number of such rows; `finalStatesOnly` says the rows hold no
 * path columns, so a path is each track's final state. Counts are exact: every kept row is tallied.
 */
export function topPaths(
  store: RunColumns,
  mask: Uint8Array,
  arms: number,
  arm: number,
  outcome: string,
  tracks: readonly string[],
  limit: number,
  samples: number,
): { readonly total: number; readonly paths: readonly TrackPath[]; readonly finalStatesOnly: boolean; readonly same: readonly string[] } {
  const { codes } = store.text('outcome');
  const code = store.code('outcome', outcome);
  const role = store.paths ? 'path' : 'track';
  const trackColumns = store.columns.map((c, i) => (c.role === role ? i : -1)).filter((i) => i >= 0);
  const trackCodes = trackColumns.map((i) => store.text(i));
  const groups = new Map<string, { count: number; rows: number[] }>();
  let total = 0;
  for (let r = arm; r < store.length; r += arms) {
    if (mask[r] === 0 || codes[r] !== code) continue;
    total++;
    let key = '';
    for (const t of trackCodes) key += t.codes[r]! + ',';
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { count: 0, rows: [] }));
    g.count++;
    if (g.rows.length < samples) g.rows.push(r);
  }
  const top = [...groups.values()].sort((x, y) => y.count - x.count || x.rows[0]! - y.rows[0]!).slice(0, limit);
  // Tracks that took the same path in every listed path say nothing about how the paths differ.
  const varies = trackCodes.map((t) => top.length <= 1 || top.some((g) => t.codes[g.rows[0]!] !== t.codes[top[0]!.rows[0]!]));
  const names = trackCodes.map((_, i) => tracks[i] ?? store.columns[trackColumns[i]!]!.source);
  const paths = top.map((g): TrackPath => {
    const parts = trackCodes.map((t, i) => ({ track: names[i]!, path: t.values[t.codes[g.rows[0]!]!]! }));
    const text = (p: { track: string; path: string }) => `${p.track}: ${p.path}`;
    return { count: g.count, share: proportion(g.count, total), rows: g.rows, tracks: parts, label: parts.map(text).join(' · '), distinct: parts.filter((_, i) => varies[i]).map(text).join(' · ') };
  });
  return { total, paths, finalStatesOnly: !store.paths, same: names.filter((_, i) => !varies[i]) };
}

/** Quantiles, mean and a histogram of one number column over an arm's kept rows (empty cells left out). */
export interface ColumnDistribution {
  readonly n: number;
  readonly missing: number;
  readonly mean: number;
  readonly min: number;
  readonly p5: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p95: number;
  readonly max: number;
}

/** Type 7 quantile (R's default, pandas') of sorted values. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Each arm's distribution of a number column over its kept rows, and a histogram with `bins` bins over the common range. */
export function columnDistributions(store: RunColumns, mask: Uint8Array, arms: number, column: string, bins: number): { readonly arms: readonly ColumnDistribution[]; readonly histograms: readonly number[][]; readonly lo: number; readonly hi: number } {
  const values = store.numbers(column);
  const per: Float64Array[] = [];
  const missing: number[] = [];
  for (let a = 0; a < arms; a++) {
    let k = 0;
    let miss = 0;
    const out = new Float64Array(Math.ceil(store.length / arms));
    for (let r = a; r < store.length; r += arms) {
      if (mask[r] === 0) continue;
      const v = values[r]!;
      if (Number.isNaN(v)) miss++;
      else out[k++] = v;
    }
    per.push(out.subarray(0, k).sort());
    missing.push(miss);
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of per) {
    if (s.length === 0) continue;
    lo = Math.min(lo, s[0]!);
    hi = Math.max(hi, s[s.length - 1]!);
  }
  const width = hi > lo ? (hi - lo) / bins : 1;
  const histograms = per.map((s) => {
    const h = new Array<number>(bins).fill(0);
    for (let i = 0; i < s.length; i++) h[Math.min(bins - 1, Math.max(0, Math.floor((s[i]! - lo) / width)))]!++;
    return h;
  });
  return {
    arms: per.map((s, a) => {
      let sum = 0;
      for (let i = 0; i < s.length; i++) sum += s[i]!;
      return { n: s.length, missing: missing[a]!, mean: sum / s.length, min: s[0] ?? NaN, p5: quantileSorted(s, 0.05), p25: quantileSorted(s, 0.25), p50: quantileSorted(s, 0.5), p75: quantileSorted(s, 0.75), p95: quantileSorted(s, 0.95), max: s[s.length - 1] ?? NaN };
    }),
    histograms,
    lo,
    hi,
  };
}

/** Rows read at most to place a column's thirds (an even sample: the cut points are a preset, the condition they make is exact). */
export const TERTILE_SAMPLE = 20_000;

/**
 * The cut points of a column's thirds (type 7 quantiles 1/3 and 2/3, empty cells left out), its
 * minimum and maximum, over an even sample of at most TERTILE_SAMPLE of the rows held.
 */
export function tertiles(store: RunColumns, column: string): { readonly low: number; readonly high: number; readonly min: number; readonly max: number } {
  const all = store.numbers(column);
  const step = Math.max(1, store.length / TERTILE_SAMPLE);
  const sample: number[] = [];
  for (let i = 0; i < store.length; i += step) {
    const v = all[Math.floor(i)]!;
    if (!Number.isNaN(v)) sample.push(v);
  }
  const values = Float64Array.from(sample).sort();
  return { low: quantileSorted(values, 1 / 3), high: quantileSorted(values, 2 / 3), min: values[0] ?? NaN, max: values[values.length - 1] ?? NaN };
}

/** One bar of the tornado: the outcome's probability when the parameter is in its low and in its high third. */
export interface TornadoBar {
  readonly parameter: string;
  readonly low: Proportion;
  readonly high: Proportion;
  /** high.p - low.p */
  readonly swing: number;
}

/**
 * For each parameter column, P(outcome) for one arm over the kept rows whose parameter value is in
 * the parameter's low third and in its high third (cut points from `tertiles`), ordered by the
 * size of the swing. Counts are exact: every bar can be reproduced by conditioning on that third.
 * Parameters that do not vary (fixed) are left out.
 */
export function outcomeTornado(store: RunColumns, mask: Uint8Array, arms: number, arm: number, outcome: string): TornadoBar[] {
  const { codes } = store.text('outcome');
  const code = store.code('outcome', outcome);
  const bars: TornadoBar[] = [];
  for (const c of store.columns) {
    if (c.role !== 'parameter') continue;
    const values = store.numbers(c.name);
    const { low, high } = tertiles(store, c.name);
    if (!(high > low)) continue;
    let nl = 0;
    let kl = 0;
    let nh = 0;
    let kh = 0;
    for (let r = arm; r < store.length; r += arms) {
      if (mask[r] === 0) continue;
      const v = values[r]!;
      const hit = codes[r] === code ? 1 : 0;
      if (v <= low) {
        nl++;
        kl += hit;
      } else if (v >= high) {
        nh++;
        kh += hit;
      }
    }
    const lowP = proportion(kl, nl);
    const highP = proportion(kh, nh);
    bars.push({ parameter: c.name, low: lowP, high: highP, swing: highP.p - lowP.p });
  }
  return bars.sort((x, y) => Math.abs(y.swing || 0) - Math.abs(x.swing || 0));
}

/** Rows used for rank correlations at most: a sort per parameter over 10^6 rows would take seconds. */
export const RANK_SAMPLE = 10_000;

/**
 * Spearman's rho of each parameter with the outcome's indicator (1 when the run ended in it) for
 * one arm over its kept rows, evenly thinned to at most RANK_SAMPLE rows; ordered by |rho|.
 */
export function rankDrivers(store: RunColumns, mask: Uint8Array, arms: number, arm: number, outcome: string): { readonly rows: number; readonly drivers: readonly { readonly parameter: string; readonly rho: number | null; readonly lo: number | null; readonly hi: number | null }[] } {
  const { codes } = store.text('outcome');
  const code = store.code('outcome', outcome);
  const kept: number[] = [];
  for (let r = arm; r < store.length; r += arms) if (mask[r] !== 0) kept.push(r);
  const step = Math.max(1, kept.length / RANK_SAMPLE);
  const rows: number[] = [];
  for (let i = 0; i < kept.length && rows.length < RANK_SAMPLE; i += step) rows.push(kept[Math.floor(i)]!);
  const y = rows.map((r) => (codes[r] === code ? 1 : 0));
  const drivers = store.columns
    .filter((c) => c.role === 'parameter')
    .map((c) => {
      const v = store.numbers(c.name);
      return { parameter: c.name, ...spearman(rows.map((r) => v[r]!), y) };
    })
    .filter((d) => d.rho !== null)
    .sort((a, b) => Math.abs(b.rho!) - Math.abs(a.rho!));
  return { rows: rows.length, drivers };
}
