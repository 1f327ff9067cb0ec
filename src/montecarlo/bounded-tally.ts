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
  truncated = false;
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
    if (this.truncated && before(this.cutHash, this.cutKey, h, key)) return;
    this.counts.set(key, times);
    this.hashes.set(key, h);
    if (this.counts.size > this.limit) this.evict();
  }

  merge(other: BoundedTally): void {
    for (const [k, c] of other.counts) this.add(k, c);
    if (other.truncated) {
      this.truncated = true;
      // Keys above the other side's cut were dropped there; drop them here too for exactness.
      if (this.cutHash === Infinity || before(other.cutHash, other.cutKey, this.cutHash, this.cutKey)) {
        this.cutHash = other.cutHash;
        this.cutKey = other.cutKey;
      }
      for (const k of [...this.counts.keys()]) {
        if (before(this.cutHash, this.cutKey, this.hashes.get(k)!, k)) {
          this.counts.delete(k);
          this.hashes.delete(k);
        }
      }
    }
  }

  get size(): number {
    return this.counts.size;
  }

  /** Entries by count, descending; ties by key, so the order is stable. */
  top(n = Infinity): { key: string; count: number }[] {
    return [...this.counts.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, n)
      .map(([key, count]) => ({ key, count }));
  }

  toJSON(): { truncated: boolean; counts: [string, number][] } {
    return { truncated: this.truncated, counts: [...this.counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)) };
  }

  static fromJSON(j: ReturnType<BoundedTally['toJSON']>, limit = Infinity): BoundedTally {
    const t = new BoundedTally(limit);
    for (const [k, c] of j.counts) t.add(k, c);
    if (j.truncated) {
      // The cut is the largest kept (hash, key): recompute it from the kept keys.
      t.truncated = true;
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

  private evict(): void {
    let worst = '';
    let wh = -1;
    for (const [k, h] of this.hashes) {
      if (wh < 0 || before(wh, worst, h, k)) {
        wh = h;
        worst = k;
      }
    }
    this.counts.delete(worst);
    this.hashes.delete(worst);
    this.truncated = true;
    // The new cut: the largest kept key now.
    let ch = -1;
    let ck = '';
    for (const [k, h] of this.hashes) {
      if (ch < 0 || before(ch, ck, h, k)) {
        ch = h;
        ck = k;
      }
    }
    this.cutHash = ch;
    this.cutKey = ck;
  }
}

/** (h1, k1) < (h2, k2) in the order hashes first, then keys. */
function before(h1: number, k1: string, h2: number, k2: string): boolean {
  return h1 < h2 || (h1 === h2 && k1 < k2);
}

/** FNV-1a, 32 bits, over UTF-16 code units: a stable hash that does not depend on the process. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
