import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { Simulation, utility, type RunResult } from '../engine/simulation.js';
import { SimulationError } from '../engine/simulation-error.js';
import { strategyChooser } from '../engine/strategy-rules.js';
import type { TransitionMemo } from '../engine/transition-memo.js';

/** The deal a run signed, as the Pareto analysis reads it. */
export interface SignedDeal {
  /** Index of the track the deal was signed on. */
  readonly track: number;
  /** The terms on that track's table at the end of the run (what `deal.<issue>` reads). */
  readonly terms: Readonly<Record<string, number | string>>;
  /** Utility of the terms to the host and to that track's counterpart. */
  readonly utility: { readonly host: number; readonly counterpart: number };
  /** Both sides' reservation values at the end of the run: the disagreement point. */
  readonly reservation: { readonly host: number; readonly counterpart: number };
}

/** A run with what analysis needs beyond the batch's `RunResult`. */
export interface AnalysisRun {
  readonly result: RunResult;
  /** `utility.host` as outcomes and metrics see it: the deal's worth, or the host's reservation value without a deal. */
  readonly hostUtility: number;
  readonly deal?: SignedDeal;
}

export interface AnalysisRunOptions {
  readonly seed: string;
  readonly run: number;
  readonly strategy: string;
  /** Parameters held at a value (the same mechanism as `--set`: the draw is still made). */
  readonly parameters?: ReadonlyMap<string, number>;
}

/**
 * Plays run `run` of a batch exactly as `runOnce` (and so the batch runner) does, and reads the deal's
 * terms and both sides' reservation values from the finished simulation.
 */
export function playAnalysisRun(scenario: CompiledScenario, memos: readonly TransitionMemo[], options: AnalysisRunOptions): AnalysisRun {
  const strategy = scenario.strategies.get(options.strategy);
  if (!strategy) throw new SimulationError('E_UNKNOWN_STRATEGY', `no strategy '${options.strategy}'`);
  const sim = new Simulation(scenario, memos, options.seed, options.run, { parameters: options.parameters });
  const result = sim.runToEnd(strategyChooser(strategy));
  const index = result.dealTrack === '' ? -1 : scenario.tracks.findIndex((t) => t.id === result.dealTrack);
  if (index < 0) return { result, hostUtility: sim.batna(0).host };
  const counterpart = scenario.parties.find((p) => p.id === scenario.tracks[index]!.counterpart)!;
  const terms = { ...sim.trackView(index).terms };
  const deal: SignedDeal = {
    track: index,
    terms,
    utility: { host: utility(scenario.host, terms), counterpart: utility(counterpart, terms) },
    reservation: sim.batna(index),
  };
  return { result, hostUtility: deal.utility.host, deal };
}
