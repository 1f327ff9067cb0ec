import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import type { WeightChanges } from './weight-variant.js';

/** Which parties' preference weights sensitivity analysis swings. */
export type WeightScope = 'host' | 'all' | 'none';

/** The relative change each preference weight swings by: from (1 - WEIGHT_SWING) w to (1 + WEIGHT_SWING) w. */
export const WEIGHT_SWING = 0.5;

/**
 * One input that sensitivity analysis varies over its plausible range:
 * - `parameter`: a drawn parameter, between its low and high (default: 5th and 95th percentiles);
 * - `assumption`: a named assumption (a parameter with `"assumption": true`, typically a fixed value),
 *   between its low and high;
 * - `weight`: a party's preference weight on an issue, from half to one and a half times the author's
 *   (the other weights unchanged, so every issue's share of the utility moves).
 * Inputs whose low and high coincide are not inputs (nothing to vary).
 */
export interface SensitivityInput {
  /** "param.<name>" or "weight.<party>.<issue>". */
  readonly id: string;
  readonly kind: 'parameter' | 'assumption' | 'weight';
  /** The parameter's name, or "<party>.<issue>". */
  readonly name: string;
  readonly label: string;
  readonly low: number;
  readonly high: number;
  /** The author's value: a fixed parameter's value, a weight; null for a drawn parameter. */
  readonly base: number | null;
  readonly party?: string;
  readonly issue?: string;
}

/** The swung inputs of a scenario: parameters and assumptions that have a range, then the chosen parties' weights. */
export function sensitivityInputs(scenario: CompiledScenario, weights: WeightScope): SensitivityInput[] {
  const out: SensitivityInput[] = [];
  for (const p of scenario.parameters) {
    if (!(p.high > p.low)) continue;
    const declared = scenario.file.parameters[p.name];
    const assumption = declared?.assumption === true;
    out.push({
      id: `param.${p.name}`,
      kind: assumption ? 'assumption' : 'parameter',
      name: p.name,
      label: p.label,
      low: p.low,
      high: p.high,
      base: p.dist.type === 'fixed' ? p.dist.value : null,
    });
  }
  if (weights === 'none') return out;
  for (const party of scenario.parties) {
    if (weights === 'host' && party.role !== 'host') continue;
    for (const pref of party.preferences) {
      if (!(pref.weight > 0)) continue;
      out.push({
        id: `weight.${party.id}.${pref.issue}`,
        kind: 'weight',
        name: `${party.id}.${pref.issue}`,
        label: `${party.label}: weight of ${pref.issue}`,
        low: (1 - WEIGHT_SWING) * pref.weight,
        high: (1 + WEIGHT_SWING) * pref.weight,
        base: pref.weight,
        party: party.id,
        issue: pref.issue,
      });
    }
  }
  return out;
}

/** A point of the input space: parameters held at values, and weights changed. */
export interface DesignPoint {
  readonly parameters: ReadonlyMap<string, number>;
  readonly weights: WeightChanges;
}

/** The design point where `inputs[i]` takes `values[i]` (inputs not listed keep their usual value or draw). */
export function designPoint(inputs: readonly SensitivityInput[], values: readonly number[]): DesignPoint {
  const parameters = new Map<string, number>();
  const weights = new Map<string, Map<string, number>>();
  inputs.forEach((input, i) => {
    const v = values[i]!;
    if (input.kind === 'weight') {
      let m = weights.get(input.party!);
      if (!m) weights.set(input.party!, (m = new Map()));
      m.set(input.issue!, v);
    } else parameters.set(input.name, v);
  });
  return { parameters, weights };
}

/** A value of an input from its position in [0, 1] along its range. */
export function inputValue(input: SensitivityInput, unit: number): number {
  return input.low + unit * (input.high - input.low);
}
