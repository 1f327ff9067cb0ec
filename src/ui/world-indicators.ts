import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { formatValue } from './format-value.js';

export interface WorldIndicator {
  readonly name: string;
  readonly label: string;
  readonly value: string;
  /** Versus the previous round: ↑ ↓ for numbers, • when a flag or choice changed, blank when unchanged. */
  readonly trend: '↑' | '↓' | '•' | ' ';
}

/** The world's key indicators (variables marked `key`, else the first five) with their trend. */
export function worldIndicators(
  scenario: CompiledScenario,
  world: Readonly<Record<string, unknown>>,
  previous: Readonly<Record<string, unknown>> | undefined,
): WorldIndicator[] {
  const keyed = scenario.world.filter((w) => w.key);
  const shown = keyed.length > 0 ? keyed : scenario.world.slice(0, 5);
  return shown.map((w) => {
    const v = world[w.name];
    const before = previous?.[w.name];
    let trend: WorldIndicator['trend'] = ' ';
    if (previous !== undefined && before !== v) {
      if (typeof v === 'number' && typeof before === 'number') trend = v > before ? '↑' : '↓';
      else trend = '•';
    }
    return { name: w.name, label: w.label, value: `${formatValue(v)}${w.unit && typeof v === 'number' ? ` ${w.unit}` : ''}`, trend };
  });
}
