/**
 * Bounds on what a scenario file may ask of the machine. Scenario files are shared by email and chat,
 * so they are untrusted input: these keep a hostile or broken file from exhausting memory or time.
 */
export const limits = {
  /** Characters in a scenario file (about 5 MB). */
  fileBytes: 5_000_000,
  /** Depth of nested objects and arrays. */
  nesting: 64,
  /** Characters in one expression. */
  expressionLength: 2000,
  /** Nesting depth of one expression's syntax tree. */
  expressionDepth: 48,
  /** Syntax-tree nodes in one expression. */
  expressionNodes: 2000,
  tracks: 64,
  statesPerTrack: 2000,
  movesPerTrack: 200,
  events: 1000,
  parameters: 1000,
  worldVariables: 1000,
  /** Rounds in a run (`clock.horizon`). */
  rounds: 1000,
  /**
   * Guards XState may evaluate while handling one event before the run stops: a guarded eventless
   * ("always") cycle evaluates a guard on every pass. (Unguarded cycles are rejected at load.)
   */
  guardsPerEvent: 1000,
  /** Events delivered to track machines in one run (moves, signals, TICKs) before the run stops. */
  stepsPerRun: 1_000_000,
  /**
   * Entries in the trace of one run that keeps one (`parley run`, `replay`, the game): events, news,
   * signals, effects... The flagship's runs record 250-550. Batches keep no trace.
   */
  traceEntries: 100_000,
  /**
   * Magnitude of a metric's value in a batch run (infinities included). A batch sums every metric
   * and its square exactly; within a googol, neither the sums of 2^53 runs nor their squares come
   * near the largest double, so they never overflow and stay the same for any split into workers
   * and shards (at 1.7e308 one batch summed to NaN and two shards of it to -Infinity).
   */
  metricMagnitude: 1e100,
  /** Signals delivered in one round before the run stops (catches signal ping-pong). */
  signalsPerRound: 1000,
  /** Offers a negotiator considers for one counter-offer (the grid of a move's offered issues). */
  negotiationGrid: 20_000,
  /** Knobs of one strategy. */
  knobs: 32,
  /** Levels of one number knob (its range over its step, plus one). */
  knobLevels: 1001,
} as const;
