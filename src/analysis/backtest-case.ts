import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import type { ArmSummary } from '../montecarlo/batch-summary.js';
import { roundOfDate, type ClockUnit } from '../scenario/calendar.js';
import { outcomeScores, smoothedProbabilities } from './outcome-scores.js';
import { MONTHS_PER_ROUND, timeToDealCrps } from './time-to-deal-crps.js';

/** A forecast's scores against the real outcome. */
export interface ForecastScores {
  /** Half the multi-category Brier score (see outcome-scores.ts): 0 best, 1 worst. */
  readonly brier: number;
  /** -ln p of the real outcome, in nats (a batch's p smoothed by half a run per outcome). */
  readonly log: number;
  /** CRPS of the time to deal, in rounds of the scenario's clock (no deal: a point mass at the horizon). */
  readonly crps: number;
  /** The same, in months. */
  readonly crpsMonths: number;
}

/** One resolved scenario, scored: what the batch forecast, what happened, and the base rate's scores. */
export interface BacktestCase {
  readonly file: string;
  readonly id: string;
  readonly title: string;
  readonly hash: string;
  readonly asOf: string;
  readonly strategy: string;
  readonly runs: number;
  readonly clock: { readonly unit: ClockUnit; readonly start: string; readonly horizon: number };
  readonly resolution: {
    readonly date: string;
    readonly outcome: string;
    readonly dealDate: string | null;
    /** The round of the real deal, or the horizon when there was none by then. */
    readonly dealRound: number;
    readonly sources: readonly string[];
  };
  /** Per outcome: the batch's probability, the base rate's, and whether it happened. */
  readonly outcomes: readonly { readonly id: string; readonly p: number; readonly baseRate: number; readonly happened: boolean }[];
  /** The batch's chance of a deal by the horizon and its median round (null without deals). */
  readonly timeToDeal: { readonly pDeal: number; readonly medianRound: number | null };
  readonly model: ForecastScores;
  readonly baseline: ForecastScores;
  /** Where the base rate comes from: the scenario's declared `resolution.baseRate`, or uniform. */
  readonly baseRateSource: 'declared' | 'uniform';
}

/**
 * Scores one arm of a batch against the scenario's `resolution`. The baseline is the declared base
 * rate (else every outcome equally likely); its time-to-deal forecast puts the base rate's chance of a
 * deal outcome evenly over the rounds of the horizon and the rest at the horizon.
 */
export function backtestCase(scenario: CompiledScenario, arm: ArmSummary): BacktestCase {
  const file = scenario.file;
  const resolution = file.resolution!;
  const unit = file.clock.unit as ClockUnit;
  const horizon = file.clock.horizon;
  const ids = arm.outcomes.map((o) => o.id);
  const counts = arm.outcomes.map((o) => o.count);
  const p = counts.map((k) => k / arm.runs);
  const observed = ids.indexOf(resolution.outcome);
  const declared = resolution.baseRate?.outcomes;
  const base = ids.map((id) => (id === 'unclassified' && !(id in (declared ?? {})) ? 0 : declared ? (declared[id] ?? 0) : 1 / scenario.outcomes.length));

  const dealRound = resolution.dealDate === undefined ? horizon : Math.min(roundOfDate(file.clock.start, unit, resolution.dealDate), horizon);
  const masses = Array.from({ length: horizon }, (_, r) => (arm.timeToDeal.histogram[r] ?? 0) / arm.runs);
  const dealShare = scenario.outcomes.reduce((sum, o) => sum + (o.deal ? (declared ? (declared[o.id] ?? 0) : 1 / scenario.outcomes.length) : 0), 0);
  const baseMasses = Array.from({ length: horizon }, () => dealShare / horizon);

  const scores = (probabilities: number[], logProbabilities: number[], timeMasses: number[]): ForecastScores => {
    const s = outcomeScores(probabilities, observed, logProbabilities);
    const crps = timeToDealCrps(timeMasses, horizon, dealRound);
    return { brier: s.brier, log: s.log, crps, crpsMonths: crps * MONTHS_PER_ROUND[unit] };
  };
  return {
    file: scenario.path,
    id: file.id,
    title: file.title,
    hash: scenario.hash,
    asOf: file.asOf!,
    strategy: arm.strategy,
    runs: arm.runs,
    clock: { unit, start: file.clock.start, horizon },
    resolution: { date: resolution.date, outcome: resolution.outcome, dealDate: resolution.dealDate ?? null, dealRound, sources: resolution.sources },
    outcomes: ids.map((id, i) => ({ id, p: p[i]!, baseRate: base[i]!, happened: i === observed })),
    timeToDeal: { pDeal: arm.timeToDeal.p ?? 0, medianRound: arm.timeToDeal.p50 },
    model: scores(p, smoothedProbabilities(counts), masses),
    baseline: scores(base, base, baseMasses),
    baseRateSource: declared ? 'declared' : 'uniform',
  };
}
