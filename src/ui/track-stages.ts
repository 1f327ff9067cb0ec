import type { CompiledScenario } from '../scenario/compiled-scenario.js';

interface StateConfig {
  readonly meta?: { readonly stage?: unknown };
  readonly states?: Readonly<Record<string, StateConfig>>;
}

/** The highest `meta.stage` in a machine config (nested states included); 0 when no state has one. */
export function maxStage(machine: StateConfig): number {
  let max = typeof machine.meta?.stage === 'number' ? machine.meta.stage : 0;
  for (const s of Object.values(machine.states ?? {})) max = Math.max(max, maxStage(s));
  return max;
}

/** Per track, the highest stage on its road to a deal: progress bars show stage / max. */
export function trackMaxStages(scenario: CompiledScenario): number[] {
  return scenario.tracks.map((t) => maxStage(scenario.file.tracks[t.id]!.machine as StateConfig));
}
