import type { CompiledScenario, KnobAssignment } from '../scenario/compiled-scenario.js';
import { Simulation, createMemos } from '../engine/simulation.js';
import { SimulationError } from '../engine/simulation-error.js';
import { strategyChooser } from '../engine/strategy-rules.js';
import type { TransitionMemo } from '../engine/transition-memo.js';
import { valueOfRun, type RunValue } from './optimize-objective.js';

/** A host policy: a strategy of the scenario with a value for each of its knobs. */
export interface Policy {
  readonly strategy: string;
  readonly knobs: KnobAssignment;
}

/**
 * Plays policies on runs of a seed and returns each run's objective value. Run i depends on (seed, i)
 * alone, so every policy evaluated on the same runs sees the same random numbers (paired), and the
 * values do not depend on who plays them (this thread or workers).
 */
export interface PolicyEvaluator {
  /** Per policy, the values of runs [start, end) of `seed`, in run order. */
  evaluate(policies: readonly Policy[], seed: string, start: number, end: number): Promise<Float64Array[]>;
  close(): Promise<void>;
}

/** Plays policies in this thread on one reused simulation (tests, and small searches). */
export class PolicyRunner {
  private readonly memos: readonly TransitionMemo[];
  private simulation: Simulation | undefined;

  constructor(
    readonly scenario: CompiledScenario,
    readonly value: RunValue,
  ) {
    this.memos = createMemos(scenario);
  }

  /** The values of runs [start, end) for each policy, one after the other, into one array (policy-major). */
  play(policies: readonly Policy[], seed: string, start: number, end: number): Float64Array {
    const n = end - start;
    const out = new Float64Array(policies.length * n);
    policies.forEach((policy, p) => {
      const strategy = this.scenario.strategies.get(policy.strategy);
      if (!strategy) throw new SimulationError('E_UNKNOWN_STRATEGY', `no strategy '${policy.strategy}'`);
      const choose = strategyChooser(strategy, { knobs: policy.knobs });
      for (let run = start; run < end; run++) {
        if (this.simulation === undefined) this.simulation = new Simulation(this.scenario, this.memos, seed, run, {});
        else this.simulation.reset(seed, run, {});
        out[p * n + run - start] = valueOfRun(this.value, this.simulation.runToEnd(choose));
      }
    });
    return out;
  }
}

/** A PolicyEvaluator in this thread. */
export class InProcessPolicyEvaluator implements PolicyEvaluator {
  private readonly runner: PolicyRunner;

  constructor(scenario: CompiledScenario, value: RunValue) {
    this.runner = new PolicyRunner(scenario, value);
  }

  async evaluate(policies: readonly Policy[], seed: string, start: number, end: number): Promise<Float64Array[]> {
    const all = this.runner.play(policies, seed, start, end);
    const n = end - start;
    return policies.map((_p, i) => all.slice(i * n, (i + 1) * n));
  }

  async close(): Promise<void> {}
}
