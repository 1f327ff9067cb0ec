import type { KnobAssignment } from '../scenario/compiled-scenario.js';

/**
 * One arm of a batch: a host strategy and parameter settings. A plain batch has one arm; a comparison
 * (`--strategy all`, `--compare-set`) has several, all played on the same runs (same seed and run
 * index), so their differences are paired on common random numbers.
 */
export interface BatchArm {
  /** A short name for tables and the runs.csv `variant` column, e.g. "base" or "newcomerRisk=0.08". */
  readonly label: string;
  readonly strategy: string;
  /** Parameters held at a value, in the order given. */
  readonly sets: readonly (readonly [name: string, value: number])[];
  /** The variant part of the label ("base" when no --compare-set), shown when variants are compared. */
  readonly variant: string;
  /** Knobs of the strategy set with --knob (absent: the strategy's defaults). */
  readonly knobs?: KnobAssignment;
}

/**
 * What a batch runs: everything that determines its results, and nothing that does not (no worker
 * count, no block size, no wall clock), so two equal plans give byte-identical outputs.
 */
export interface BatchPlan {
  /** The scenario file's text, loaded once per worker; its hash is checked against `scenarioHash`. */
  readonly scenarioText: string;
  readonly scenarioFile: string;
  readonly scenarioHash: string;
  readonly seed: string;
  /** Run indices [start, end) of the batch of `runs` runs: a shard, or all of it. */
  readonly start: number;
  readonly end: number;
  readonly runs: number;
  readonly arms: readonly BatchArm[];
  /** Whether variants (not only strategies) differ between arms: adds a `variant` column to runs.csv. */
  readonly variants: boolean;
}

/** Runs per block: the unit of work handed to a worker and the step at which --until-ci checks. */
export const BLOCK_SIZE = 500;

/** Largest block (runs) handed to a worker: bounds what waits in the reorder window. */
export const MAX_BLOCK = 5000;

/**
 * Runs per block for a batch. Results never depend on it (aggregates merge exactly); --until-ci
 * checks at block boundaries, so it keeps a fixed, small block for a stopping point that is the same
 * everywhere. Otherwise about 16 blocks per worker, between BLOCK_SIZE and MAX_BLOCK. (10,000-run
 * blocks cut 10^6 flagship runs from ~69 s to ~65 s but raised peak memory from 240 MB to 295 MB.)
 */
export function blockSizeFor(runs: number, workers: number, untilCi: boolean): number {
  if (untilCi) return BLOCK_SIZE;
  return Math.min(MAX_BLOCK, Math.max(BLOCK_SIZE, Math.ceil(runs / (workers * 16) / BLOCK_SIZE) * BLOCK_SIZE));
}
