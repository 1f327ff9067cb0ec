import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { Simulation } from '../engine/simulation.js';
import { strategyChooser } from '../engine/strategy-rules.js';
import type { TransitionMemo } from '../engine/transition-memo.js';
import { hostUtility } from './host-utility.js';

/** Where a game's result sits among a batch of simulated runs. */
export interface BatchComparison {
  readonly runs: number;
  readonly total: number;
  readonly failed: number;
  /** Share of finished runs whose host utility is strictly below the game's. */
  readonly below: number;
  /** Share of finished runs with the same host utility (to 1e-9). */
  readonly ties: number;
  /** Host utilities of the finished runs, for a histogram. */
  readonly utilities: readonly number[];
  readonly done: boolean;
}

/**
 * Runs `total` runs of the scenario with a strategy (run i of `<seed>:batch`, so the batch is the
 * same every time for a game) in chunks between renders, and compares their host utility with the
 * game's. Returns a cancel function.
 */
export function compareWithBatch(
  scenario: CompiledScenario,
  memos: readonly TransitionMemo[],
  options: { seed: string; strategy: string; total: number; utility: number; chunk?: number },
  onProgress: (c: BatchComparison) => void,
): () => void {
  const choose = strategyChooser(scenario.strategies.get(options.strategy)!);
  const utilities: number[] = [];
  let failed = 0;
  let next = 0;
  let cancelled = false;
  const chunk = options.chunk ?? 50;
  const step = () => {
    if (cancelled) return;
    const end = Math.min(options.total, next + chunk);
    for (; next < end; next++) {
      try {
        const sim = new Simulation(scenario, memos, `${options.seed}:batch`, next);
        const result = sim.runToEnd(choose);
        utilities.push(hostUtility(sim, result));
      } catch {
        failed++;
      }
    }
    let below = 0;
    let ties = 0;
    for (const u of utilities) {
      if (Math.abs(u - options.utility) <= 1e-9) ties++;
      else if (u < options.utility) below++;
    }
    const n = Math.max(1, utilities.length);
    const done = next >= options.total;
    onProgress({ runs: next, total: options.total, failed, below: below / n, ties: ties / n, utilities: done ? utilities : [], done });
    if (!done) setImmediate(step);
  };
  setImmediate(step);
  return () => {
    cancelled = true;
  };
}
