import type { RunResult } from '../engine/simulation.js';

/** What the runs.csv columns are named after. */
export interface RunsCsvShape {
  readonly metrics: readonly string[];
  readonly tracks: readonly string[];
  readonly parameters: readonly string[];
  /** Add a `variant` column (batches that compare --compare-set variants). */
  readonly variants: boolean;
}

/**
 * The columns of runs.csv: run, strategy, [variant], outcome, rounds, dealRound, dealTrack, then one
 * column per metric, per track (its final state) and per parameter (its sampled value), named after
 * them. A track or parameter whose name is already taken gets a suffix (`_state`, `_param`), so every
 * column name is unique and pandas/R need no renaming.
 */
export function runsCsvColumns(shape: RunsCsvShape): string[] {
  const cols = ['run', 'strategy', ...(shape.variants ? ['variant'] : []), 'outcome', 'rounds', 'dealRound', 'dealTrack'];
  const taken = new Set(cols);
  const unique = (name: string, suffix: string) => {
    let n = taken.has(name) ? `${name}${suffix}` : name;
    for (let i = 2; taken.has(n); i++) n = `${name}${suffix}${i}`;
    taken.add(n);
    return n;
  };
  for (const m of shape.metrics) cols.push(unique(m, '_metric'));
  for (const t of shape.tracks) cols.push(unique(t, '_state'));
  for (const p of shape.parameters) cols.push(unique(p, '_param'));
  return cols;
}

export function runsCsvHeader(shape: RunsCsvShape): string {
  return runsCsvColumns(shape).map(csvField).join(',') + '\n';
}

/** One run as a CSV line (with its newline). Numbers in shortest round-trip form; NaN and "no deal" as empty cells. */
export function runsCsvRow(result: RunResult, strategy: string, variant: string | undefined): string {
  let line = `${JSON.stringify(result.run)},${csvField(strategy)}`; // not String(): see csvNumber
  if (variant !== undefined) line += `,${csvField(variant)}`;
  line += `,${csvField(result.outcome)},${result.rounds},${result.dealRound >= 0 ? result.dealRound : ''},${csvField(result.dealTrack)}`;
  for (const v of result.metrics) line += `,${csvNumber(v)}`;
  for (const s of result.finalStates) line += `,${csvField(s)}`;
  for (const v of result.parameters) line += `,${csvNumber(v)}`;
  return line + '\n';
}

function csvNumber(v: number): string {
  // JSON.stringify writes a finite number exactly as String() does, but without V8's number-to-string
  // cache: strings in that cache outlive the young generation and pile up in the old one, so with
  // String() a worker's heap (and the batch's peak memory) grew with the number of runs.
  return Number.isFinite(v) ? JSON.stringify(v) : '';
}

/** RFC 4180: quote a field that holds a comma, a quote or a line break; double the quotes inside. */
export function csvField(s: string): string {
  // Rows repeat the same few strings (outcome ids, state keys, the strategy): remember their quoting.
  let quoted = fieldCache.get(s);
  if (quoted === undefined) {
    quoted = /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    if (fieldCache.size < 10_000) fieldCache.set(s, quoted);
  }
  return quoted;
}

const fieldCache = new Map<string, string>();
