import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlockList } from '../../src/montecarlo/run-batch.js';
import { shardRange } from '../../src/cli/batch-options.js';

/** The blocks as the batch runner cut them before they were computed lazily (#22 item 9): the reference. */
function eagerBlocks(start: number, end: number, size: number): [number, number][] {
  const blocks: [number, number][] = [];
  for (let s = start; s < end; ) {
    const e = Math.min(end, (Math.floor(s / size) + 1) * size);
    blocks.push([s, e]);
    s = e;
  }
  return blocks;
}

describe('BlockList (blocks of run indices, computed when asked)', () => {
  it('cuts exactly the blocks of the eager loop, for any range and block size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 1, max: 5000 }), (a, length, size) => {
        const list = new BlockList(a, a + length, size);
        const blocks = Array.from({ length: list.count }, (_, i) => list.at(i));
        expect(blocks).toEqual(eagerBlocks(a, a + length, size));
      }),
    );
  });

  it('describes 10^15 runs without allocating a block each', () => {
    const list = new BlockList(0, 1e15, 5000);
    expect(list.count).toBe(2e11);
    expect(list.at(list.count - 1)).toEqual([1e15 - 5000, 1e15]);
    const resumed = new BlockList(123_456_789_012_345, 1e15, 5000);
    expect(resumed.at(0)).toEqual([123_456_789_012_345, 123_456_789_015_000]);
    expect(resumed.at(1)).toEqual([123_456_789_015_000, 123_456_789_020_000]);
  });
});

describe('shardRange', () => {
  it('tiles a batch of 10^15 runs into 999 shards without gaps or overlaps (k * runs passes 2^53)', () => {
    const runs = 1e15;
    let at = 0;
    for (let k = 1; k <= 999; k++) {
      const r = shardRange(runs, { index: k, count: 999 });
      expect(r.start).toBe(at);
      expect(Number.isSafeInteger(r.end)).toBe(true);
      at = r.end;
    }
    expect(at).toBe(runs);
  });

  it('gives the exact floor of k * runs / n where doubles round it up (622,797,094,485,703 runs, shard 906,830 of 985,068)', () => {
    // In doubles 906830 * 622797094485703 / 985068 rounds to ...799 exactly, whose floor is one too many.
    expect(shardRange(622_797_094_485_703, { index: 906_830, count: 985_068 }).end).toBe(573_332_083_868_798);
  });
});
