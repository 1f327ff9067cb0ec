import type { CompiledScenario, KnobAssignment } from '../scenario/compiled-scenario.js';
import { SimulationError } from './simulation-error.js';
import { Simulation, createMemos, type Chooser, type RunResult } from './simulation.js';
import { strategyChooser } from './strategy-rules.js';
import type { TransitionMemo } from './transition-memo.js';
import type { RunOnceOptions } from './run-once.js';

/**
 * Plays many runs of one scenario on one reused Simulation (batches, sensitivity analysis, the
 * benchmark): the same results as `runOnce` run by run, without rebuilding the run's objects each
 * time. Each result is independent of the player: it may be kept after the next run.
 */
export class RunPlayer {
  private simulation: Simulation | undefined;
  private readonly choosers = new Map<string, Chooser>();
  /** Choosers for knob settings (--knob), by the assignment object a batch arm holds for all its runs. */
  private readonly knobbed = new WeakMap<KnobAssignment, Chooser>();

  constructor(
    readonly scenario: CompiledScenario,
    readonly memos: readonly TransitionMemo[] = createMemos(scenario),
  ) {}

  play(options: Omit<RunOnceOptions, 'memos'>): RunResult {
    const name = options.strategy ?? this.scenario.defaultStrategy;
    const knobs = options.knobs;
    let choose = knobs === undefined ? this.choosers.get(name) : this.knobbed.get(knobs);
    if (choose === undefined) {
      const strategy = this.scenario.strategies.get(name);
      if (!strategy) throw new SimulationError('E_UNKNOWN_STRATEGY', `no strategy '${name}'; the scenario has ${[...this.scenario.strategies.keys()].join(', ')}`);
      choose = strategyChooser(strategy, { knobs });
      if (knobs === undefined) this.choosers.set(name, choose);
      else this.knobbed.set(knobs, choose);
    }
    const simOptions = { trace: options.trace, parameters: options.parameters };
    if (this.simulation === undefined) this.simulation = new Simulation(this.scenario, this.memos, options.seed, options.run, simOptions);
    else this.simulation.reset(options.seed, options.run, simOptions);
    return this.simulation.runToEnd(choose);
  }
}
