/** One forecast of a yes/no event: the probability given, and whether it happened. */
export interface BinaryForecast {
  readonly p: number;
  readonly happened: boolean;
}

/** One row of a reliability table: forecasts whose probability fell in [lo, hi). */
export interface ReliabilityBin {
  readonly lo: number;
  readonly hi: number;
  readonly forecasts: number;
  /** Mean probability given (null for an empty bin). */
  readonly meanForecast: number | null;
  /** Share of those events that happened (null for an empty bin). */
  readonly observed: number | null;
}

/**
 * A reliability (calibration) table: forecasts binned by probability into `bins` equal bins over
 * [0, 1] (the last bin includes 1); a well-calibrated forecaster's events happen about as often as it
 * said. With few forecasts a bin's observed share is noisy: read it with its count.
 */
export function reliabilityTable(forecasts: readonly BinaryForecast[], bins: number): ReliabilityBin[] {
  const rows = Array.from({ length: bins }, (_, i) => ({ lo: i / bins, hi: (i + 1) / bins, n: 0, sumP: 0, hits: 0 }));
  for (const f of forecasts) {
    const row = rows[Math.min(Math.floor(f.p * bins), bins - 1)]!;
    row.n++;
    row.sumP += f.p;
    if (f.happened) row.hits++;
  }
  return rows.map((r) => ({ lo: r.lo, hi: r.hi, forecasts: r.n, meanForecast: r.n === 0 ? null : r.sumP / r.n, observed: r.n === 0 ? null : r.hits / r.n }));
}
