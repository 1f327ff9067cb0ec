import type { CompiledPreference } from './compiled-scenario.js';
import { codeGeneration, generatedFunction } from './compile-source.js';

/** A party's utility of terms, as a function of the terms alone. */
export type UtilityFunction = (terms: Readonly<Record<string, number | string>>) => number;

/**
 * A party's utility as one generated function (see compile-source.ts for why and how safely): the
 * same operations in the same order as `genericUtility`, so results are bit-identical; issue names
 * and enum values enter the text only through JSON.stringify, numbers only when finite. Undefined
 * where code generation is off; callers then use `genericUtility`.
 */
export function compileUtility(preferences: readonly CompiledPreference[], totalWeight: number): UtilityFunction | undefined {
  if (!codeGeneration.enabled) return undefined;
  const num = (x: number | undefined): string => {
    if (x === undefined || !Number.isFinite(x)) throw new RangeError('not finite');
    return `(${String(x)})`;
  };
  let body: string;
  try {
    if (totalWeight === 0) body = 'return 0;';
    else {
      const lines = ['let s = 0;', 'let v;'];
      for (const p of preferences) {
        lines.push(`v = t[${JSON.stringify(p.issue)}];`);
        if (p.values !== undefined) {
          let worth = '0';
          for (const [value, w] of [...p.values].reverse()) worth = `(v === ${JSON.stringify(value)} ? ${num(w)} : ${worth})`;
          lines.push(`s += ${num(p.weight)} * ${worth};`);
        } else {
          lines.push(`s += ${num(p.weight)} * (typeof v !== 'number' || v !== v ? 0 : clamp((v - ${num(p.worst)}) / (${num(p.best)} - ${num(p.worst)})));`);
        }
      }
      lines.push(`return s / ${num(totalWeight)};`);
      body = lines.join('\n');
    }
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
  return generatedFunction<UtilityFunction>(['clamp'], `return function partyUtility(t) {\n${body}\n};`, [clamp01]);
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/** A party's utility of terms: the weighted mean of each issue's worth, in [0, 1]. */
export function genericUtility(party: { readonly preferences: readonly CompiledPreference[]; readonly totalWeight: number }, terms: Readonly<Record<string, number | string>>): number {
  if (party.totalWeight === 0) return 0;
  let sum = 0;
  for (const p of party.preferences) {
    const v = terms[p.issue];
    let worth: number;
    if (p.values !== undefined) worth = p.values.get(v as string) ?? 0;
    else if (typeof v !== 'number' || Number.isNaN(v)) worth = 0;
    else worth = clamp01((v - p.worst!) / (p.best! - p.worst!));
    sum += p.weight * worth;
  }
  return sum / party.totalWeight;
}
