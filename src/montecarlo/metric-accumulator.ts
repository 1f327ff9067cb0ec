import { ExactSum, exactVarianceNumerator, productError } from './exact-sum.js';
import { QuantileSketch, type SketchWire } from './quantile-sketch.js';

/** Streaming statistics of one metric: count, exact sums for mean and variance, quantiles, NaN count. */
export class MetricAccumulator {
  n = 0;
  /** Runs where the metric was undefined (NaN), e.g. the price when there was no deal. */
  missing = 0;
  readonly sum = new ExactSum();
  readonly sumSquares = new ExactSum();
  readonly sketch = new QuantileSketch();

  add(x: number): void {
    if (!Number.isFinite(x)) {
      this.missing++;
      return;
    }
    this.n++;
    this.sum.add(x);
    const sq = x * x;
    this.sumSquares.add(sq);
    this.sumSquares.add(productError(x, x, sq));
    this.sketch.add(x);
  }

  merge(other: MetricAccumulator): void {
    this.mergeWire(other.toWire());
  }

  mean(): number {
    return this.n > 0 ? this.sum.value() / this.n : NaN;
  }

  /** Sample standard deviation (n - 1). */
  sd(): number {
    if (this.n < 2) return NaN;
    const num = exactVarianceNumerator(this.n, this.sum, this.sumSquares);
    return Math.sqrt(Math.max(0, num) / (this.n * (this.n - 1)));
  }

  toJSON(): object {
    return { n: this.n, missing: this.missing, sum: this.sum.toJSON(), sumSquares: this.sumSquares.toJSON(), sketch: this.sketch.toJSON() };
  }

  /** The form a worker sends it in (sums canonical, the sketch as typed arrays). */
  toWire(): MetricWire {
    return { n: this.n, missing: this.missing, sum: this.sum.toJSON(), sumSquares: this.sumSquares.toJSON(), sketch: this.sketch.toWire() };
  }

  /** Merges what toWire() sent (merge() goes through it too). */
  mergeWire(w: MetricWire): void {
    this.n += w.n;
    this.missing += w.missing;
    this.sum.mergeJSON(w.sum);
    this.sumSquares.mergeJSON(w.sumSquares);
    this.sketch.mergeWire(w.sketch);
  }

  static fromJSON(j: ReturnType<MetricAccumulator['toJSON']>): MetricAccumulator {
    const o = j as { n: number; missing: number; sum: (number | string)[]; sumSquares: (number | string)[]; sketch: Parameters<typeof QuantileSketch.fromJSON>[0] };
    const m = new MetricAccumulator();
    m.n = o.n;
    m.missing = o.missing;
    m.sum.mergeJSON(o.sum);
    m.sumSquares.mergeJSON(o.sumSquares);
    m.sketch.merge(QuantileSketch.fromJSON(o.sketch));
    return m;
  }
}

/** A metric accumulator as a worker sends it (see MetricAccumulator.toWire). */
export interface MetricWire {
  readonly n: number;
  readonly missing: number;
  readonly sum: (number | string)[];
  readonly sumSquares: (number | string)[];
  readonly sketch: SketchWire;
}

/** Paired differences of a metric between an arm and the first arm, over runs where both are defined. */
export class PairedDifference {
  n = 0;
  readonly sum = new ExactSum();
  readonly sumSquares = new ExactSum();

  add(a: number, b: number): void {
    if (!Number.isFinite(a) || !Number.isFinite(b)) return;
    const d = a - b;
    this.n++;
    this.sum.add(d);
    const sq = d * d;
    this.sumSquares.add(sq);
    this.sumSquares.add(productError(d, d, sq));
  }

  merge(other: PairedDifference): void {
    this.n += other.n;
    this.sum.merge(other.sum);
    this.sumSquares.merge(other.sumSquares);
  }

  mean(): number {
    return this.n > 0 ? this.sum.value() / this.n : NaN;
  }

  /** Standard error of the mean difference. */
  se(): number {
    if (this.n < 2) return NaN;
    const num = exactVarianceNumerator(this.n, this.sum, this.sumSquares);
    return Math.sqrt(Math.max(0, num) / (this.n * (this.n - 1)) / this.n);
  }

  toJSON(): object {
    return { n: this.n, sum: this.sum.toJSON(), sumSquares: this.sumSquares.toJSON() };
  }

  static fromJSON(j: object): PairedDifference {
    const o = j as { n: number; sum: (number | string)[]; sumSquares: (number | string)[] };
    const p = new PairedDifference();
    p.n = o.n;
    p.sum.mergeJSON(o.sum);
    p.sumSquares.mergeJSON(o.sumSquares);
    return p;
  }
}
