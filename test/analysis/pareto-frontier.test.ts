import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CompiledParty, CompiledPreference } from '../../src/scenario/compiled-scenario.js';
import { distanceToFrontier, nashPoint, paretoFrontier } from '../../src/analysis/pareto-frontier.js';
import { numberGrid, offerSpace } from '../../src/analysis/offer-space.js';
import { utility } from '../../src/engine/simulation.js';
import { loadFixture } from '../load-fixture.js';

function party(id: string, preferences: CompiledPreference[]): CompiledParty {
  return { id, label: id, role: 'counterpart', preferences, totalWeight: preferences.reduce((s, p) => s + p.weight, 0), reservation: { literal: 0 } };
}

// Two issues, each worth more to one side: the classic logroll. Packages (x, y) in {0,1}^2:
// (0,0) = host 0, counterpart 1; (1,0) = 0.75, 0.75; (0,1) = 0.25, 0.25; (1,1) = 1, 0.
const host = party('host', [
  { issue: 'x', weight: 3, best: 1, worst: 0 },
  { issue: 'y', weight: 1, best: 1, worst: 0 },
]);
const other = party('other', [
  { issue: 'x', weight: 1, best: 0, worst: 1 },
  { issue: 'y', weight: 3, best: 0, worst: 1 },
]);
const space = [
  { issue: 'x', values: [0, 1] },
  { issue: 'y', values: [0, 1] },
];

describe('Pareto frontier and Nash point', () => {
  const frontier = paretoFrontier(host, other, space);

  it('keeps the three undominated packages of a two-issue logroll, with their terms', () => {
    expect(frontier.map((p) => [p.host, p.counterpart, p.terms])).toEqual([
      [0, 1, { x: 0, y: 0 }],
      [0.75, 0.75, { x: 1, y: 0 }],
      [1, 0, { x: 1, y: 1 }],
    ]);
  });

  it('puts the Nash point at the logroll (each side gets the issue it cares about)', () => {
    expect(nashPoint(frontier, { host: 0, counterpart: 0 })).toMatchObject({ host: 0.75, counterpart: 0.75, terms: { x: 1, y: 0 } });
  });

  it('moves the Nash point with the disagreement point, and finds none without a zone of agreement', () => {
    expect(nashPoint(frontier, { host: 0.8, counterpart: 0 })).toMatchObject({ terms: { x: 1, y: 1 } });
    expect(nashPoint(frontier, { host: 0.8, counterpart: 0.1 })).toBeUndefined();
  });

  it('measures the dominated package (0,1) as 0.5 of joint gain and √0.5 from the frontier', () => {
    const d = distanceToFrontier({ host: 0.25, counterpart: 0.25 }, frontier);
    expect(d.jointGain).toBeCloseTo(0.5, 12);
    expect(d.distance).toBeCloseTo(Math.SQRT1_2, 12);
    expect(distanceToFrontier({ host: 0.75, counterpart: 0.75 }, frontier)).toEqual({ distance: 0, jointGain: 0 });
  });

  it('matches a brute-force frontier over the whole grid (property, fast-check)', () => {
    const pref = (issue: string, kind: 'number' | 'enum') =>
      kind === 'number'
        ? fc.record({ weight: fc.integer({ min: 1, max: 9 }), dir: fc.boolean() }).map(({ weight, dir }): CompiledPreference => ({ issue, weight, best: dir ? 10 : 0, worst: dir ? 0 : 10 }))
        : fc.record({ weight: fc.integer({ min: 1, max: 9 }), a: fc.integer({ min: 0, max: 4 }), b: fc.integer({ min: 0, max: 4 }), c: fc.integer({ min: 0, max: 4 }) }).map(
            ({ weight, a, b, c }): CompiledPreference => ({ issue, weight, values: new Map([["a", a / 4], ["b", b / 4], ["c", c / 4]]) }),
          );
    const parties = fc.tuple(pref('n', 'number'), pref('m', 'number'), pref('e', 'enum'), pref('n', 'number'), pref('m', 'number'), pref('e', 'enum'));
    fc.assert(
      fc.property(parties, fc.integer({ min: 1, max: 5 }), ([h1, h2, h3, c1, c2, c3], step) => {
        const h = party('h', [h1, h2, h3]);
        const c = party('c', [c1, c2, c3]);
        const grid = [
          { issue: 'n', values: numberGrid(0, 10, step) },
          { issue: 'm', values: numberGrid(0, 10, 5) },
          { issue: 'e', values: ['a', 'b', 'c'] },
        ];
        const all: { host: number; counterpart: number }[] = [];
        for (const n of grid[0]!.values) for (const m of grid[1]!.values) for (const e of grid[2]!.values) all.push({ host: utility(h, { n, m, e }), counterpart: utility(c, { n, m, e }) });
        const undominated = all.filter((p) => !all.some((q) => q.host >= p.host - 1e-12 && q.counterpart >= p.counterpart - 1e-12 && (q.host > p.host + 1e-12 || q.counterpart > p.counterpart + 1e-12)));
        const key = (p: { host: number; counterpart: number }) => `${p.host.toFixed(9)}|${p.counterpart.toFixed(9)}`;
        const fast = paretoFrontier(h, c, grid);
        expect(new Set(fast.map(key))).toEqual(new Set(undominated.map(key)));
        for (const p of fast) expect(utility(h, p.terms)).toBeCloseTo(p.host, 12);
      }),
      { numRuns: 200, seed: 8 },
    );
  });
});

describe('offer space', () => {
  it("grids number issues in the moves' range and step, and keeps enum values", () => {
    const scenario = loadFixture('test/fixtures/analysis/driver-and-inert.json');
    expect(offerSpace(scenario, scenario.tracks[0]!)).toEqual([
      { issue: 'price', values: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100] },
      { issue: 'support', values: ['none', 'basic', 'full'] },
    ]);
  });

  it('includes the top of a range that the step does not reach, and coarsens a step too fine', () => {
    expect(numberGrid(0, 1, 0.3)).toEqual([0, 0.3, 0.6, 0.9, 1]);
    expect(numberGrid(0, 1000, 1)).toHaveLength(101);
  });
});
