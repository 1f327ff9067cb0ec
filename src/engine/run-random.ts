import seedrandom from 'seedrandom';

/**
 * The randomness of one run. Parameters are sampled from a seedrandom `alea` stream seeded with
 * (seed, run index) alone, so any run can be replayed without the others. Draws inside the run are
 * *positional*: the uniform for (round, slot) is a hash of the run's key and that position, so two
 * strategies or scenario variants run on the same seed see the same draw for the same event in the
 * same round even when they make different numbers of draws (common random numbers), and a saved
 * game needs no generator state beyond (seed, run).
 */
export class RunRandom {
  /** The alea stream: parameters, then the run key. */
  readonly stream: () => number;
  private readonly k1: number;
  private readonly k2: number;

  constructor(
    readonly seed: string,
    readonly run: number,
  ) {
    // JSON.stringify(run) is String(run) without V8's number-to-string cache (see CsvBytes in
    // montecarlo/runs-csv.ts): a cached string per run index would be promoted and grow the old generation.
    this.stream = seedrandom.alea(seed + ':' + JSON.stringify(run));
    this.k1 = (this.stream() * 4294967296) >>> 0;
    this.k2 = (this.stream() * 4294967296) >>> 0;
  }

  /** A uniform in [0, 1) for a position in the run: the same position always gives the same number. */
  at(round: number, slot: number): number {
    const hi = mix32(this.k1 ^ mix32(Math.imul(round + 1, 0x9e3779b1) ^ slot));
    const lo = mix32(this.k2 ^ mix32(Math.imul(slot + 1, 0x85ebca77) ^ hi ^ round));
    // 53 bits: 32 from hi, 21 from lo.
    return (hi * 2097152 + (lo >>> 11)) / 9007199254740992;
  }
}

/** lowbias32 (C. Wellons): a full-avalanche 32-bit integer hash. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}
