import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import type { ClockUnit } from '../scenario/calendar.js';
import { ENGINE_VERSION } from '../engine/engine-version.js';
import type { ArmAggregate, ArmAggregateState, BatchAggregate } from './batch-aggregate.js';
import type { BatchArm } from './batch-plan.js';
import { QuantileSketch } from './quantile-sketch.js';
import { wilsonInterval, Z95 } from './wilson-interval.js';

/** Bumped when summary.json changes shape. */
export const SUMMARY_FORMAT_VERSION = 3;

/** What a summary needs to know about its scenario, stored in it so `parley merge` needs no scenario. */
export interface ScenarioInfo {
  readonly id: string;
  readonly title: string;
  /** The file's name (not its path, which differs between machines that run shards). */
  readonly file: string;
  /** sha256 of the file's bytes. */
  readonly hash: string;
  readonly clock: { readonly unit: ClockUnit; readonly start: string; readonly horizon: number };
  readonly outcomes: readonly { readonly id: string; readonly label: string; readonly deal: boolean }[];
  readonly metrics: readonly { readonly id: string; readonly label: string; readonly unit: string | null }[];
  readonly tracks: readonly { readonly id: string; readonly label: string }[];
  readonly parameters: readonly { readonly name: string; readonly label: string }[];
}

/** Which scenario a result file comes from: id, title, file name (no folders) and content hash. */
export function scenarioIdentity(scenario: CompiledScenario): { id: string; title: string; file: string; hash: string } {
  return { id: scenario.file.id, title: scenario.file.title, file: scenario.path.split(/[\\/]/).pop() ?? scenario.path, hash: scenario.hash };
}

export function scenarioInfo(scenario: CompiledScenario): ScenarioInfo {
  const { clock } = scenario.file;
  return {
    ...scenarioIdentity(scenario),
    clock: { unit: clock.unit as ClockUnit, start: clock.start, horizon: clock.horizon },
    outcomes: scenario.outcomes.map((o) => ({ id: o.id, label: o.label, deal: o.deal })),
    metrics: scenario.metrics.map((m) => ({ id: m.id, label: m.label, unit: m.unit ?? null })),
    tracks: scenario.tracks.map((t) => ({ id: t.id, label: t.label })),
    parameters: scenario.parameters.map((p) => ({ name: p.name, label: p.label })),
  };
}

/** How a batch ended. */
export interface BatchStop {
  /** 'complete': every requested run; 'until-ci': the intervals got narrow enough; 'interrupted': Ctrl-C. */
  readonly reason: 'complete' | 'until-ci' | 'interrupted';
  /** The --until-ci width asked for, if any. */
  readonly untilCi: number | null;
  /** Whether every outcome's interval is narrower than untilCi (null without --until-ci). */
  readonly met: boolean | null;
  readonly widestInterval: number;
}

export interface OutcomeSummary {
  readonly id: string;
  readonly label: string;
  readonly count: number;
  readonly p: number | null;
  /** 95% Wilson interval. */
  readonly lo: number;
  readonly hi: number;
}

export interface MetricSummary {
  readonly id: string;
  readonly label: string;
  readonly unit: string | null;
  /** Runs where it was defined; `missing` where it was not (NaN: e.g. a price without a deal). */
  readonly n: number;
  readonly missing: number;
  readonly mean: number | null;
  readonly sd: number | null;
  /** Standard error of the mean: sd / sqrt(n). */
  readonly se: number | null;
  readonly min: number | null;
  readonly p5: number | null;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly max: number | null;
  /** Quantiles are exact (type 7, as R and pandas), or within 0.1% (when there were > 2048 distinct values). */
  readonly quantiles: 'exact' | 'approximate';
}

export interface Difference {
  readonly id: string;
  /** Mean paired difference (this arm minus the first), its standard error and 95% interval. */
  readonly diff: number | null;
  readonly se: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
}

export interface ArmSummary {
  readonly label: string;
  readonly strategy: string;
  readonly variant: string;
  readonly sets: Readonly<Record<string, number>>;
  readonly runs: number;
  readonly outcomes: readonly OutcomeSummary[];
  readonly metrics: readonly MetricSummary[];
  readonly rounds: { readonly mean: number | null; readonly histogram: readonly number[] };
  /** Rounds in which the first deal was signed: `histogram[r]` runs signed in round r. */
  readonly timeToDeal: {
    readonly deals: number;
    readonly p: number | null;
    readonly mean: number | null;
    readonly p5: number | null;
    readonly p50: number | null;
    readonly p95: number | null;
    readonly histogram: readonly number[];
  };
  readonly finalStates: Readonly<Record<string, readonly { readonly state: string; readonly count: number; readonly p: number }[]>>;
  readonly paths: Readonly<
    Record<string, { readonly distinct: number; readonly truncated: boolean; readonly top: readonly { readonly path: string; readonly count: number; readonly p: number }[] }>
  >;
  /**
   * Runs by the set of deals standing at the end, most frequent first, with 95% Wilson intervals:
   * `tracks` lists the tracks with a deal in scenario order (empty: no deal), `deals` joins them with
   * "+" as runs.csv's `deals` column does.
   */
  readonly dealSets: readonly DealSetSummary[];
  /**
   * The main metric (the scenario's `surplus`, else its first metric) against every other arm, paired
   * on the same runs: this arm's mean minus that arm's, with its 95% interval. Empty without metrics.
   */
  readonly versusEach: readonly { readonly arm: number; readonly label: string; readonly metric: string; readonly n: number; readonly diff: number | null; readonly se: number | null; readonly lo: number | null; readonly hi: number | null }[];
  /** Paired on the same runs (seed and run index) against the first arm; null for the first arm. */
  readonly versusFirst: { readonly runs: number; readonly outcomes: readonly (Difference & { readonly discordant: number })[]; readonly metrics: readonly (Difference & { readonly n: number })[] } | null;
}

export interface DealSetSummary {
  readonly deals: string;
  readonly tracks: readonly string[];
  readonly count: number;
  readonly p: number | null;
  readonly lo: number;
  readonly hi: number;
}

/** summary.json: the results of a batch, a shard of one, or shards merged. */
export interface BatchSummary {
  readonly formatVersion: number;
  readonly kind: 'parley-batch';
  readonly engineVersion: string;
  readonly scenario: ScenarioInfo;
  readonly seed: string;
  /** Runs summarised here: run indices range.start .. range.end - 1. */
  readonly runs: number;
  /** Runs in the whole batch (--runs). */
  readonly batchRuns: number;
  readonly range: { readonly start: number; readonly end: number };
  readonly shard: { readonly index: number; readonly count: number } | null;
  /** The first arm's strategy (the one every other arm is compared with). */
  readonly strategy: string;
  /** Parameters held with --set (every arm). */
  readonly sets: Readonly<Record<string, number>>;
  readonly arms: readonly BatchArm[];
  readonly stop: BatchStop;
  readonly results: readonly ArmSummary[];
  /** The mergeable state behind `results`, for `parley merge` (and resuming). */
  readonly aggregate: readonly ArmAggregateState[];
}

/** The header of a summary: everything but the results, known before the batch runs. */
export interface SummaryHeader {
  readonly scenario: ScenarioInfo;
  readonly seed: string;
  readonly batchRuns: number;
  readonly range: { readonly start: number; readonly end: number };
  readonly shard: { readonly index: number; readonly count: number } | null;
  readonly sets: Readonly<Record<string, number>>;
  readonly arms: readonly BatchArm[];
}

const TOP_PATHS = 10;

/** Turns aggregates into the summary (pure: same aggregates and header, same bytes). */
export function summarizeBatch(header: SummaryHeader, aggregate: BatchAggregate, stop: Omit<BatchStop, 'widestInterval'> & { widestInterval: number }): BatchSummary {
  return {
    formatVersion: SUMMARY_FORMAT_VERSION,
    kind: 'parley-batch',
    engineVersion: ENGINE_VERSION,
    scenario: header.scenario,
    seed: header.seed,
    runs: header.range.end - header.range.start,
    batchRuns: header.batchRuns,
    range: header.range,
    shard: header.shard,
    strategy: header.arms[0]!.strategy,
    sets: header.sets,
    arms: header.arms,
    stop,
    results: aggregate.arms.map((a, i) => summarizeArm(header.scenario, header.arms, aggregate, i)),
    aggregate: aggregate.toJSON(),
  };
}

function summarizeArm(info: ScenarioInfo, arms: readonly BatchArm[], aggregate: BatchAggregate, index: number): ArmSummary {
  const arm = arms[index]!;
  const a = aggregate.arms[index]!;
  const first = index === 0 ? undefined : aggregate.arms[0]!;
  const n = a.runs;
  const outcomes: OutcomeSummary[] = info.outcomes.map((o, i) => outcome(o.id, o.label, a.outcomes[i]!, n));
  const unclassified = a.outcomes[info.outcomes.length]!;
  if (unclassified > 0) outcomes.push(outcome('unclassified', 'No outcome rule matched', unclassified, n));
  const metrics = info.metrics.map((m, i): MetricSummary => {
    const acc = a.metrics[i]!;
    const sd = acc.sd();
    return {
      id: m.id,
      label: m.label,
      unit: m.unit,
      n: acc.n,
      missing: acc.missing,
      mean: num(acc.mean()),
      sd: num(sd),
      se: num(sd / Math.sqrt(acc.n)),
      min: num(acc.sketch.count ? acc.sketch.min : NaN),
      p5: num(acc.sketch.quantile(0.05)),
      p50: num(acc.sketch.quantile(0.5)),
      p95: num(acc.sketch.quantile(0.95)),
      max: num(acc.sketch.count ? acc.sketch.max : NaN),
      quantiles: acc.sketch.exact ? 'exact' : 'approximate',
    };
  });
  const deals = new QuantileSketch();
  a.dealRounds.forEach((c, r) => c > 0 && deals.add(r, c));
  const dealCount = deals.count;
  let dealSum = 0;
  a.dealRounds.forEach((c, r) => (dealSum += c * r));
  let roundSum = 0;
  a.rounds.forEach((c, r) => (roundSum += c * r));
  const finalStates: Record<string, { state: string; count: number; p: number }[]> = {};
  const paths: Record<string, { distinct: number; truncated: boolean; top: { path: string; count: number; p: number }[] }> = {};
  info.tracks.forEach((t, i) => {
    finalStates[t.id] = a.finalStates[i]!.top().map(({ key, count }) => ({ state: key, count, p: count / n }));
    const tally = a.paths[i]!;
    paths[t.id] = { distinct: tally.size, truncated: tally.truncated, top: tally.top(TOP_PATHS).map(({ key, count }) => ({ path: key, count, p: count / n })) };
  });
  const dealSets = a.dealSets.top().map(({ key, count }): DealSetSummary => {
    const ci = wilsonInterval(count, n);
    return { deals: key, tracks: key === '' ? [] : key.split('+'), count, p: num(ci.p), lo: ci.lo, hi: ci.hi };
  });
  const main = aggregate.shape.mainMetric;
  const versusEach: ArmSummary['versusEach'][number][] = [];
  if (main >= 0) {
    for (let j = 0; j < aggregate.arms.length; j++) {
      if (j === index) continue;
      // Stored once per pair, in the later arm against the earlier: read it the other way round when needed.
      const d = j < index ? a.mainDiff[j] : aggregate.arms[j]!.mainDiff[index];
      const sign = j < index ? 1 : -1;
      const mean = d ? sign * d.mean() : NaN;
      const se = d ? d.se() : NaN;
      versusEach.push({ arm: j, label: arms[j]!.label, metric: info.metrics[main]!.id, n: d?.n ?? 0, diff: num(mean), se: num(se), lo: num(mean - Z95 * se), hi: num(mean + Z95 * se) });
    }
  }
  let versusFirst: ArmSummary['versusFirst'] = null;
  if (first) {
    const outcomeIds = outcomes.map((o) => o.id);
    versusFirst = {
      runs: n,
      outcomes: outcomeIds.map((id, j) => {
        const i = j < info.outcomes.length ? j : info.outcomes.length;
        // Indicator differences d in {-1, 0, 1}: sum d and sum d^2 (= discordant runs) give mean and SE.
        const sum = a.outcomeDiff[i]!;
        const sq = a.outcomeDiscordant[i]!;
        return { id, ...pairedDifference(n, sum, n > 1 ? (n * sq - sum * sum) / (n * (n - 1)) : NaN), discordant: sq };
      }),
      metrics: info.metrics.map((m, i) => {
        const d = a.metricDiff[i]!;
        const mean = d.mean();
        const se = d.se();
        return { id: m.id, n: d.n, diff: num(mean), se: num(se), lo: num(mean - Z95 * se), hi: num(mean + Z95 * se) };
      }),
    };
  }
  return {
    label: arm.label,
    strategy: arm.strategy,
    variant: arm.variant,
    sets: Object.fromEntries(arm.sets),
    runs: n,
    outcomes,
    metrics,
    rounds: { mean: num(roundSum / n), histogram: trim(a.rounds) },
    timeToDeal: {
      deals: dealCount,
      p: num(dealCount / n),
      mean: num(dealSum / dealCount),
      p5: num(deals.quantile(0.05)),
      p50: num(deals.quantile(0.5)),
      p95: num(deals.quantile(0.95)),
      histogram: trim(a.dealRounds),
    },
    finalStates,
    paths,
    dealSets,
    versusEach,
    versusFirst,
  };
}

function outcome(id: string, label: string, k: number, n: number): OutcomeSummary {
  const ci = wilsonInterval(k, n);
  return { id, label, count: k, p: num(ci.p), lo: ci.lo, hi: ci.hi };
}

function pairedDifference(n: number, sum: number, variance: number): Omit<Difference, 'id'> {
  const mean = sum / n;
  const se = Math.sqrt(Math.max(0, variance) / n);
  return { diff: num(mean), se: num(se), lo: num(mean - Z95 * se), hi: num(mean + Z95 * se) };
}

function num(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function trim(a: readonly number[]): number[] {
  let n = a.length;
  while (n > 0 && a[n - 1] === 0) n--;
  return a.slice(0, n);
}
