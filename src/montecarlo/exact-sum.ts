/**
 * A floating-point sum kept exactly, as non-overlapping partials (Shewchuk's algorithm, the one behind
 * Python's `math.fsum`). The value is the exact sum rounded once, so it does not depend on the order
 * of the additions or on how the runs were split between workers and shards: this is what makes a
 * batch's means and standard deviations byte-identical for any `--workers` and any `--shard` split.
 *
 * @example
 *   const s = new ExactSum(); s.add(0.1); s.add(0.2); s.add(-0.3); s.value() // 2.7755575615628914e-17 (the exact sum, rounded)
 */
export class ExactSum {
  /** Non-overlapping, increasing in magnitude; their exact sum is the sum of everything added. */
  private partials: number[] = [];
  /** Sum of infinities and NaNs, which the partials cannot hold. */
  private special = 0;

  add(x: number): void {
    if (!Number.isFinite(x)) {
      this.special += x;
      return;
    }
    const p = this.partials;
    let i = 0;
    for (let j = 0; j < p.length; j++) {
      let y = p[j]!;
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[i++] = lo;
      x = hi;
    }
    if (!Number.isFinite(x)) {
      // Overflow of the running sum: keep it as a special value (the sum is out of range anyway).
      p.length = 0;
      this.special += x;
      return;
    }
    p.length = i;
    if (x !== 0) p.push(x);
  }

  merge(other: ExactSum): void {
    for (const x of other.partials) this.add(x);
    this.special += other.special;
  }

  /** The exact sum, correctly rounded to a double (round-half-even, as `math.fsum`). */
  value(): number {
    if (this.special !== 0 || Number.isNaN(this.special)) return this.special;
    return roundPartials(this.partials);
  }

  /** The partials, for arithmetic that must stay exact (see `exactVarianceNumerator`). */
  parts(): readonly number[] {
    return this.partials;
  }

  toJSON(): (number | string)[] {
    // Canonical: the partials are unique for a given exact value only up to the order of additions,
    // so store the value re-normalised from a fresh accumulator fed in a fixed order.
    return canonicalPartials(this.partials, this.special);
  }

  /** Adds a sum stored by toJSON() (its parts add up to it exactly; a special value is stored as text). */
  mergeJSON(parts: readonly (number | string)[]): void {
    for (const x of parts) this.add(typeof x === 'string' ? Number(x) : x);
  }

  static fromJSON(parts: readonly (number | string)[]): ExactSum {
    const s = new ExactSum();
    s.mergeJSON(parts);
    return s;
  }
}

function roundPartials(p: readonly number[]): number {
  let n = p.length;
  if (n === 0) return 0;
  let hi = p[--n]!;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = p[--n]!;
    hi = x + y;
    const yr = hi - x;
    lo = y - yr;
    if (lo !== 0) break;
  }
  // Round half to even across the remaining partials (the correction from Python's msum).
  if (n > 0 && ((lo < 0 && p[n - 1]! < 0) || (lo > 0 && p[n - 1]! > 0))) {
    const y = lo * 2;
    const x = hi + y;
    const yr = x - hi;
    if (y === yr) hi = x;
  }
  return hi;
}

/**
 * A canonical list for an exact value: repeatedly take the rounded value and subtract it exactly.
 * Two accumulators with the same exact sum give the same list, whatever order they were fed in.
 */
function canonicalPartials(p: readonly number[], special: number): (number | string)[] {
  if (special !== 0 || Number.isNaN(special)) return [String(special)];
  const out: number[] = [];
  let rest = new ExactSum();
  for (const x of p) rest.add(x);
  for (let guard = 0; guard < 64; guard++) {
    const v = rest.value();
    if (v === 0) break;
    out.push(v);
    const next = new ExactSum();
    for (const x of rest.parts()) next.add(x);
    next.add(-v);
    rest = next;
  }
  return out;
}

/**
 * The rounding error of x * y: x * y === hi + lo exactly, where hi = x * y as JavaScript computes it
 * (Dekker's product with Veltkamp splitting; JavaScript has no fused multiply-add). No allocation:
 * this runs once per metric per run.
 */
export function productError(x: number, y: number, hi: number): number {
  if (!Number.isFinite(hi)) return 0;
  // Scale huge factors so the splitting product cannot overflow (power-of-two scaling is exact).
  let scale = 1;
  if (Math.abs(x) > 6.696928794914171e299) {
    x *= 3.725290298461914e-9;
    scale *= 268435456;
  }
  if (Math.abs(y) > 6.696928794914171e299) {
    y *= 3.725290298461914e-9;
    scale *= 268435456;
  }
  let c = SPLITTER * x;
  const xh = c - (c - x);
  const xl = x - xh;
  c = SPLITTER * y;
  const yh = c - (c - y);
  const yl = y - yh;
  const h = x * y;
  return (xl * yl - (((h - xh * yh) - xl * yh) - xh * yl)) * scale;
}

const SPLITTER = 134217729; // 2^27 + 1

/**
 * n * sumSquares - sum^2, computed exactly from the exact sums and rounded once: the numerator of
 * the sample variance without the cancellation of the textbook formula.
 */
export function exactVarianceNumerator(n: number, sum: ExactSum, sumSquares: ExactSum): number {
  const acc = new ExactSum();
  for (const s of sumSquares.parts()) {
    const h = s * n;
    acc.add(h);
    acc.add(productError(s, n, h));
  }
  const parts = sum.parts();
  for (let i = 0; i < parts.length; i++) {
    for (let j = 0; j < parts.length; j++) {
      const h = parts[i]! * parts[j]!;
      acc.add(-h);
      acc.add(-productError(parts[i]!, parts[j]!, h));
    }
  }
  return acc.value();
}
