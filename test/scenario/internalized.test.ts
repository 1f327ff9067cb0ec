import { describe, expect, it } from 'vitest';
import { internalized } from '../../src/scenario/internalized.js';
import { loadFixture } from '../load-fixture.js';

describe('internalized', () => {
  it('returns an equal string for any text, prototype names and numbers included', () => {
    for (const s of ['active.study', '__proto__', 'constructor', '12', '-0', '', 'süd,ost', 'a'.repeat(200)]) expect(internalized(s)).toBe(s);
  });

  it('leaves scenario values as they are written (the enum values of the flagship)', () => {
    const scenario = loadFixture('scenarios/turkey-rare-earths.json');
    const world = scenario.file.world as Record<string, { initial?: unknown }>;
    expect(Object.values(world).some((w) => typeof w.initial === 'string')).toBe(true);
    expect(JSON.stringify(scenario.file.world)).toContain('"suspended"');
  });
});
