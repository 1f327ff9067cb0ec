import type { CompiledScenario } from '../../scenario/compiled-scenario.js';
import type { BatchArm } from '../../montecarlo/batch-plan.js';
import type { RunColumns } from '../../montecarlo/run-columns.js';
import { runOnce } from '../../engine/run-once.js';
import { formatTimeline } from '../../report/format-timeline.js';
import type { ReplayResult } from './explore-source.js';

/**
 * Row `row` of the runs played again with the engine, as the timeline `parley replay` prints: the
 * run index from the row, the arm's strategy and held parameters, the batch's seed. Run i depends on
 * (seed, i) alone, so this is the run the batch played; the first line says whether its outcome and
 * rounds match the row.
 */
export function replayRow(scenario: CompiledScenario, store: RunColumns, arms: readonly BatchArm[], seed: string, row: number): ReplayResult {
  const arm = arms[row % arms.length]!;
  const run = store.numbers('run')[row]!;
  try {
    const result = runOnce(scenario, { seed, run, strategy: arm.strategy, knobs: arm.knobs, trace: true, parameters: arm.sets.length > 0 ? new Map(arm.sets) : undefined });
    const outcome = store.cell(row, store.columnIndex('outcome'));
    const rounds = store.numbers('rounds')[row]!;
    const same = result.outcome === outcome && result.rounds === rounds;
    const check = same
      ? `replayed: ${outcome} after ${rounds} rounds, as in runs.csv`
      : `WARNING: the replay ended ${result.outcome} after ${result.rounds} rounds, runs.csv says ${outcome} after ${rounds} (another scenario version or engine?)`;
    const command = `parley replay ${scenario.path} --seed ${seed} --run ${run} --strategy ${arm.strategy}${arm.sets.map(([k, v]) => ` --set ${k}=${v}`).join('')}${Object.entries(arm.knobs ?? {}).map(([k, v]) => ` --knob ${k}=${v}`).join('')}`;
    return { lines: [check, command, '', ...formatTimeline(scenario, result, { seed, strategy: arm.strategy, explain: true }).split('\n')] };
  } catch (error) {
    return { error: `cannot replay run ${run}: ${(error as Error).message}` };
  }
}
