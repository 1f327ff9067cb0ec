/**
 * Counts of string keys (a track's paths, its final states) with a hard bound on memory that keeps
 * merges exact and order-independent. Up to `limit` distinct keys every count is exact. Beyond that
 * it keeps the `limit` keys with the smallest hash (ties by the key itself): a key that is dropped can
 * never come back, because the set of smaller hashes only grows, so each kept count is still exact,
 * and the kept set is a function of the set of keys seen, not of their order or of the split. The
 * kept keys are then a uniform sample of the distinct keys, and `truncated` says so.
 */
export class BoundedTally {
  private readonly counts = new Map<string, number>();
  private readonly hashes = new Map<string, number>();
  /** Keys were dropped: counts cover a hash sample of the distinct keys. */
  private dropped = false;
  /** The largest (hash, key) kept once truncated; keys above it are ignored. */
  private cutHash = Infinity;
  private cutKey = '';

  constructor(readonly limit = Infinity) {}

  add(key: string, times = 1): void {
    const c = this.counts.get(key);
    if (c !== undefined) {
      this.counts.set(key, c + times);
      return;
    }
    if (this.limit === Infinity) {
      this.counts.set(key, times);
      return;
    }
    const h = fnv1a(key);
    if (this.dropped && before(this.cutHash, this.cutKey, h, key)) return;
    this.counts.set(key, times);
    this.hashes.set(key, h);
    // Trimmed in batches: up to twice the limit, keys wait; then the smallest `limit` stay (see trim).
    if (this.counts.size > 2 * this.limit) this.trim();
  }

  /** Keys were dropped: counts cover a hash sample of the distinct keys. */
  get truncated(): boolean {
    this.trim();
    return this.dropped;
  }

  merge(other: BoundedTally): void {
    this.mergeWire(other.toWire());
  }

  /**
   * The form a worker sends its block's tally in: keys and counts in parallel arrays (a typed array
   * is copied as one block, where an array of pairs is an object per key on both sides).
   */
  toWire(): TallyWire {
    this.trim();
    const keys = [...this.counts.keys()];
    const counts = new Float64Array(keys.length);
    for (let i = 0; i < keys.length; i++) counts[i] = this.counts.get(keys[i]!)!;
    return { keys, counts, truncated: this.dropped, cutHash: this.cutHash, cutKey: this.cutKey };
  }

  /** Merges a tally sent by toWire() (merge() goes through it too). */
  mergeWire(w: TallyWire): void {
    for (let i = 0; i < w.keys.length; i++) this.add(w.keys[i]!, w.counts[i]!);
    if (w.truncated) this.cutAt(w.cutHash, w.cutKey);
  }

  /** The other side dropped the keys above its cut: drop them here too, so counts stay exact. */
  private cutAt(cutHash: number, cutKey: string): void {
    this.trim();
    this.dropped = true;
    if (this.cutHash === Infinity || before(cutHash, cutKey, this.cutHash, this.cutKey)) {
      this.cutHash = cutHash;
      this.cutKey = cutKey;
    }
    for (const k of [...this.counts.keys()]) {
      if (before(this.cutHash, this.cutKey, this.hashes.get(k)!, k)) {
        this.counts.delete(k);
        this.hashes.delete(k);
      }
    }
  }

  get size(): number {
    this.trim();
    return this.counts.size;
  }

  /** Entries by count, descending; ties by key, so the order is stable. */
  top(n = Infinity): { key: string; count: number }[] {
    this.trim();
    return [...this.counts.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, n)
      .map(([key, count]) => ({ key, count }));
  }

  toJSON(): { truncated: boolean; counts: [string, number][] } {
    this.trim();
    return { truncated: this.dropped, counts: [...this.counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)) };
  }

  static fromJSON(j: ReturnType<BoundedTally['toJSON']>, limit = Infinity): BoundedTally {
    const t = new BoundedTally(limit);
    for (const [k, c] of j.counts) t.add(k, c);
    t.trim();
    if (j.truncated) {
      // The cut is the largest kept (hash, key): recompute it from the kept keys.
      t.dropped = true;
      let ch = -1;
      let ck = '';
      for (const k of t.counts.keys()) {
        const h = t.hashes.get(k) ?? fnv1a(k);
        if (ch < 0 || before(ch, ck, h, k)) {
          ch = h;
          ck = k;
        }
      }
      t.cutHash = ch;
      t.cutKey = ck;
    }
    return t;
  }

  /**
   * Keeps the `limit` smallest (hash, key) and makes the largest of them the cut. Run when the keys
   * reach twice the limit and before anything reads the tally: the result is the one evicting the
   * largest key at every insertion would give (a key dropped here is above the new cut, so it is
   * refused if it comes again, as it would have been), at a sort per `limit` insertions instead of a
   * scan of every key per insertion.
   */
  private trim(): void {
    if (this.counts.size <= this.limit) return;
    const keys = [...this.hashes.entries()].sort((a, b) => (before(a[1], a[0], b[1], b[0]) ? -1 : 1));
    for (let i = this.limit; i < keys.length; i++) {
      this.counts.delete(keys[i]![0]);
      this.hashes.delete(keys[i]![0]);
    }
    const [ck, ch] = keys[this.limit - 1] ?? ['', -1];
    this.dropped = true;
    this.cutHash = ch;
    this.cutKey = ck;
  }
}

/** A tally as a worker sends it (see BoundedTally.toWire). */
export interface TallyWire {
  readonly keys: readonly string[];
  readonly counts: Float64Array;
  readonly truncated: boolean;
  readonly cutHash: number;
  readonly cutKey: string;
}

/** (h1, k1) < (h2, k2) in the order hashes first, then keys. */
function before(h1: number, k1: string, h2: number, k2: string): boolean {
  return h1 < h2 || (h1 === h2 && k1 < k2);
}

/** The hash that orders keys once a tally is past its limit (exported for tests). */
export const tallyHash = (key: string): number => fnv1a(key);

/** FNV-1a, 32 bits, over UTF-16 code units: a stable hash that does not depend on the process. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
