import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BoundedTally, tallyHash } from '../../src/montecarlo/bounded-tally.js';

const tallyOf = (keys: readonly string[], limit: number) => {
  const t = new BoundedTally(limit);
  for (const k of keys) t.add(k);
  return t;
};

describe('BoundedTally', () => {
  it('counts exactly below its limit, most frequent first and ties by key', () => {
    const t = tallyOf(['b', 'a', 'b', 'c', 'a', 'b'], 10);
    expect(t.top()).toEqual([
      { key: 'b', count: 3 },
      { key: 'a', count: 2 },
      { key: 'c', count: 1 },
    ]);
    expect(t.truncated).toBe(false);
  });

  it('keeps the same keys and exact counts whatever the split and order, even past its limit', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }).map((i) => `path-${i}`), { maxLength: 400 }), fc.nat(), fc.integer({ min: 1, max: 30 }), (keys, cut, limit) => {
        const k = cut % (keys.length + 1);
        const whole = tallyOf(keys, limit);
        const merged = tallyOf(keys.slice(k).reverse(), limit);
        merged.merge(tallyOf(keys.slice(0, k), limit));
        expect(JSON.stringify(merged.toJSON())).toBe(JSON.stringify(whole.toJSON()));
        // Each kept count is the true count.
        for (const { key, count } of whole.top()) expect(count).toBe(keys.filter((x) => x === key).length);
        expect(whole.size).toBe(Math.min(limit, new Set(keys).size));
        expect(JSON.stringify(BoundedTally.fromJSON(whole.toJSON(), limit).toJSON())).toBe(JSON.stringify(whole.toJSON()));
        // What a worker sends (cloned as postMessage clones it) merges to the same state.
        const wired = tallyOf(keys.slice(k), limit);
        wired.mergeWire(structuredClone(tallyOf(keys.slice(0, k), limit).toWire()));
        expect(JSON.stringify(wired.toJSON())).toBe(JSON.stringify(whole.toJSON()));
      }),
      { seed: 9, numRuns: 300 },
    );
  });

  it('keeps exactly the limit smallest keys by (hash, key), with their full counts, however long the stream', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }).map((i) => `state-${i} > next-${i % 7}`), { maxLength: 2000 }), fc.integer({ min: 1, max: 50 }), (keys, limit) => {
        const t = tallyOf(keys, limit);
        const distinct = [...new Set(keys)].sort((a, b) => tallyHash(a) - tallyHash(b) || (a < b ? -1 : a > b ? 1 : 0));
        const kept = distinct.slice(0, limit);
        expect(t.truncated).toBe(distinct.length > limit);
        expect(t.top().map((e) => e.key).sort()).toEqual([...kept].sort());
        for (const { key, count } of t.top()) expect(count).toBe(keys.filter((x) => x === key).length);
      }),
      { seed: 21, numRuns: 200 },
    );
  });
});
