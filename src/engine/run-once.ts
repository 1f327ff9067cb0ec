import type { CompiledScenario, KnobAssignment } from '../scenario/compiled-scenario.js';
import { SimulationError } from './simulation-error.js';
import { Simulation, createMemos, type RunResult } from './simulation.js';
import { strategyChooser } from './strategy-rules.js';
import type { TransitionMemo } from './transition-memo.js';

export interface RunOnceOptions {
  readonly seed: string;
  readonly run: number;
  readonly strategy?: string;
  readonly trace?: boolean;
  /** Parameters held at a value instead of sampled (see `SimulationOptions.parameters`). */
  readonly parameters?: ReadonlyMap<string, number>;
  /** Knobs of the strategy set to other values than their defaults (checked with knobAssignment). */
  readonly knobs?: KnobAssignment;
  /** Memos shared across runs of a batch; built fresh when omitted. */
  readonly memos?: readonly TransitionMemo[];
}

/** Plays one run of a scenario with a host strategy, from (seed, run) alone. */
export function runOnce(scenario: CompiledScenario, options: RunOnceOptions): RunResult {
  const name = options.strategy ?? scenario.defaultStrategy;
  const strategy = scenario.strategies.get(name);
  if (!strategy) throw new SimulationError('E_UNKNOWN_STRATEGY', `no strategy '${name}'; the scenario has ${[...scenario.strategies.keys()].join(', ')}`);
  const sim = new Simulation(scenario, options.memos ?? createMemos(scenario), options.seed, options.run, { trace: options.trace, parameters: options.parameters });
  return sim.runToEnd(strategyChooser(strategy, { knobs: options.knobs }));
}
