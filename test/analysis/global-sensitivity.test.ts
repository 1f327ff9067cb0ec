import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import seedrandom from 'seedrandom';
import { loadFixture, load, repoRoot } from '../load-fixture.js';
import { runSensitivity } from '../../src/analysis/sensitivity-analysis.js';
import { latinHypercube } from '../../src/analysis/latin-hypercube.js';
import { dirichlet } from '../../src/analysis/dirichlet.js';
import { morrisTrajectories, MORRIS_DELTA } from '../../src/analysis/morris-screening.js';
import { withPreferenceWeights } from '../../src/analysis/weight-variant.js';
import { sensitivityInputs } from '../../src/analysis/sensitivity-inputs.js';
import { runOnce } from '../../src/engine/run-once.js';

const fixture = 'test/fixtures/analysis/assumptions-and-weights.json';
const scenario = loadFixture(fixture);
const options = {
  seed: 'g',
  runs: 300,
  strategy: 'cheap',
  weights: 'all' as const,
  morris: { trajectories: 6, runsPerPoint: 150 },
  compare: { strategies: ['cheap', 'supported'], points: 12, runsPerPoint: 150 },
  weightDraws: { strategies: ['cheap', 'supported'], draws: 12, concentration: 20, runsPerPoint: 150 },
};
const report = await runSensitivity(scenario, options);
const morris = (id: string) => report.morris!.inputs.find((x) => x.id === id)!;

describe('Latin hypercube', () => {
  it('puts exactly one point in each of the n strata of every dimension', () => {
    const n = 37;
    const points = latinHypercube(5, n, seedrandom.alea('lhs'));
    expect(points).toHaveLength(n);
    for (let d = 0; d < 5; d++) {
      const strata = points.map((p) => Math.floor(p[d]! * n)).sort((a, b) => a - b);
      expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });
});

describe('Dirichlet draws', () => {
  it('average to the centre, with the variance m(1 - m)/(c + 1) of each share (seed dirichlet)', () => {
    const centre = [0.5, 0.3, 0.15, 0.05];
    const c = 20;
    const u = seedrandom.alea('dirichlet');
    const n = 20000;
    const sum = [0, 0, 0, 0];
    const sq = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) {
      const d = dirichlet(centre.map((m) => m * c), u);
      expect(d.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      d.forEach((x, j) => {
        sum[j]! += x;
        sq[j]! += x * x;
      });
    }
    centre.forEach((m, j) => {
      const mean = sum[j]! / n;
      expect(Math.abs(mean - m)).toBeLessThan(4 * Math.sqrt((m * (1 - m)) / (c + 1) / n));
      const variance = sq[j]! / n - mean * mean;
      expect(variance / ((m * (1 - m)) / (c + 1))).toBeGreaterThan(0.93);
      expect(variance / ((m * (1 - m)) / (c + 1))).toBeLessThan(1.07);
    });
  });

  it('keeps a share of weight 0 at 0', () => {
    expect(dirichlet([5, 0, 5], seedrandom.alea('z'))[1]).toBe(0);
  });
});

describe('Morris trajectories', () => {
  it('move one input at a time by delta on the grid, each input once per trajectory, inside [0, 1]', () => {
    for (const t of morrisTrajectories(6, 20, seedrandom.alea('traj'))) {
      expect(t.points).toHaveLength(7);
      expect([...t.order].sort()).toEqual([0, 1, 2, 3, 4, 5]);
      for (let j = 1; j < t.points.length; j++) {
        const changed = t.points[j]!.map((x, i) => (x !== t.points[j - 1]![i] ? i : -1)).filter((i) => i >= 0);
        expect(changed).toEqual([t.order[j - 1]]);
        expect(Math.abs(t.points[j]![changed[0]!]! - t.points[j - 1]![changed[0]!]!)).toBeCloseTo(MORRIS_DELTA, 12);
      }
      for (const p of t.points) for (const x of p) expect(x >= -1e-12 && x <= 1 + 1e-12).toBe(true);
    }
  });
});

describe('sensitivity over every judgement', () => {
  it('swings named assumptions and weights, and ranks by the surplus metric by default', () => {
    expect(report.formatVersion).toBe(2);
    expect(report.metric).toEqual({ id: 'surplus', label: "Surplus over the buyer's reservation", source: 'metric' });
    expect(report.swings.map((s) => [s.id, s.kind])).toEqual([
      ['param.pAccept', 'assumption'],
      ['param.inert', 'assumption'],
      ['param.noise', 'parameter'],
      ['param.reservation', 'assumption'],
      ['weight.buyer.price', 'weight'],
      ['weight.buyer.support', 'weight'],
      ['weight.seller.price', 'weight'],
      ['weight.seller.support', 'weight'],
    ]);
    const price = report.swings.find((s) => s.id === 'weight.buyer.price')!;
    [0.3, 0.6, 0.9].forEach((x, j) => expect([price.low, price.base, price.high][j]).toBeCloseTo(x, 12));
    // More weight on price favours the cheap offer the strategy makes; more on support, the opposite.
    expect(price.metric.lo!).toBeGreaterThan(0);
    expect(report.swings.find((s) => s.id === 'weight.buyer.support')!.metric.hi!).toBeLessThan(0);
  });

  it('screens the assumption that drives the deal as important and the inert inputs as changing nothing', () => {
    const driver = morris('param.pAccept');
    expect(driver.metric.muStar!).toBeGreaterThan(5 * driver.metric.noise!);
    expect(driver.metric.clear).toBeGreaterThanOrEqual(5);
    expect(driver.outcomes[0]!.muStar!).toBeGreaterThan(0.4);
    for (const id of ['param.inert', 'param.noise', 'weight.seller.price', 'weight.seller.support']) {
      expect(morris(id).none, id).toBe(true);
      expect(morris(id).metric.muStar).toBe(0);
    }
    expect([...report.inert.none].sort()).toEqual(['param.inert', 'param.noise', 'weight.seller.price', 'weight.seller.support']);
    expect(report.inert.withinNoise).toEqual([]);
  });

  it('compares strategies point by point: P(A beats B) and P(B beats A) add to 1, first-place shares to 1', () => {
    for (const r of [report.comparison!, report.weightRobustness!]) {
      const ab = r.pairs.find((p) => p.a === 'cheap' && p.b === 'supported')!;
      const ba = r.pairs.find((p) => p.a === 'supported' && p.b === 'cheap')!;
      expect(ab.pBeats + ba.pBeats).toBeCloseTo(1, 12);
      expect(ab.clearlyBetter).toBe(ba.clearlyWorse);
      expect(ab.diff.median).toBeCloseTo(-ba.diff.median!, 12);
      expect(r.ranking.reduce((s, x) => s + x.first, 0)).toBeCloseTo(1, 12);
      expect(ab.pBeatsLo).toBeLessThanOrEqual(ab.pBeats);
      expect(ab.pBeatsHi).toBeGreaterThanOrEqual(ab.pBeats);
    }
    expect(report.weightRobustness!.centre).toEqual({ price: 0.6, support: 0.4 });
  });

  it('keeps the ranking of the author\'s weights when the Dirichlet is concentrated on them', async () => {
    // At 0.6/0.4 the supported offer is worth 0.52 to the buyer, the cheap one 0.36, whatever the seller does.
    const tight = await runSensitivity(scenario, { seed: 'g', runs: 20, strategy: 'cheap', weights: 'none', weightDraws: { strategies: ['cheap', 'supported'], draws: 8, concentration: 1e6, runsPerPoint: 100 } });
    expect(tight.weightRobustness!.ranking.find((r) => r.strategy === 'supported')!.first).toBe(1);
    expect(tight.weightRobustness!.pairs.find((p) => p.a === 'supported')!.clearlyBetter).toBe(1);
  });

  it('gives the same report for the same seed, and other designs for another seed', async () => {
    const again = await runSensitivity(scenario, options);
    expect(JSON.stringify(again)).toBe(JSON.stringify(report));
    const other = await runSensitivity(scenario, { ...options, seed: 'h' });
    expect(JSON.stringify(other.morris)).not.toBe(JSON.stringify(report.morris));
  });
});

describe('a preference-weight variant', () => {
  it('plays exactly as the scenario compiled from the file with that weight edited', () => {
    const text = readFileSync(`${repoRoot}${fixture}`, 'utf8');
    const edited = JSON.parse(text);
    edited.parties.buyer.preferences.price.weight = 0.9;
    edited.parties.seller.preferences.support.weight = 0.1;
    const compiled = load(JSON.stringify(edited), fixture).scenario!;
    const variant = withPreferenceWeights(scenario, new Map([['buyer', new Map([['price', 0.9]])], ['seller', new Map([['support', 0.1]])]]));
    expect(variant.file.parties).toEqual(compiled.file.parties);
    for (const strategy of ['cheap', 'supported']) {
      for (let run = 0; run < 40; run++) {
        const a = runOnce(variant, { seed: 'v', run, strategy });
        const b = runOnce(compiled, { seed: 'v', run, strategy });
        expect(a.metrics, `run ${run} of seed 'v', ${strategy}`).toEqual(b.metrics);
        expect(a.outcomeIndex).toBe(b.outcomeIndex);
      }
    }
    // The original is untouched.
    expect(scenario.host.preferences.find((p) => p.issue === 'price')!.weight).toBe(0.6);
  });

  it('lists only weights above 0 and parameters with a range as inputs', () => {
    expect(sensitivityInputs(scenario, 'host').map((i) => i.id)).toEqual(['param.pAccept', 'param.inert', 'param.noise', 'param.reservation', 'weight.buyer.price', 'weight.buyer.support']);
    expect(sensitivityInputs(scenario, 'none').every((i) => i.kind !== 'weight')).toBe(true);
  });
});
