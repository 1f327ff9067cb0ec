import type { CompiledPreference, UtilityFunction } from './compiled-scenario.js';
import { _, Code, codeGeneration, compileFunction, join, name } from './code-template.js';

/**
 * A party's utility as one generated function (see compile-source.ts for why and how safely): the
 * same operations in the same order as `genericUtility`, so results are bit-identical; issue names
 * and enum values enter the text only through JSON.stringify, numbers only when finite. Undefined
 * where code generation is off; callers then use `genericUtility`.
 */
export function compileUtility(preferences: readonly CompiledPreference[], totalWeight: number): UtilityFunction | undefined {
  if (!codeGeneration.enabled) return undefined;
  const numbers = [totalWeight, ...preferences.flatMap((p) => (p.values !== undefined ? [p.weight, ...p.values.values()] : [p.weight, p.worst, p.best]))];
  if (!numbers.every((x) => x !== undefined && Number.isFinite(x))) return undefined;
  let body: Code;
  if (totalWeight === 0) body = _`return 0;`;
  else {
    const lines = [_`let s = 0;`, _`let v;`];
    for (const p of preferences) {
      lines.push(_`v = t[${p.issue}];`);
      if (p.values !== undefined) {
        let worth = _`0`;
        for (const [value, w] of [...p.values].reverse()) worth = _`(v === ${value} ? ${w} : ${worth})`;
        lines.push(_`s += ${p.weight} * ${worth};`);
      } else {
        lines.push(_`s += ${p.weight} * (typeof v !== 'number' || v !== v ? 0 : clamp((v - ${p.worst!}) / (${p.best!} - ${p.worst!})));`);
      }
    }
    lines.push(_`return s / ${totalWeight};`);
    body = join(lines, _`\n`);
  }
  return compileFunction<UtilityFunction>([name('clamp')], _`return function partyUtility(t) {\n${body}\n};`, [clamp01]);
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
