import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { repoRoot } from '../load-fixture.js';
import { loadScenarioWithDocument } from '../../src/scenario/load-scenario-with-document.js';
import { conditionBounds } from '../../src/lint/condition-bounds.js';

/** The lint fixture with an enum, a fixed and a normal parameter: pressure in [0, 1], horizon 8. */
function bounds() {
  const s = JSON.parse(readFileSync(`${repoRoot}test/fixtures/lint/clean.json`, 'utf8'));
  s.world.mood = { type: 'enum', values: ['calm', 'tense'], initial: 'calm' };
  s.parameters.share = { dist: { type: 'fixed', value: 0.6 } };
  s.parameters.drift = { dist: { type: 'normal', mean: 0, sd: 1 } };
  const { scenario, problems } = loadScenarioWithDocument(JSON.stringify(s), 'fixture.json');
  if (!scenario) throw new Error(problems.map((p) => p.message).join('; '));
  return conditionBounds(scenario);
}

describe('conditions decided without playing', () => {
  const b = bounds();

  it('proves conditions that always hold: constants, round counters, declared ranges', () => {
    for (const c of ['true', '1 < 2', 'self.rounds >= 0', 'round <= horizon', 'world.pressure <= 1.0', 'param.share == 0.6', "world.mood != 'angry'", '!(world.pressure > 2.0)', 'world.pressure > 2.0 || true']) {
      expect(b.truth(c), c).toBe('always');
    }
  });

  it('proves conditions that never hold', () => {
    for (const c of ['false', 'world.pressure > 1.5', 'self.rounds < 0', "world.mood == 'angry'", 'param.share > 0.7', 'round > horizon']) {
      expect(b.truth(c), c).toBe('never');
    }
  });

  it('leaves open what depends on the position, on an unbounded parameter or on a division that may be NaN', () => {
    for (const c of ['world.pressure > 0.5', 'param.drift > 10.0', 'param.patience > 5.0', 'world.pressure / world.pressure >= 0.0', 'tracks.vendor.deal', "tracks.vendor.state == 'signed'", 'tracks.vendor.received', 'self.received && world.pressure > 0.5', '!self.received']) {
      expect(b.truth(c), c).toBe('maybe');
    }
  });

  it('proves that a condition holds whenever a narrower one does', () => {
    expect(b.truth('world.pressure > 0.5', ['world.pressure > 0.7'])).toBe('always');
    expect(b.truth('world.pressure >= 0.5', ['world.pressure > 0.5'])).toBe('always');
    expect(b.truth("tracks.vendor.state == 'signed'", ["tracks.vendor.state == 'signed' && deal.price < 12.0"])).toBe('always');
    expect(b.truth('tracks.vendor.deal || world.pressure > 0.9', ['tracks.vendor.deal'])).toBe('always');
    expect(b.truth('0.5 < world.pressure', ['world.pressure > 0.6 && round > 2.0'])).toBe('always');
    expect(b.truth('!tracks.vendor.done', ['!tracks.vendor.done && world.pressure > 0.1'])).toBe('always');
  });

  it('does not claim implication where the narrower condition allows other cases', () => {
    expect(b.truth('world.pressure > 0.5', ['world.pressure >= 0.5'])).toBe('maybe');
    expect(b.truth('world.pressure > 0.5', ['world.pressure > 0.3'])).toBe('maybe');
    expect(b.truth("tracks.vendor.state == 'signed'", ["tracks.vendor.state == 'signed' || tracks.vendor.deal"])).toBe('maybe');
    expect(b.truth('tracks.vendor.deal && world.pressure > 0.9', ['tracks.vendor.deal'])).toBe('maybe');
  });

  it('gives the range of a numeric expression, exact for constants and fixed parameters', () => {
    expect(b.range('param.share + 0.5')).toEqual({ lo: 1.1, hi: 1.1 });
    expect(b.range('0.4 + 0.3 * world.pressure')).toEqual({ lo: 0.4, hi: expect.closeTo(0.7, 9) });
    expect(b.range('world.pressure > 0.5 ? 0.2 : 0.1')).toEqual({ lo: 0.1, hi: 0.2 });
    expect(b.range('1.0 / world.pressure')).toBeUndefined();
  });
});

describe('what a track state says', () => {
  const b = bounds();

  it('knows that a track in a meta.deal state is in a deal and one in a final state is done', () => {
    expect(b.truth('tracks.vendor.deal', ["tracks.vendor.state == 'signed'"])).toBe('always');
    expect(b.truth('tracks.vendor.done', ["tracks.vendor.state == 'walked'"])).toBe('always');
    expect(b.truth('tracks.vendor.deal', ["tracks.vendor.state == 'walked'"])).toBe('never');
    expect(b.truth('tracks.vendor.done', ["tracks.vendor.state == 'talks'"])).toBe('never');
    expect(b.truth("tracks.vendor.state == 'signed'", ['tracks.vendor.deal'])).toBe('maybe');
  });
});

describe('world numbers', () => {
  it('take their initial value even outside min..max (effects are clamped, initial values are not)', () => {
    const s = JSON.parse(readFileSync(`${repoRoot}test/fixtures/lint/clean.json`, 'utf8'));
    s.world.backlog = { type: 'number', initial: 5, min: 0, max: 1 };
    s.world.stock = { type: 'number', initial: 'param.patience', min: 0, max: 1 };
    const { scenario } = loadScenarioWithDocument(JSON.stringify(s), 'fixture.json');
    const b = conditionBounds(scenario!);
    expect(b.truth('world.backlog > 1.5')).toBe('maybe');
    expect(b.truth('world.backlog > 5.5')).toBe('never');
    expect(b.truth('world.stock > 5.0')).toBe('maybe');
    expect(b.truth('world.stock > 6.5')).toBe('never');
  });
});
