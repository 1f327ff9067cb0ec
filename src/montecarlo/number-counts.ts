import { mix32 } from '../engine/run-random.js';

/**
 * Counts by number key (a quantile sketch's values or buckets), in typed arrays: an open-addressing
 * hash table with linear probing. A Map<number, number> allocates a heap number per distinct
 * non-integer key; a batch block's sketches hold thousands of them for the length of the block, so
 * they outlived the young generation and grew the old one with every block (peak memory grew with
 * the number of runs). Here the only allocations are the tables, doubled as they fill.
 *
 * Keys are finite numbers; -0 counts as 0 (as in a Map). Iteration order is the table's, so callers
 * that need an order sort (QuantileSketch does).
 */
export class NumberCounts {
  private keyTable: Float64Array;
  private countTable: Float64Array;
  private usedTable: Uint8Array;
  private mask: number;
  size = 0;

  constructor(capacity = 64) {
    const n = 1 << Math.ceil(Math.log2(Math.max(8, capacity)));
    this.keyTable = new Float64Array(n);
    this.countTable = new Float64Array(n);
    this.usedTable = new Uint8Array(n);
    this.mask = n - 1;
  }

  /** Adds `c` to the count of `key`. */
  add(key: number, c: number): void {
    const k = key === 0 ? 0 : key;
    let i = slotOf(k) & this.mask;
    while (this.usedTable[i] === 1) {
      if (this.keyTable[i] === k) {
        this.countTable[i]! += c;
        return;
      }
      i = (i + 1) & this.mask;
    }
    this.usedTable[i] = 1;
    this.keyTable[i] = k;
    this.countTable[i] = c;
    this.size++;
    if (this.size * 2 > this.mask + 1) this.grow();
  }

  get(key: number): number | undefined {
    const k = key === 0 ? 0 : key;
    let i = slotOf(k) & this.mask;
    while (this.usedTable[i] === 1) {
      if (this.keyTable[i] === k) return this.countTable[i];
      i = (i + 1) & this.mask;
    }
    return undefined;
  }

  keys(): number[] {
    const out: number[] = [];
    for (let i = 0; i <= this.mask; i++) if (this.usedTable[i] === 1) out.push(this.keyTable[i]!);
    return out;
  }

  /** The keys and their counts, in the same (table) order: one typed array each. */
  keyArray(): Float64Array {
    const out = new Float64Array(this.size);
    let n = 0;
    for (let i = 0; i <= this.mask; i++) if (this.usedTable[i] === 1) out[n++] = this.keyTable[i]!;
    return out;
  }

  countArray(): Float64Array {
    const out = new Float64Array(this.size);
    let n = 0;
    for (let i = 0; i <= this.mask; i++) if (this.usedTable[i] === 1) out[n++] = this.countTable[i]!;
    return out;
  }

  entries(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i <= this.mask; i++) if (this.usedTable[i] === 1) out.push([this.keyTable[i]!, this.countTable[i]!]);
    return out;
  }

  [Symbol.iterator](): Iterator<[number, number]> {
    return this.entries()[Symbol.iterator]();
  }

  private grow(): void {
    const keys = this.keyTable;
    const counts = this.countTable;
    const used = this.usedTable;
    const n = (this.mask + 1) * 2;
    this.keyTable = new Float64Array(n);
    this.countTable = new Float64Array(n);
    this.usedTable = new Uint8Array(n);
    this.mask = n - 1;
    this.size = 0;
    for (let i = 0; i < used.length; i++) if (used[i] === 1) this.add(keys[i]!, counts[i]!);
  }
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/** A well-mixed 32-bit hash of a double's bits. */
function slotOf(k: number): number {
  bits[0] = k;
  return mix32((words[0]! ^ Math.imul(words[1]!, 0x9e3779b1)) >>> 0);
}
