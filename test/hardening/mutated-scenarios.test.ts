import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../load-fixture.js';
import { mutateScenario, mutationArb } from './scenario-mutation.js';
import { ScenarioProbe, violations } from './scenario-probe.js';

/**
 * Property: whatever is done to a valid scenario (keys dropped or renamed, values of the wrong type,
 * values swapped, junk inserted, the text cut or spliced), Parley answers with its own located
 * problems or loads a valid scenario, and that scenario runs 20 runs failing only with
 * SimulationError. Nothing throws, hangs or touches a built-in prototype. fast-check prints the seed
 * and the shrunk mutation list of any counterexample.
 */
const original = readFileSync(`${repoRoot}scenarios/supplier-duel.json`, 'utf8');
const probe = new ScenarioProbe();
afterAll(() => probe.close());

describe('mutated scenarios (scenarios/supplier-duel.json)', () => {
  it('the unmutated scenario loads and runs (the baseline the mutations start from)', async () => {
    const answer = await probe.probe(original);
    expect(violations(answer, original)).toEqual([]);
    expect(answer.loaded).toBe(true);
    expect(answer.runErrors).toEqual([]);
  });

  it('only ever produce Parley problems or a valid scenario that fails only with SimulationError', async () => {
    let loaded = 0;
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutationArb, { minLength: 1, maxLength: 4 }), async (mutations) => {
        const text = mutateScenario(original, mutations);
        const answer = await probe.probe(text);
        const found = violations(answer, text);
        if (found.length > 0) throw new Error(`${found.join('\n')}\n--- mutated file ---\n${text.slice(0, 4000)}`);
        if (answer.loaded) loaded++;
        else rejected++;
      }),
      { numRuns: 400, endOnFailure: false },
    );
    // The mutations must exercise both sides: some mutants still load (and run), most do not.
    expect(loaded).toBeGreaterThan(10);
    expect(rejected).toBeGreaterThan(100);
  });
});
