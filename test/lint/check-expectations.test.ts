import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkExpectations } from '../../src/lint/check-expectations.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { load, loadFixture, repoRoot } from '../load-fixture.js';

const fixture = 'test/fixtures/expectations/paired-known-answer.json';

describe('expectations that compare two strategies on the same runs', () => {
  const scenario = loadFixture(fixture);
  const results = checkExpectations(scenario, { seed: 'known', maxRuns: 4000 });
  const [signVsWait, scoreVsWait, waitVsSign, askVsWait, ownMean, wrongBelief] = results;

  it('gives the probability difference built into the scenario: signing beats waiting by one deal in every run', () => {
    expect(signVsWait).toMatchObject({ compare: ['sure', 'never'], strategy: 'sure', kind: 'outcome', value: 1, lo: 1, hi: 1, runs: 1000, samples: 1000, verdict: 'pass' });
  });

  it('pairs the runs: the metric difference is exactly 1 although each strategy alone varies with the luck parameter', () => {
    expect(scoreVsWait!.value).toBeCloseTo(1, 12);
    expect(scoreVsWait!.hi - scoreVsWait!.lo).toBeLessThan(1e-9);
    expect(scoreVsWait!.verdict).toBe('pass');
    // Unpaired, the same strategy's mean has an interval about 0.036 wide at 1,000 runs.
    expect(ownMean!.hi - ownMean!.lo).toBeGreaterThan(0.02);
    expect(ownMean!.verdict).toBe('undecided');
  });

  it('measures A − B in the order written', () => {
    expect(waitVsSign!.value).toBeCloseTo(-1, 12);
    expect(waitVsSign!.verdict).toBe('pass');
  });

  it('puts the share of runs in which a 50% response signs inside its interval, and the interval around the estimate', () => {
    const coin = askVsWait!;
    expect(coin.verdict).toBe('pass');
    expect(coin.lo).toBeLessThan(0.5);
    expect(coin.hi).toBeGreaterThan(0.5);
    expect(coin.lo).toBeLessThan(coin.value);
    expect(coin.hi).toBeGreaterThan(coin.value);
    // Against a strategy that never signs, the paired difference is P(deal | coin) itself.
    const alone = checkExpectations({ ...scenario, file: { ...scenario.file, expectations: [{ strategy: 'coin', outcome: 'deal', min: 0 }] } }, { seed: 'known', maxRuns: 1000 });
    expect(coin.value).toBe(alone[0]!.value);
  });

  it('fails a comparison whose interval lies wholly outside the bounds', () => {
    expect(wrongBelief).toMatchObject({ verdict: 'fail', runs: 1000 });
    expect(wrongBelief!.lo).toBeGreaterThan(0);
  });
});

describe('loading a comparison expectation', () => {
  const text = readFileSync(`${repoRoot}${fixture}`, 'utf8');
  const withExpectation = (x: object) => {
    const json = JSON.parse(text.replace(/^\/\/.*$/gm, '')) as { expectations: object[] };
    json.expectations = [x];
    return load(JSON.stringify(json, null, 2), 'compare.json');
  };

  it('names an unknown strategy in "compare" at its place in the file, with a did-you-mean hint', () => {
    const { problems } = withExpectation({ compare: ['sure', 'nevr'], outcome: 'deal', min: 0 });
    const p = problems.find((x) => x.code === 'E_UNKNOWN_STRATEGY');
    expect(p).toMatchObject({ path: ['expectations', 0, 'compare', 1], message: "no strategy 'nevr'" });
    expect(p!.hint).toContain('never');
  });

  it('refuses "strategy" together with "compare", and a strategy compared with itself', () => {
    expect(withExpectation({ strategy: 'sure', compare: ['sure', 'never'], outcome: 'deal', min: 0 }).problems.map((p) => p.code)).toContain('E_EXPECTATION');
    const same = withExpectation({ compare: ['sure', 'sure'], outcome: 'deal', min: 0 }).problems.find((p) => p.code === 'E_EXPECTATION');
    expect(same?.message).toContain("names 'sure' twice");
  });

  it('accepts a comparison in the flagship scenario', () => {
    const flagship = loadScenario(readFileSync(`${repoRoot}scenarios/turkey-rare-earths.yaml`, 'utf8'), 'scenarios/turkey-rare-earths.yaml');
    expect(flagship.scenario?.file.expectations.some((x) => x.compare !== undefined)).toBe(true);
  });
});
