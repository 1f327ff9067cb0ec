import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { loadFixture, repoRoot, load } from '../load-fixture.js';
import { runOnce } from '../../src/engine/run-once.js';
import { createMemos } from '../../src/engine/simulation.js';
import type { CompiledExpression } from '../../src/scenario/compile-expression.js';
import type { CompiledScenario } from '../../src/scenario/compiled-scenario.js';
import { codeGeneration } from '../../src/scenario/code-template.js';

/** Every compiled expression of a scenario (found by shape: source + evaluate + reference). */
function expressions(scenario: CompiledScenario): CompiledExpression[] {
  const found: CompiledExpression[] = [];
  const seen = new Set<unknown>();
  const walk = (o: unknown): void => {
    if (o === null || typeof o !== 'object' || seen.has(o)) return;
    seen.add(o);
    const e = o as Partial<CompiledExpression>;
    if (typeof e.source === 'string' && typeof e.evaluate === 'function' && typeof e.reference === 'function') {
      found.push(e as CompiledExpression);
      return;
    }
    if (o instanceof Map) for (const v of o.values()) walk(v);
    else for (const v of Object.values(o)) walk(v);
  };
  for (const key of ['parties', 'tracks', 'events', 'strategies', 'outcomes', 'metrics', 'world', 'end'] as const) walk(scenario[key]);
  return found;
}

const same = (a: unknown, b: unknown) => Object.is(a, b) || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a)));

const files = [
  ...readdirSync(`${repoRoot}scenarios`).filter((f) => /\.(json|ya?ml)$/.test(f)).map((f) => `scenarios/${f}`),
  'test/fixtures/nested-machine.json',
  'test/fixtures/markov.json',
].filter((f) => existsSync(repoRoot + f));

/** Loads with generated functions (the default) or with closures (where code generation is disallowed). */
function loadAs(mode: 'generated' | 'closures', file: string): CompiledScenario {
  codeGeneration.enabled = mode === 'generated';
  try {
    return loadFixture(file);
  } finally {
    codeGeneration.enabled = true;
  }
}

describe.each(['generated', 'closures'] as const)('expressions compiled from CEL (%s) agree with cel-js', (mode) => {
  for (const file of files) {
    it(`evaluates every expression of ${file} like cel-js, at every position of 300 runs per strategy`, () => {
      const scenario = loadAs(mode, file);
      const all = expressions(scenario);
      expect(all.length).toBeGreaterThan(0);
      // The mode under test really is the one running: generated functions are named celExpression.
      const generated = all.filter((e) => e.evaluate.name === 'celExpression').length;
      if (mode === 'generated') expect(generated).toBeGreaterThan(all.length / 2);
      else expect(generated).toBe(0);
      const mismatches: string[] = [];
      let checked = 0;
      for (const e of all) {
        const fast = e.evaluate;
        // Without its text, no generated site splices the expression in: every evaluation goes through
        // `evaluate`, checked here. (The text is the body of `evaluate`: compile-source.ts.)
        (e as { code: string | undefined }).code = undefined;
        (e as { evaluate: CompiledExpression['evaluate'] }).evaluate = (scope) => {
          const a = fast(scope);
          const b = e.reference(scope);
          checked++;
          if (!same(a, b) && mismatches.length < 5) mismatches.push(`${e.path.join('.')}: "${e.source}" gave ${String(a)}, cel-js ${String(b)}`);
          return b;
        };
      }
      const memos = createMemos(scenario);
      for (const strategy of scenario.strategies.keys()) for (let run = 0; run < 300; run++) runOnce(scenario, { seed: 'closure', run, strategy, memos });
      expect(mismatches).toEqual([]);
      expect(checked).toBeGreaterThan(500);
    });
  }

  it('falls back to cel-js for what it does not compile, with the same results', () => {
    const text = JSON.stringify({
      ...JSON.parse(JSON.stringify(loadFixture('scenarios/supplier-duel.json').file)),
      end: "'a' in ['a', 'b'] && size('abc') == 3 && size('ab') / 4 == 0.5",
    });
    const { scenario, problems } = load(text);
    expect(problems).toEqual([]);
    expect(scenario!.end!.evaluate).toBe(scenario!.end!.reference);
    expect(scenario!.end!.evaluate({})).toBe(true);
  });
});
