import { NumberCounts } from './number-counts.js';

/**
 * Quantiles of a stream, mergeable in any order with the same result.
 *
 * While a metric takes at most `exactLimit` distinct values (prices on a 10k grid, whole months...),
 * it keeps every value's count and answers exactly, with the same definition as R's default type 7
 * and pandas' `quantile()` (linear between order statistics). Past that it switches, for good, to
 * logarithmic buckets of relative width `relativeAccuracy` (DDSketch's mapping): a value's bucket is a
 * function of the value alone, so counts merge by addition and the state after any split and merge
 * order is the same. Answers then lie within `relativeAccuracy` of an order statistic, clamped to the
 * observed min and max. Memory is bounded by the number of distinct values or buckets, not by runs.
 *
 * (t-digest and most sketch libraries merge in an order-dependent way; byte-identical results across
 * worker counts need this property, hence a small sketch of our own.)
 */
export class QuantileSketch {
  static readonly exactLimit = 2048;
  static readonly relativeAccuracy = 0.001;
  private static readonly gamma = (1 + QuantileSketch.relativeAccuracy) / (1 - QuantileSketch.relativeAccuracy);
  private static readonly logGamma = Math.log(QuantileSketch.gamma);
  /** |x| below this counts as zero in bucket mode. */
  private static readonly minMagnitude = 1e-12;

  count = 0;
  min = Infinity;
  max = -Infinity;
  /** value -> count (exact mode) or bucket key -> count (bucket mode). */
  private counts = new NumberCounts();
  private bucketed = false;

  get exact(): boolean {
    return !this.bucketed;
  }

  add(x: number, times = 1): void {
    this.count += times;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    const key = this.bucketed ? QuantileSketch.bucketOf(x) : x;
    this.counts.add(key, times);
    if (!this.bucketed && this.counts.size > QuantileSketch.exactLimit) this.toBuckets();
  }

  merge(other: QuantileSketch): void {
    this.mergeWire(other.toWire());
  }

  /** The form a worker sends its block's sketch in: keys and counts as typed arrays, in table order. */
  toWire(): SketchWire {
    return { bucketed: this.bucketed, count: this.count, min: this.min, max: this.max, keys: this.counts.keyArray(), counts: this.counts.countArray() };
  }

  /** Merges a sketch sent by toWire() (merge() goes through it too). */
  mergeWire(w: SketchWire): void {
    if (w.bucketed && !this.bucketed) this.toBuckets();
    const convert = this.bucketed && !w.bucketed;
    for (let i = 0; i < w.keys.length; i++) this.bump(convert ? QuantileSketch.bucketOf(w.keys[i]!) : w.keys[i]!, w.counts[i]!);
    this.count += w.count;
    if (w.min < this.min) this.min = w.min;
    if (w.max > this.max) this.max = w.max;
    if (!this.bucketed && this.counts.size > QuantileSketch.exactLimit) this.toBuckets();
  }

  /** The q-quantile (0 <= q <= 1); NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const keys = [...this.counts.keys()].sort((a, b) => a - b);
    if (!this.bucketed) {
      // Type 7: h = (n - 1) q; interpolate between the floor(h)-th and ceil(h)-th order statistics.
      const h = (this.count - 1) * q;
      const lo = this.orderStatistic(keys, Math.floor(h));
      const hi = this.orderStatistic(keys, Math.ceil(h));
      return lo + (h - Math.floor(h)) * (hi - lo);
    }
    const rank = Math.round((this.count - 1) * q);
    const v = QuantileSketch.valueOf(this.orderStatistic(keys, rank));
    return Math.min(this.max, Math.max(this.min, v));
  }

  toJSON(): { exact: boolean; min: number | null; max: number | null; count: number; counts: [number, number][] } {
    const entries = [...this.counts.entries()].sort((a, b) => a[0] - b[0]);
    return { exact: !this.bucketed, min: this.count ? this.min : null, max: this.count ? this.max : null, count: this.count, counts: entries };
  }

  static fromJSON(j: ReturnType<QuantileSketch['toJSON']>): QuantileSketch {
    const s = new QuantileSketch();
    s.bucketed = !j.exact;
    s.count = j.count;
    s.min = j.min ?? Infinity;
    s.max = j.max ?? -Infinity;
    for (const [k, c] of j.counts) s.counts.add(k, c);
    return s;
  }

  private orderStatistic(sortedKeys: readonly number[], index: number): number {
    let seen = 0;
    for (const k of sortedKeys) {
      seen += this.counts.get(k)!;
      if (seen > index) return k;
    }
    return sortedKeys[sortedKeys.length - 1]!;
  }

  private bump(key: number, c: number): void {
    this.counts.add(key, c);
  }

  private toBuckets(): void {
    const old = this.counts;
    this.counts = new NumberCounts();
    this.bucketed = true;
    for (const [v, c] of old) this.bump(QuantileSketch.bucketOf(v), c);
  }

  /** Bucket keys are integers: positive for x > 0, negative for x < 0, 0 for (near) zero. */
  private static bucketOf(x: number): number {
    const a = Math.abs(x);
    if (a < QuantileSketch.minMagnitude) return 0;
    // Offset so that every key for |x| >= minMagnitude is >= 1.
    const k = Math.ceil(Math.log(a) / QuantileSketch.logGamma) - QuantileSketch.keyOffset + 1;
    return x > 0 ? k : -k;
  }

  private static readonly keyOffset = Math.ceil(Math.log(QuantileSketch.minMagnitude) / QuantileSketch.logGamma);

  /** The representative value of a bucket: within relativeAccuracy of every value in it. */
  private static valueOf(key: number): number {
    if (key === 0) return 0;
    const k = Math.abs(key) + QuantileSketch.keyOffset - 1;
    const v = (2 * Math.pow(QuantileSketch.gamma, k)) / (QuantileSketch.gamma + 1);
    return key > 0 ? v : -v;
  }
}

/** A sketch as a worker sends it (see QuantileSketch.toWire). */
export interface SketchWire {
  readonly bucketed: boolean;
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly keys: Float64Array;
  readonly counts: Float64Array;
}
