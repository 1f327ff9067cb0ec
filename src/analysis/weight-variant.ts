import type { CompiledParty, CompiledPreference, CompiledScenario } from '../scenario/compiled-scenario.js';
import { compileUtility } from '../scenario/compile-utility.js';

/** Party id -> issue -> weight: the weights to change (the rest keep the author's). */
export type WeightChanges = ReadonlyMap<string, ReadonlyMap<string, number>>;

/**
 * The scenario with some parties' preference weights changed: what compiling the file with those
 * weights edited gives (a differential test checks this), without compiling it again. Only the
 * parties (their preferences, total weight and utility function) and `file` differ; tracks,
 * expressions and machines are shared, so the transition memos of the scenario serve the variant.
 * Utility stays the weighted mean, so changing one weight renormalises the others' shares.
 */
export function withPreferenceWeights(scenario: CompiledScenario, changes: WeightChanges): CompiledScenario {
  if (changes.size === 0) return scenario;
  const parties = scenario.parties.map((party): CompiledParty => {
    const changed = changes.get(party.id);
    if (!changed || changed.size === 0) return party;
    const preferences = party.preferences.map((p): CompiledPreference => (changed.has(p.issue) ? { ...p, weight: changed.get(p.issue)! } : p));
    const totalWeight = preferences.reduce((s, p) => s + p.weight, 0);
    return { ...party, preferences, totalWeight, utility: compileUtility(preferences, totalWeight) };
  });
  const file = structuredClone(scenario.file);
  for (const [party, issues] of changes) for (const [issue, w] of issues) {
    const pref = file.parties[party]?.preferences[issue];
    if (pref) pref.weight = w;
  }
  return { ...scenario, file, parties, host: parties.find((p) => p.role === 'host')! };
}
