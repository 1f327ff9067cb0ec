import { ENGINE_VERSION } from '../engine/engine-version.js';
import type { BacktestCase } from './backtest-case.js';
import { reliabilityTable, type ReliabilityBin } from './reliability-table.js';

/** Bumped when backtest.json changes shape. */
export const BACKTEST_FORMAT_VERSION = 1;

/** Mean scores over the scored scenarios, and the skill against the base rate (1 - model / baseline). */
export interface BacktestTotals {
  readonly scenarios: number;
  readonly model: { readonly brier: number; readonly log: number; readonly crpsMonths: number };
  readonly baseline: { readonly brier: number; readonly log: number; readonly crpsMonths: number };
  /** Positive: better than the base rate; 0: no better; negative: worse. Null when the baseline scores 0. */
  readonly skill: { readonly brier: number | null; readonly log: number | null; readonly crpsMonths: number | null };
}

/** backtest.json: every resolved scenario scored, what was skipped and why, totals and calibration. */
export interface BacktestReport {
  readonly formatVersion: number;
  readonly kind: 'parley-backtest';
  readonly engineVersion: string;
  readonly seed: string;
  readonly runs: number;
  readonly folder: string;
  readonly cases: readonly BacktestCase[];
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
  readonly totals: BacktestTotals;
  /** Every (scenario, outcome) pair is one yes/no forecast; binned by the batch's probability. */
  readonly reliability: readonly ReliabilityBin[];
  readonly baselineReliability: readonly ReliabilityBin[];
}

export interface BacktestReportInput extends Pick<BacktestReport, 'seed' | 'runs' | 'folder' | 'cases' | 'skipped'> {
  /** Reliability bins. */
  readonly bins: number;
}

/** Totals and reliability tables over the cases (pure: same cases, same report). */
export function backtestReport(input: BacktestReportInput): BacktestReport {
  const { cases } = input;
  const mean = (pick: (c: BacktestCase) => number) => (cases.length === 0 ? NaN : cases.reduce((s, c) => s + pick(c), 0) / cases.length);
  const model = { brier: mean((c) => c.model.brier), log: mean((c) => c.model.log), crpsMonths: mean((c) => c.model.crpsMonths) };
  const baseline = { brier: mean((c) => c.baseline.brier), log: mean((c) => c.baseline.log), crpsMonths: mean((c) => c.baseline.crpsMonths) };
  const skill = (m: number, b: number) => (b > 0 && Number.isFinite(m) ? 1 - m / b : null);
  return {
    formatVersion: BACKTEST_FORMAT_VERSION,
    kind: 'parley-backtest',
    engineVersion: ENGINE_VERSION,
    seed: input.seed,
    runs: input.runs,
    folder: input.folder,
    cases,
    skipped: input.skipped,
    totals: {
      scenarios: cases.length,
      model,
      baseline,
      skill: { brier: skill(model.brier, baseline.brier), log: skill(model.log, baseline.log), crpsMonths: skill(model.crpsMonths, baseline.crpsMonths) },
    },
    reliability: reliabilityTable(cases.flatMap((c) => c.outcomes.map((o) => ({ p: o.p, happened: o.happened }))), input.bins),
    baselineReliability: reliabilityTable(cases.flatMap((c) => c.outcomes.map((o) => ({ p: o.baseRate, happened: o.happened }))), input.bins),
  };
}
