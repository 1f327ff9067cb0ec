import type { RunResult } from '../engine/simulation.js';
import { BoundedTally, type TallyWire } from './bounded-tally.js';
import { MetricAccumulator, PairedDifference, type MetricWire } from './metric-accumulator.js';

/** What the aggregates read of a run. */
export type AggregatedRun = Pick<RunResult, 'outcomeIndex' | 'rounds' | 'dealRound' | 'dealSet' | 'metrics' | 'finalStates' | 'pathTexts'>;

/** What the aggregates need to know about a scenario: counts of things, not the things. */
export interface AggregateShape {
  readonly outcomes: number;
  readonly metrics: number;
  readonly tracks: number;
  /** The metric a comparison ranks strategies by (see mainMetricIndex), or -1 without metrics. */
  readonly mainMetric: number;
}

/**
 * The metric a comparison of strategies ranks them by: the one with id `surplus` (the flagship's
 * value over going alone), else the first, or -1 when there is none.
 */
export function mainMetricIndex(metricIds: readonly string[]): number {
  const surplus = metricIds.indexOf('surplus');
  return surplus >= 0 ? surplus : metricIds.length > 0 ? 0 : -1;
}

/** The shape of a scenario as a summary describes it (merge and resume need no scenario file). */
export function aggregateShapeOf(info: { readonly outcomes: readonly unknown[]; readonly metrics: readonly { readonly id: string }[]; readonly tracks: readonly unknown[] }): AggregateShape {
  return { outcomes: info.outcomes.length, metrics: info.metrics.length, tracks: info.tracks.length, mainMetric: mainMetricIndex(info.metrics.map((m) => m.id)) };
}

/** Distinct paths kept per track (beyond it, a hash sample: see BoundedTally). */
export const PATH_LIMIT = 2000;

/**
 * Everything a batch reports about one arm, in streaming form: memory does not grow with the number of
 * runs, and `merge` is associative and commutative with byte-identical results, so blocks of runs can
 * be aggregated on any worker, shard or machine and combined in any order.
 */
export class ArmAggregate {
  runs = 0;
  /** By outcome index; the last slot counts unclassified runs. */
  readonly outcomes: number[];
  /** Runs by number of rounds played. */
  readonly rounds: number[] = [];
  /** Runs with a deal, by the round it was signed in. */
  readonly dealRounds: number[] = [];
  readonly metrics: MetricAccumulator[];
  readonly finalStates: BoundedTally[];
  readonly paths: BoundedTally[];
  /**
   * Runs by the set of deals standing at the end ("us+canadaSwiss"; "" for none). At most one key per
   * subset of the tracks, so kept exact without a bound.
   */
  readonly dealSets = new BoundedTally();
  /** Versus the first arm, by outcome: sum of (indicator here - indicator there). */
  readonly outcomeDiff: number[];
  /** Versus the first arm, by outcome: runs where exactly one of the two arms had it (sum of squared differences). */
  readonly outcomeDiscordant: number[];
  readonly metricDiff: PairedDifference[];
  /**
   * The main metric (shape.mainMetric) against every earlier arm j, paired on the same runs: this
   * arm's value minus arm j's. With these, any two arms compare on common random numbers, so a
   * verdict can put each strategy against the best one, known only at the end.
   */
  readonly mainDiff: PairedDifference[] = [];

  constructor(readonly shape: AggregateShape) {
    this.outcomes = new Array<number>(shape.outcomes + 1).fill(0);
    this.outcomeDiff = new Array<number>(shape.outcomes + 1).fill(0);
    this.outcomeDiscordant = new Array<number>(shape.outcomes + 1).fill(0);
    this.metrics = Array.from({ length: shape.metrics }, () => new MetricAccumulator());
    this.metricDiff = Array.from({ length: shape.metrics }, () => new PairedDifference());
    this.finalStates = Array.from({ length: shape.tracks }, () => new BoundedTally());
    this.paths = Array.from({ length: shape.tracks }, () => new BoundedTally(PATH_LIMIT));
  }

  /**
   * Adds one run; `first` is the same run under the first arm, for paired differences (omit for the
   * first arm itself), and `earlier` the same run under every arm before this one (its first
   * `arm` entries are read).
   */
  add(r: AggregatedRun, first?: AggregatedRun, earlier?: readonly AggregatedRun[], arm = 0): void {
    this.runs++;
    const o = r.outcomeIndex >= 0 ? r.outcomeIndex : this.shape.outcomes;
    this.outcomes[o]!++;
    bump(this.rounds, r.rounds);
    if (r.dealRound >= 0) bump(this.dealRounds, r.dealRound);
    this.dealSets.add(r.dealSet);
    for (let m = 0; m < this.metrics.length; m++) this.metrics[m]!.add(r.metrics[m]!);
    for (let t = 0; t < this.finalStates.length; t++) {
      this.finalStates[t]!.add(r.finalStates[t]!);
      this.paths[t]!.add(r.pathTexts[t]!);
    }
    if (first) {
      const f = first.outcomeIndex >= 0 ? first.outcomeIndex : this.shape.outcomes;
      if (f !== o) {
        this.outcomeDiff[o]!++;
        this.outcomeDiff[f]!--;
        this.outcomeDiscordant[o]!++;
        this.outcomeDiscordant[f]!++;
      }
      for (let m = 0; m < this.metricDiff.length; m++) this.metricDiff[m]!.add(r.metrics[m]!, first.metrics[m]!);
    }
    const k = this.shape.mainMetric;
    if (earlier && k >= 0) {
      this.ensureMainDiff(arm);
      const v = r.metrics[k]!;
      for (let j = 0; j < arm; j++) this.mainDiff[j]!.add(v, earlier[j]!.metrics[k]!);
    }
  }

  /** Main-metric differences against `count` earlier arms, grown to that many (merging pads them the same). */
  private ensureMainDiff(count: number): void {
    while (this.mainDiff.length < count) this.mainDiff.push(new PairedDifference());
  }

  merge(other: ArmAggregate): void {
    this.addCounts(other);
    this.metrics.forEach((m, i) => m.merge(other.metrics[i]!));
    this.metricDiff.forEach((m, i) => m.merge(other.metricDiff[i]!));
    this.finalStates.forEach((t, i) => t.merge(other.finalStates[i]!));
    this.paths.forEach((t, i) => t.merge(other.paths[i]!));
    this.dealSets.merge(other.dealSets);
    this.ensureMainDiff(other.mainDiff.length);
    other.mainDiff.forEach((d, j) => this.mainDiff[j]!.merge(d));
  }

  toJSON(): ArmAggregateState {
    return {
      runs: this.runs,
      outcomes: [...this.outcomes],
      rounds: dense(this.rounds),
      dealRounds: dense(this.dealRounds),
      metrics: this.metrics.map((m) => m.toJSON()),
      finalStates: this.finalStates.map((t) => t.toJSON()),
      paths: this.paths.map((t) => t.toJSON()),
      dealSets: this.dealSets.toJSON(),
      outcomeDiff: [...this.outcomeDiff],
      outcomeDiscordant: [...this.outcomeDiscordant],
      metricDiff: this.metricDiff.map((m) => m.toJSON()),
      mainDiff: this.mainDiff.map((m) => m.toJSON()),
    };
  }

  /**
   * The form a worker sends a block's aggregate in. Sketches and tallies go as typed arrays and
   * parallel arrays: the main thread merges them without building the block's aggregate first, and
   * without an object per sketch entry (which made its young generation grow, hence peak memory).
   */
  toWire(): ArmAggregateWire {
    return {
      runs: this.runs,
      outcomes: this.outcomes,
      rounds: this.rounds,
      dealRounds: this.dealRounds,
      metrics: this.metrics.map((m) => m.toWire()),
      finalStates: this.finalStates.map((t) => t.toWire()),
      paths: this.paths.map((t) => t.toWire()),
      dealSets: this.dealSets.toWire(),
      outcomeDiff: this.outcomeDiff,
      outcomeDiscordant: this.outcomeDiscordant,
      metricDiff: this.metricDiff.map((m) => m.toJSON()),
      mainDiff: this.mainDiff.map((m) => m.toJSON()),
    };
  }

  /** Merges what toWire() sent: the same as merging the aggregate itself. */
  mergeWire(w: ArmAggregateWire): void {
    this.addCounts(w);
    w.metrics.forEach((m, i) => this.metrics[i]!.mergeWire(m));
    w.metricDiff.forEach((m, i) => this.metricDiff[i]!.merge(PairedDifference.fromJSON(m)));
    w.finalStates.forEach((t, i) => this.finalStates[i]!.mergeWire(t));
    w.paths.forEach((t, i) => this.paths[i]!.mergeWire(t));
    this.dealSets.mergeWire(w.dealSets);
    this.ensureMainDiff(w.mainDiff.length);
    w.mainDiff.forEach((m, j) => this.mainDiff[j]!.merge(PairedDifference.fromJSON(m)));
  }

  /** Adds the plain counts (runs, outcomes, rounds, deal rounds, paired outcome differences). */
  private addCounts(o: Pick<ArmAggregateWire, 'runs' | 'outcomes' | 'rounds' | 'dealRounds' | 'outcomeDiff' | 'outcomeDiscordant'>): void {
    this.runs += o.runs;
    addInto(this.outcomes, o.outcomes);
    addInto(this.rounds, o.rounds);
    addInto(this.dealRounds, o.dealRounds);
    addInto(this.outcomeDiff, o.outcomeDiff);
    addInto(this.outcomeDiscordant, o.outcomeDiscordant);
  }

  static fromJSON(shape: AggregateShape, j: ArmAggregateState): ArmAggregate {
    const a = new ArmAggregate(shape);
    a.addCounts(j);
    j.metrics.forEach((m, i) => a.metrics[i]!.merge(MetricAccumulator.fromJSON(m)));
    j.metricDiff.forEach((m, i) => a.metricDiff[i]!.merge(PairedDifference.fromJSON(m)));
    j.finalStates.forEach((t, i) => a.finalStates[i]!.merge(BoundedTally.fromJSON(t)));
    j.paths.forEach((t, i) => a.paths[i]!.merge(BoundedTally.fromJSON(t, PATH_LIMIT)));
    a.dealSets.merge(BoundedTally.fromJSON(j.dealSets));
    a.ensureMainDiff(j.mainDiff.length);
    j.mainDiff.forEach((m, i) => a.mainDiff[i]!.merge(PairedDifference.fromJSON(m)));
    return a;
  }
}

export interface ArmAggregateState {
  readonly runs: number;
  readonly outcomes: number[];
  readonly rounds: number[];
  readonly dealRounds: number[];
  readonly metrics: object[];
  readonly finalStates: ReturnType<BoundedTally['toJSON']>[];
  readonly paths: ReturnType<BoundedTally['toJSON']>[];
  readonly dealSets: ReturnType<BoundedTally['toJSON']>;
  readonly outcomeDiff: number[];
  readonly outcomeDiscordant: number[];
  readonly metricDiff: object[];
  readonly mainDiff: object[];
}

/** An arm's aggregate as a worker sends it (see ArmAggregate.toWire). */
export interface ArmAggregateWire {
  readonly runs: number;
  readonly outcomes: readonly number[];
  readonly rounds: readonly number[];
  readonly dealRounds: readonly number[];
  readonly metrics: readonly MetricWire[];
  readonly finalStates: readonly TallyWire[];
  readonly paths: readonly TallyWire[];
  readonly dealSets: TallyWire;
  readonly outcomeDiff: readonly number[];
  readonly outcomeDiscordant: readonly number[];
  readonly metricDiff: readonly object[];
  readonly mainDiff: readonly object[];
}

/** The aggregates of every arm of a batch over some set of runs. */
export class BatchAggregate {
  readonly arms: ArmAggregate[];

  constructor(
    readonly shape: AggregateShape,
    arms: number,
  ) {
    this.arms = Array.from({ length: arms }, () => new ArmAggregate(shape));
  }

  get runs(): number {
    return this.arms[0]?.runs ?? 0;
  }

  /** Adds one run index: its result under every arm, in arm order. */
  add(results: readonly AggregatedRun[]): void {
    const first = results[0]!;
    this.arms[0]!.add(first);
    for (let a = 1; a < results.length; a++) this.arms[a]!.add(results[a]!, first, results, a);
  }

  merge(other: BatchAggregate): void {
    this.arms.forEach((a, i) => a.merge(other.arms[i]!));
  }

  toJSON(): ArmAggregateState[] {
    return this.arms.map((a) => a.toJSON());
  }

  toWire(): ArmAggregateWire[] {
    return this.arms.map((a) => a.toWire());
  }

  mergeWire(w: readonly ArmAggregateWire[]): void {
    this.arms.forEach((a, i) => a.mergeWire(w[i]!));
  }

  static fromJSON(shape: AggregateShape, j: readonly ArmAggregateState[]): BatchAggregate {
    const b = new BatchAggregate(shape, 0);
    for (const a of j) b.arms.push(ArmAggregate.fromJSON(shape, a));
    return b;
  }
}

function bump(a: number[], i: number): void {
  while (a.length <= i) a.push(0);
  a[i]!++;
}

function addInto(a: number[], b: readonly number[]): void {
  while (a.length < b.length) a.push(0);
  for (let i = 0; i < b.length; i++) a[i]! += b[i]!;
}

/** Trailing zeros trimmed, so the stored form does not depend on how far an array happened to grow. */
function dense(a: readonly number[]): number[] {
  let n = a.length;
  while (n > 0 && a[n - 1] === 0) n--;
  return a.slice(0, n);
}
