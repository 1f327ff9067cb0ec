import { describe, expect, it } from 'vitest';
import { loadFixture } from '../load-fixture.js';
import { parseObjective, type Objective } from '../../src/analysis/optimize-objective.js';
import { InProcessPolicyEvaluator, type Policy, type PolicyEvaluator } from '../../src/analysis/policy-evaluator.js';
import { searchPolicies, neighbours } from '../../src/analysis/policy-search.js';
import { runValueOf } from '../../src/analysis/optimize-objective.js';
import type { CompiledScenario } from '../../src/scenario/compiled-scenario.js';

const posted = loadFixture('test/fixtures/optimize/posted-price.json');

function objective(scenario: CompiledScenario, text: string, minimize = false): Objective {
  const o = parseObjective(scenario, text, minimize);
  if ('error' in o) throw new Error(o.error);
  return o;
}

/** An evaluator that records every call, around the in-process one. */
class RecordingEvaluator implements PolicyEvaluator {
  readonly calls: { policies: readonly Policy[]; seed: string; start: number; end: number }[] = [];
  constructor(private readonly inner: PolicyEvaluator) {}
  evaluate(policies: readonly Policy[], seed: string, start: number, end: number): Promise<Float64Array[]> {
    this.calls.push({ policies, seed, start, end });
    return this.inner.evaluate(policies, seed, start, end);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Evaluates in slices of a few runs and one policy at a time, as workers would split the work. */
class SlicedEvaluator implements PolicyEvaluator {
  constructor(private readonly inner: PolicyEvaluator) {}
  async evaluate(policies: readonly Policy[], seed: string, start: number, end: number): Promise<Float64Array[]> {
    const out = policies.map(() => new Float64Array(end - start));
    for (let s = start; s < end; s += 37) {
      const e = Math.min(end, s + 37);
      for (let p = policies.length - 1; p >= 0; p--) out[p]!.set((await this.inner.evaluate([policies[p]!], seed, s, e))[0]!, s - start);
    }
    return out;
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

describe('parley optimize: the policy search', () => {
  it('finds the posted price that maximises p (1 - p/100) within one grid step of 50, and its value near 25', async () => {
    const o = objective(posted, 'mean:revenue');
    const result = await searchPolicies(posted, new InProcessPolicyEvaluator(posted, runValueOf(o)), { strategy: 'posted', objective: o, seed: 'known', budgetRuns: 12_000 });
    const price = result.top[0]!.knobs.price as number;
    expect(Math.abs(price - 50)).toBeLessThanOrEqual(5);
    // The exact value at the price found, p (1 - p/100), within the confirmation's noise (sd of revenue ~ 25).
    const exact = price * (1 - price / 100);
    const se = 25 / Math.sqrt(result.confirmation.runs);
    expect(Math.abs(result.confirmation.winner - exact)).toBeLessThan(3 * se);
    expect(result.confirmation.beatsBestNamed).toBe(true);
    expect(result.bestNamed.strategy).toBe('cheap');
    expect(result.budget.used).toBeLessThanOrEqual(12_000);
  });

  it('evaluates every candidate on the same run indices of the seed (paired), each run played once per policy', async () => {
    const o = objective(posted, 'mean:revenue');
    const recording = new RecordingEvaluator(new InProcessPolicyEvaluator(posted, runValueOf(o)));
    const result = await searchPolicies(posted, recording, { strategy: 'postedTone', objective: o, seed: 'paired', budgetRuns: 8_000 });
    const race = recording.calls.filter((c) => c.seed === 'paired');
    // Run ranges are prefixes grown in place: every call starts where the policy's runs ended, from 0.
    const played = new Map<string, number>();
    for (const call of race) {
      for (const p of call.policies) {
        const key = `${p.strategy}:${JSON.stringify(p.knobs)}`;
        expect(played.get(key) ?? 0).toBe(call.start);
        played.set(key, call.end);
      }
    }
    // The finalists, the named strategies and the refinement all end on the same runs.
    for (const top of result.top) expect(played.get(`postedTone:${JSON.stringify(top.knobs)}`)).toBe(result.finalRuns);
    expect(played.get('cheap:{}')).toBe(result.finalRuns);
    // The confirmation plays other runs: another seed.
    const confirm = recording.calls.filter((c) => c.seed !== 'paired');
    expect(confirm).toHaveLength(1);
    expect(confirm[0]!.seed).toBe('paired/confirm');
    expect(result.rungs.map((r) => r.runs)).toEqual(result.rungs.map((_r, i) => result.rungs[0]!.runs * 2 ** i));
  });

  it('gives the same result for a seed however the evaluations are split (workers), and another for another seed', async () => {
    const o = objective(posted, 'cvar10:revenue');
    const options = { strategy: 'postedTone', objective: o, seed: 's1', budgetRuns: 6_000 };
    const a = await searchPolicies(posted, new InProcessPolicyEvaluator(posted, runValueOf(o)), options);
    const b = await searchPolicies(posted, new SlicedEvaluator(new InProcessPolicyEvaluator(posted, runValueOf(o))), options);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = await searchPolicies(posted, new InProcessPolicyEvaluator(posted, runValueOf(o)), { ...options, seed: 's2' });
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('says a knob that changes nothing is within noise at the winner, and that tied policies play alike', async () => {
    const o = objective(posted, 'mean:revenue');
    const result = await searchPolicies(posted, new InProcessPolicyEvaluator(posted, runValueOf(o)), { strategy: 'postedTone', objective: o, seed: 'tone', budgetRuns: 12_000 });
    const tone = result.knobEffects.find((e) => e.knob === 'tone')!;
    expect(tone.matters).toBe(false);
    expect(tone.local.length).toBe(2);
    for (const x of tone.local) expect(x.diff).toMatchObject({ mean: 0, lo: 0, hi: 0 });
    expect(result.tiedOn).toEqual(['tone']);
  });

  it('measures the winner\'s neighbours on fewer paired runs when the budget cannot pay for all of the final runs', async () => {
    const duel = loadFixture('scenarios/supplier-duel.json');
    const o = objective(duel, 'mean:cityUtility');
    const r = await searchPolicies(duel, new InProcessPolicyEvaluator(duel, runValueOf(o)), { strategy: 'tunedDuel', objective: o, seed: 'partial', budgetRuns: 6000, initial: 64 });
    expect(r.budget.used).toBeLessThanOrEqual(6000);
    const runs = r.knobEffects.flatMap((e) => e.local.map((x) => x.diff.runs));
    // Every knob has its one-step moves measured, all on the same first runs: fewer than the final ones, more than the first rung's.
    expect(r.knobEffects.every((e) => e.local.length > 0)).toBe(true);
    expect(new Set(runs).size).toBe(1);
    expect(runs[0]).toBeLessThan(r.finalRuns);
    expect(runs[0]).toBeGreaterThanOrEqual(r.design.runs);
  });

  it('minimises with --minimize: the lowest mean price sells at the lowest level', async () => {
    const o = objective(posted, 'mean:revenue', true);
    const result = await searchPolicies(posted, new InProcessPolicyEvaluator(posted, runValueOf(o)), { strategy: 'posted', objective: o, seed: 'min', budgetRuns: 4_000 });
    expect(result.top[0]!.knobs.price).toBe(0);
    expect(result.objective.direction).toBe('minimize');
  });

  it('writes the winner as a strategy block whose knob defaults are the winning values', async () => {
    const o = objective(posted, 'mean:revenue');
    const result = await searchPolicies(posted, new InProcessPolicyEvaluator(posted, runValueOf(o)), { strategy: 'posted', objective: o, seed: 'block', budgetRuns: 4_000 });
    const block = result.policy.postedTuned as { knobs: { price: { default: number; min: number } }; rules: unknown[] };
    expect(block.knobs.price.default).toBe(result.top[0]!.knobs.price);
    expect(block.knobs.price.min).toBe(0);
    expect(block.rules).toEqual(posted.file.strategies.posted!.rules);
    expect(result).toMatchObject({ format: 'parley-optimize', version: 1, seed: 'block', strategy: 'posted' });
  });

  it('takes grid neighbours one step along a number knob and every other value of an enum knob', () => {
    const knobs = posted.strategies.get('postedTone')!.knobs;
    expect(neighbours(knobs, [0, 1])).toEqual([[1, 1], [0, 0], [0, 2]]);
  });

  it('rejects an objective naming no metric or outcome, with the ones that exist', () => {
    expect(parseObjective(posted, 'mean:profit')).toMatchObject({ error: "no metric 'profit'", hint: "the scenario's metrics: revenue" });
    expect(parseObjective(posted, 'p:gone')).toMatchObject({ error: "no outcome 'gone'" });
    expect(parseObjective(posted, 'median:revenue')).toHaveProperty('error');
  });
});
