import type { RunColumns } from '../../montecarlo/run-columns.js';
import type { BatchArm } from '../../montecarlo/batch-plan.js';

/** What the explorer needs to know about the scenario: names and labels, as summary.json stores them. */
export interface ExploreScenario {
  readonly title: string;
  readonly outcomes: readonly { readonly id: string; readonly label: string }[];
  readonly metrics: readonly { readonly id: string; readonly label: string; readonly unit: string | null }[];
  readonly tracks: readonly { readonly id: string; readonly label: string }[];
  readonly parameters: readonly { readonly name: string; readonly label: string }[];
}

/** A run's trace as text lines, or why it cannot be shown. */
export type ReplayResult = { readonly lines: readonly string[] } | { readonly error: string };

/** Where a live batch is. */
export interface LiveStatus {
  readonly state: 'running' | 'paused' | 'stopped' | 'complete' | 'failed';
  /** Run indices finished (each under every arm). */
  readonly done: number;
  readonly total: number;
  /** Time spent running (pauses left out). */
  readonly elapsedMs: number;
  readonly error?: string;
}

/** A batch that runs while the explorer shows it: its rows arrive in the store. */
export interface LiveBatch {
  status(): LiveStatus;
  /** Called (at most a few times a second) when rows arrived or the status changed; returns an unsubscribe. */
  subscribe(listener: () => void): () => void;
  togglePause(): void;
  stop(): void;
}

/**
 * The runs the explorer shows and where they come from: a finished --out folder, or a live batch
 * filling the store. `replay` plays row r's run again with the engine (seed, run index, the arm's
 * strategy and held parameters) and returns its trace.
 */
export interface ExploreSource {
  readonly store: RunColumns;
  readonly scenario: ExploreScenario;
  readonly arms: readonly BatchArm[];
  readonly seed: string;
  /** "out/duel" or "scenarios/x.json, live". */
  readonly origin: string;
  readonly replay?: (row: number) => ReplayResult;
  readonly live?: LiveBatch;
}
