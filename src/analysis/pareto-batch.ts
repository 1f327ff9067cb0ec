import { scenarioIdentity } from '../montecarlo/batch-summary.js';
import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { createMemos } from '../engine/simulation.js';
import { ENGINE_VERSION } from '../engine/engine-version.js';
import { playAnalysisRun } from './analysis-run.js';
import { ParetoAnalysis, type ParetoReport } from './pareto-analysis.js';

/** Bumped when pareto.json changes shape. */
export const PARETO_FORMAT_VERSION = 1;

/** pareto.json: the deals of a batch against each track's Pareto frontier and Nash point. */
export interface ParetoBatch extends ParetoReport {
  readonly formatVersion: number;
  readonly kind: 'parley-pareto';
  readonly engineVersion: string;
  readonly scenario: { readonly id: string; readonly title: string; readonly file: string; readonly hash: string };
  readonly seed: string;
  readonly runs: number;
  readonly strategy: string;
}

/** Plays runs 0..runs-1 of the seed's batch (in this process) and measures their deals. */
export function runParetoBatch(
  scenario: CompiledScenario,
  options: { readonly seed: string; readonly runs: number; readonly strategy: string; readonly onProgress?: (done: number, total: number) => void },
): ParetoBatch {
  const memos = createMemos(scenario);
  const analysis = new ParetoAnalysis(scenario);
  for (let i = 0; i < options.runs; i++) {
    const r = playAnalysisRun(scenario, memos, { seed: options.seed, run: i, strategy: options.strategy });
    if (r.deal) analysis.add(r.deal);
    options.onProgress?.(i + 1, options.runs);
  }
  return {
    formatVersion: PARETO_FORMAT_VERSION,
    kind: 'parley-pareto',
    engineVersion: ENGINE_VERSION,
    scenario: scenarioIdentity(scenario),
    seed: options.seed,
    runs: options.runs,
    strategy: options.strategy,
    ...analysis.report(),
  };
}
