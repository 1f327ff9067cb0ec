import seedrandom from 'seedrandom';
import { scenarioIdentity } from '../montecarlo/batch-summary.js';
import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { createMemos } from '../engine/simulation.js';
import { ENGINE_VERSION } from '../engine/engine-version.js';
import { PairedDifference } from '../montecarlo/metric-accumulator.js';
import { wilsonInterval, Z95 } from '../montecarlo/wilson-interval.js';
import { playAnalysisRun, type AnalysisRun } from './analysis-run.js';
import { ParetoAnalysis, type ParetoReport } from './pareto-analysis.js';
import { swingOnWorkers, type MeanSe, type SwingStats } from './swing-on-workers.js';
import { spearman, type RankCorrelation } from './rank-correlation.js';
import { DesignEvaluator, rankedMetric, type RankedMetric } from './design-evaluator.js';
import { designPoint, inputValue, sensitivityInputs, WEIGHT_SWING, type DesignPoint, type SensitivityInput, type WeightScope } from './sensitivity-inputs.js';
import { runMorris, MORRIS_DELTA, MORRIS_LEVELS, type MorrisReport } from './morris-screening.js';
import { latinHypercube } from './latin-hypercube.js';
import { dirichlet } from './dirichlet.js';
import { compareStrategies, type StrategyRobustness } from './strategy-robustness.js';

/** Bumped when sensitivity.json changes shape. 2: inputs (assumptions, weights), the ranked metric, Morris, comparisons. */
export const SENSITIVITY_FORMAT_VERSION = 2;

/** Default concentration of the Dirichlet around the host's weights (see docs/sensitivity.md). */
export const DEFAULT_CONCENTRATION = 20;

export interface SensitivityOptions {
  readonly seed: string;
  /** Runs per arm (the base batch, and each input at its low and at its high value). */
  readonly runs: number;
  readonly strategy: string;
  /** The metric inputs and strategies are judged by (a metric id); default: see `rankedMetric`. */
  readonly metric?: string;
  /** Whose preference weights are swung as inputs (default: the host's). */
  readonly weights?: WeightScope;
  /** Morris screening over every input: r trajectories, runs per design point. Omitted or 0 trajectories: none. */
  readonly morris?: { readonly trajectories: number; readonly runsPerPoint: number };
  /** P(A beats B) across the assumption space: K Latin-hypercube points over every input's range. */
  readonly compare?: { readonly strategies: readonly string[]; readonly points: number; readonly runsPerPoint: number };
  /** Robustness of the ranking to the host's weights: K draws from a Dirichlet around them. */
  readonly weightDraws?: { readonly strategies: readonly string[]; readonly draws: number; readonly concentration: number; readonly runsPerPoint: number };
  /**
   * Swing the parameters on the batch runner's worker threads (with the scenario file's text, which
   * the workers load). Needs the host utility and the ranked metric to be metrics (the aggregates
   * carry metrics); otherwise, or with count 1, every run is played in this process. Weights, Morris
   * and comparisons always run in this process. Results are the same.
   */
  readonly workers?: { readonly count: number; readonly scenarioText: string };
  /** Called after each run with runs done and runs in all. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** A paired difference (high minus low, run by run) with its standard error and 95% interval. */
export interface SwingEffect {
  /** Outcome id, "utility" for the host's utility, or "metric" for the ranked metric. */
  readonly id: string;
  /** The probability (or mean) with the input held at its low value, and at its high value. */
  readonly atLow: number | null;
  readonly atHigh: number | null;
  readonly diff: number | null;
  readonly se: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
}

/** One input swung from its low to its high value, every other input as drawn (or as the author set it). */
export interface ParameterSwing extends Pick<SensitivityInput, 'id' | 'kind' | 'name' | 'label' | 'low' | 'high' | 'base'> {
  /** False for a parameter whose low and high coincide (fixed, no range): nothing to swing. */
  readonly varies: boolean;
  readonly outcomes: readonly SwingEffect[];
  readonly utility: SwingEffect;
  readonly metric: SwingEffect;
}

/** Rank correlations of one sampled parameter with each outcome's indicator and the host's utility, in the base batch. */
export interface ParameterCorrelation {
  readonly name: string;
  readonly label: string;
  readonly outcomes: readonly (RankCorrelation & { readonly id: string })[];
  readonly utility: RankCorrelation;
}

/** sensitivity.json: what `parley sensitivity` computes, and what `parley report` draws. */
export interface SensitivityReport {
  readonly formatVersion: number;
  readonly kind: 'parley-sensitivity';
  readonly engineVersion: string;
  readonly scenario: { readonly id: string; readonly title: string; readonly file: string; readonly hash: string };
  readonly seed: string;
  readonly runs: number;
  readonly strategy: string;
  /** Where the host's utility comes from: a metric whose expression is `utility.host`, or computed from the run. */
  readonly hostUtility: { readonly source: 'metric' | 'computed'; readonly metric: string | null; readonly label: string };
  /** The metric inputs and strategies are judged by. */
  readonly metric: { readonly id: string | null; readonly label: string; readonly source: 'metric' | 'computed' };
  readonly outcomes: readonly { readonly id: string; readonly label: string }[];
  /** The base batch (every parameter drawn): outcome probabilities with Wilson intervals, mean utility and metric. */
  readonly base: {
    readonly outcomes: readonly { readonly id: string; readonly p: number; readonly lo: number; readonly hi: number }[];
    readonly utility: { readonly mean: number | null; readonly se: number | null };
    readonly metric: { readonly mean: number | null; readonly se: number | null };
  };
  /** Every parameter (varies: false when it has no range), then the swung preference weights. */
  readonly swings: readonly ParameterSwing[];
  readonly correlations: readonly ParameterCorrelation[];
  /** Morris elementary-effects screening over every swung input, when asked. */
  readonly morris: MorrisReport | null;
  /** Strategies compared across a Latin hypercube of the inputs' ranges, when asked. */
  readonly comparison: StrategyRobustness | null;
  /** Strategies compared across draws of the host's weights from a Dirichlet around the author's, when asked. */
  readonly weightRobustness: (StrategyRobustness & { readonly concentration: number; readonly centre: Readonly<Record<string, number>>; readonly spread: Readonly<Record<string, { readonly p5: number; readonly p95: number }>> }) | null;
  /** Inputs that changed nothing: `none` left every run as it was; `withinNoise` moved nothing beyond Monte Carlo noise. */
  readonly inert: { readonly none: readonly string[]; readonly withinNoise: readonly string[] };
  /** Deals of the base batch against each track's Pareto frontier and Nash point. */
  readonly pareto: ParetoReport;
  readonly method: {
    readonly swing: string;
    readonly correlation: string;
    readonly morris: string | null;
    readonly comparison: string | null;
    readonly weights: string | null;
    readonly execution: string;
  };
}

/** How many runs each part of the analysis plays: printed before it starts. */
export interface SensitivityPlan {
  readonly inputs: readonly SensitivityInput[];
  readonly base: number;
  readonly swings: number;
  readonly morris: number;
  readonly comparison: number;
  readonly weightDraws: number;
  readonly total: number;
}

export function sensitivityPlan(scenario: CompiledScenario, options: SensitivityOptions): SensitivityPlan {
  const inputs = sensitivityInputs(scenario, options.weights ?? 'host');
  const base = options.runs;
  const swings = 2 * inputs.length * options.runs;
  const r = options.morris?.trajectories ?? 0;
  const morris = r > 0 && inputs.length > 0 ? r * (inputs.length + 1) * options.morris!.runsPerPoint : 0;
  const comparison = options.compare ? options.compare.points * options.compare.strategies.length * options.compare.runsPerPoint : 0;
  const weightDraws = options.weightDraws ? options.weightDraws.draws * options.weightDraws.strategies.length * options.weightDraws.runsPerPoint : 0;
  return { inputs, base, swings, morris, comparison, weightDraws, total: base + swings + morris + comparison + weightDraws };
}

/**
 * Sensitivity of a scenario's results to every judgement it rests on.
 *
 * - The base batch runs `runs` runs with every parameter drawn; it gives the rank correlations and
 *   the deals for the Pareto analysis.
 * - One at a time: for each input (a parameter or named assumption with a range, a preference weight),
 *   the same run indices are played twice, with the input at its low and at its high value (a
 *   parameter as `--set` holds it: the draw is still made, so every other draw stays the same). The
 *   swing is the mean of the run-by-run differences: common random numbers.
 * - Morris screening, strategy comparisons across a Latin hypercube, and weight draws from a
 *   Dirichlet: see their modules. Their designs come from seedrandom streams derived from the seed,
 *   and every design point plays runs 0..n-1 of the seed, so results depend on the seed alone.
 */
export async function runSensitivity(scenario: CompiledScenario, options: SensitivityOptions): Promise<SensitivityReport> {
  const memos = createMemos(scenario);
  const n = options.runs;
  const nOutcomes = scenario.outcomes.length;
  const ranked = rankedMetric(scenario, options.metric);
  if ('error' in ranked) throw new Error(`${ranked.error}; the scenario has ${ranked.known.join(', ') || 'no metrics'}`);
  const metricIndex = scenario.metrics.findIndex((m) => m.expr.source.replace(/\s+/g, '') === 'utility.host');
  const hostUtility = (r: AnalysisRun) => (metricIndex >= 0 ? r.result.metrics[metricIndex]! : r.hostUtility);
  const rankedValue = (r: AnalysisRun) => (ranked.index >= 0 ? r.result.metrics[ranked.index]! : r.hostUtility);
  const outcomeSlot = (r: AnalysisRun) => (r.result.outcomeIndex >= 0 ? r.result.outcomeIndex : nOutcomes);
  const plan = sensitivityPlan(scenario, options);
  const inputs = plan.inputs;
  const total = plan.total;
  let done = 0;
  const tick = () => options.onProgress?.(++done, total);

  // The base batch.
  const pareto = new ParetoAnalysis(scenario);
  const sampled = scenario.parameters.map(() => new Float64Array(n));
  const baseSlot = new Int32Array(n);
  const baseUtility = new Float64Array(n);
  const baseMetric = new Float64Array(n);
  const counts = new Array<number>(nOutcomes + 1).fill(0);
  for (let i = 0; i < n; i++) {
    const r = playAnalysisRun(scenario, memos, { seed: options.seed, run: i, strategy: options.strategy });
    tick();
    r.result.parameters.forEach((v, k) => (sampled[k]![i] = v));
    baseSlot[i] = outcomeSlot(r);
    counts[baseSlot[i]!]!++;
    baseUtility[i] = hostUtility(r);
    baseMetric[i] = rankedValue(r);
    if (r.deal) pareto.add(r.deal);
  }

  // One at a time, paired run by run: parameters on the batch runner's workers when asked (and both
  // the host utility and the ranked metric are metrics the aggregates carry), else here.
  const onWorkers = options.workers !== undefined && options.workers.count > 1 && metricIndex >= 0 && ranked.index >= 0;
  const swingEvaluator = new OatEvaluator(scenario, options.seed, n, ranked, metricIndex, tick);
  const swingStats: SwingStats[] = [];
  for (const input of inputs) {
    if (onWorkers && input.kind !== 'weight') {
      const before = done;
      swingStats.push(
        await swingOnWorkers(scenario, { name: input.name, low: input.low, high: input.high }, {
          seed: options.seed,
          runs: n,
          strategy: options.strategy,
          scenarioText: options.workers!.scenarioText,
          workers: options.workers!.count,
          utilityMetric: metricIndex,
          rankedMetric: ranked.index,
          onProgress: (d) => options.onProgress?.((done = before + 2 * d), total),
        }),
      );
      done = before + 2 * n;
      continue;
    }
    swingStats.push(swingEvaluator.swing(input, options.strategy));
  }

  // Morris screening, comparisons across the assumption space, weight draws: in this process.
  const evaluator = (runs: number) => new DesignEvaluator(scenario, options.seed, runs, ranked, tick);
  const r = options.morris?.trajectories ?? 0;
  const morris = r > 0 && inputs.length > 0 ? runMorris(evaluator(options.morris!.runsPerPoint), inputs, options.strategy, r, seedrandom.alea(`${options.seed}:morris`)) : null;
  let comparison: StrategyRobustness | null = null;
  if (options.compare) {
    const c = options.compare;
    const unit = latinHypercube(inputs.length, c.points, seedrandom.alea(`${options.seed}:hypercube`));
    const points = unit.map((row) => designPoint(inputs, row.map((x, i) => inputValue(inputs[i]!, x))));
    comparison = compareStrategies(evaluator(c.runsPerPoint), points, c.strategies);
  }
  let weightRobustness: SensitivityReport['weightRobustness'] = null;
  if (options.weightDraws) {
    const w = options.weightDraws;
    const host = scenario.host;
    const centre = host.preferences.map((p) => (host.totalWeight > 0 ? p.weight / host.totalWeight : 0));
    const u = seedrandom.alea(`${options.seed}:dirichlet`);
    const draws = Array.from({ length: w.draws }, () => dirichlet(centre.map((c) => c * w.concentration), u));
    const points: DesignPoint[] = draws.map((d) => ({ parameters: new Map(), weights: new Map([[host.id, new Map(host.preferences.map((p, i) => [p.issue, d[i]!]))]]) }));
    const robustness = compareStrategies(evaluator(w.runsPerPoint), points, w.strategies);
    const spread: Record<string, { p5: number; p95: number }> = {};
    host.preferences.forEach((p, i) => {
      const xs = draws.map((d) => d[i]!).sort((a, b) => a - b);
      spread[p.issue] = { p5: xs[Math.floor(0.05 * (xs.length - 1))]!, p95: xs[Math.ceil(0.95 * (xs.length - 1))]! };
    });
    weightRobustness = { ...robustness, concentration: w.concentration, centre: Object.fromEntries(host.preferences.map((p, i) => [p.issue, centre[i]!])), spread };
  }

  // Outcomes: the scenario's, plus "unclassified" when any run had none.
  const unclassified = counts[nOutcomes]! > 0 || swingStats.some((st) => st.atLow[nOutcomes]! > 0 || st.atHigh[nOutcomes]! > 0);
  const outcomes = [...scenario.outcomes.map((o) => ({ id: o.id, label: o.label })), ...(unclassified ? [{ id: 'unclassified', label: 'No outcome rule matched' }] : [])];
  const effect = (id: string, d: MeanSe | undefined, atLow: number, atHigh: number): SwingEffect => {
    if (!d) return { id, atLow: null, atHigh: null, diff: 0, se: 0, lo: 0, hi: 0 };
    return { id, atLow: num(atLow), atHigh: num(atHigh), diff: num(d.mean), se: num(d.se), lo: num(d.mean - Z95 * d.se), hi: num(d.mean + Z95 * d.se) };
  };
  const swingOf = (input: Pick<SensitivityInput, 'id' | 'kind' | 'name' | 'label' | 'low' | 'high' | 'base'>, st: SwingStats | undefined, varies: boolean): ParameterSwing => ({
    id: input.id,
    kind: input.kind,
    name: input.name,
    label: input.label,
    low: input.low,
    high: input.high,
    base: input.base,
    varies,
    outcomes: outcomes.map((o, i) => effect(o.id, st?.outcomes[i], (st?.atLow[i] ?? 0) / n, (st?.atHigh[i] ?? 0) / n)),
    utility: effect('utility', st?.utility, st?.utilityLow ?? NaN, st?.utilityHigh ?? NaN),
    metric: effect('metric', st?.metric, st?.metricLow ?? NaN, st?.metricHigh ?? NaN),
  });
  const swings: ParameterSwing[] = [
    ...scenario.parameters.map((p) => {
      const k = inputs.findIndex((x) => x.id === `param.${p.name}`);
      if (k >= 0) return swingOf(inputs[k]!, swingStats[k], true);
      const assumption = scenario.file.parameters[p.name]?.assumption === true;
      return swingOf({ id: `param.${p.name}`, kind: assumption ? 'assumption' : 'parameter', name: p.name, label: p.label, low: p.low, high: p.high, base: p.dist.type === 'fixed' ? p.dist.value : null }, undefined, false);
    }),
    ...inputs.flatMap((input, k) => (input.kind === 'weight' ? [swingOf(input, swingStats[k], true)] : [])),
  ];

  // Inputs that changed nothing: exactly (every run the same), or not beyond noise; Morris agrees when it ran.
  const effects = (s: ParameterSwing) => [...s.outcomes, s.utility, s.metric];
  const morrisOf = (id: string) => morris?.inputs.find((m) => m.id === id);
  const none = swings.filter((s) => s.varies && effects(s).every((e) => e.diff === 0 || e.diff === null) && (morrisOf(s.id)?.none ?? true)).map((s) => s.id);
  const withinNoise = swings
    .filter((s) => s.varies && !none.includes(s.id) && effects(s).every((e) => e.lo === null || e.hi === null || (e.lo <= 0 && e.hi >= 0)) && (morrisOf(s.id)?.withinNoise ?? true))
    .map((s) => s.id);

  const utilityLabel = metricIndex >= 0 ? scenario.metrics[metricIndex]!.label : "Host's utility";
  const utilityMean = finiteMean(baseUtility);
  const metricMean = finiteMean(baseMetric);
  return {
    formatVersion: SENSITIVITY_FORMAT_VERSION,
    kind: 'parley-sensitivity',
    engineVersion: ENGINE_VERSION,
    scenario: scenarioIdentity(scenario),
    seed: options.seed,
    runs: n,
    strategy: options.strategy,
    hostUtility: { source: metricIndex >= 0 ? 'metric' : 'computed', metric: metricIndex >= 0 ? scenario.metrics[metricIndex]!.id : null, label: utilityLabel },
    metric: { id: ranked.id, label: ranked.label, source: ranked.source },
    outcomes,
    base: {
      outcomes: outcomes.map((o, i) => {
        const ci = wilsonInterval(counts[i]!, n);
        return { id: o.id, p: ci.p, lo: ci.lo, hi: ci.hi };
      }),
      utility: { mean: num(utilityMean), se: num(finiteSd(baseUtility, utilityMean) / Math.sqrt(finiteCount(baseUtility))) },
      metric: { mean: num(metricMean), se: num(finiteSd(baseMetric, metricMean) / Math.sqrt(finiteCount(baseMetric))) },
    },
    swings,
    correlations: scenario.parameters.map((p, k): ParameterCorrelation => {
      const x = Array.from(sampled[k]!);
      return {
        name: p.name,
        label: p.label,
        outcomes: outcomes.map((o, i) => ({ id: o.id, ...spearman(x, Array.from(baseSlot, (s) => (s === i ? 1 : 0))) })),
        utility: spearman(x, Array.from(baseUtility)),
      };
    }),
    morris,
    comparison,
    weightRobustness,
    inert: { none, withinNoise },
    pareto: pareto.report(),
    method: {
      swing: `one at a time: each input held at its low, then its high value on the same runs (a parameter as --set holds it; a preference weight from ${1 - WEIGHT_SWING} to ${1 + WEIGHT_SWING} times the author's, the other weights unchanged); mean of the paired differences (high - low) with a 95% normal interval`,
      correlation: "Spearman's rank correlation over the base batch (every parameter drawn), 95% interval by Fisher's z with SE sqrt(1.06/(n-3))",
      morris: morris
        ? `Morris elementary effects: ${morris.trajectories} trajectories on a ${MORRIS_LEVELS}-level grid over each input's [low, high], step ${MORRIS_DELTA.toFixed(3)} of the range, ${morris.runsPerPoint} runs per point on common random numbers; an effect is the paired mean change per full range; mu* = mean |effect|, sigma = its standard deviation; noise = RMS of the effects' Monte Carlo standard errors`
        : null,
      comparison: comparison
        ? `${comparison.points} points of a Latin hypercube over every input's [low, high]; at each, every strategy plays the same ${comparison.runsPerPoint} runs; A beats B at a point when its mean ${ranked.label} is higher (ties count half); "clearly" when the paired 95% interval excludes 0; the share's interval is Wilson's over the points`
        : null,
      weights: weightRobustness
        ? `${weightRobustness.points} draws of the host's weights from a Dirichlet centred on the author's shares with concentration ${weightRobustness.concentration} (a share s varies with standard deviation sqrt(s(1-s)/${weightRobustness.concentration + 1})); parameters drawn as usual; every strategy plays the same ${weightRobustness.runsPerPoint} runs at each draw`
        : null,
      execution: onWorkers
        ? `parameter swings on ${options.workers!.count} worker threads (the batch runner, two arms per parameter); the base batch, weight swings, Morris and comparisons in-process`
        : 'in-process (one thread)',
    },
  };
}

/** One-at-a-time swings in this process: each input at its low, then its high value, on runs 0..n-1. */
class OatEvaluator {
  private readonly design: DesignEvaluator;

  constructor(
    scenario: CompiledScenario,
    seed: string,
    runs: number,
    ranked: RankedMetric,
    private readonly utilityMetric: number,
    tick: () => void,
  ) {
    this.design = new DesignEvaluator(scenario, seed, runs, ranked, tick);
  }

  swing(input: SensitivityInput, strategy: string): SwingStats {
    const slots = this.design.slots;
    const low = this.design.evaluateWithUtility(designPoint([input], [input.low]), strategy, this.utilityMetric);
    const high = this.design.evaluateWithUtility(designPoint([input], [input.high]), strategy, this.utilityMetric);
    const outcomeDiffs = Array.from({ length: slots }, () => new PairedDifference());
    const utilityDiff = new PairedDifference();
    const metricDiff = new PairedDifference();
    const atLow = new Array<number>(slots).fill(0);
    const atHigh = new Array<number>(slots).fill(0);
    const n = low.slot.length;
    for (let i = 0; i < n; i++) {
      const sa = low.slot[i]!;
      const sb = high.slot[i]!;
      atLow[sa]!++;
      atHigh[sb]!++;
      for (let o = 0; o < slots; o++) outcomeDiffs[o]!.add(sb === o ? 1 : 0, sa === o ? 1 : 0);
      utilityDiff.add(high.utility[i]!, low.utility[i]!);
      metricDiff.add(high.metric[i]!, low.metric[i]!);
    }
    return {
      atLow,
      atHigh,
      outcomes: outcomeDiffs.map((d) => ({ mean: d.mean(), se: d.se() })),
      utilityLow: finiteMean(low.utility),
      utilityHigh: finiteMean(high.utility),
      utility: { mean: utilityDiff.mean(), se: utilityDiff.se() },
      metricLow: finiteMean(low.metric),
      metricHigh: finiteMean(high.metric),
      metric: { mean: metricDiff.mean(), se: metricDiff.se() },
    };
  }
}

function num(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function finiteCount(xs: Float64Array): number {
  let n = 0;
  for (const x of xs) if (Number.isFinite(x)) n++;
  return n;
}

function finiteMean(xs: Float64Array): number {
  let s = 0;
  for (const x of xs) if (Number.isFinite(x)) s += x;
  return s / finiteCount(xs);
}

function finiteSd(xs: Float64Array, m: number): number {
  const n = finiteCount(xs);
  if (n < 2) return NaN;
  let s = 0;
  for (const x of xs) if (Number.isFinite(x)) s += (x - m) * (x - m);
  return Math.sqrt(s / (n - 1));
}
