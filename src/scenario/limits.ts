/**
 * Bounds on what a scenario file may ask of the machine. Scenario files are shared by email and chat,
 * so they are untrusted input: these keep a hostile or broken file from exhausting memory or time.
 */
export const limits = {
  /** Bytes in a scenario file (5 MB); no more than one byte past it is ever read. */
  fileBytes: 5_000_000,
  /**
   * Bytes in a saved game (`play --load`) or a moves file (`play --moves`). The largest game the
   * other limits allow (1,000 rounds, 1,000 world variables) saves to about 25 MB.
   */
  saveBytes: 64_000_000,
  /**
   * Bytes in a batch's JSON file read back (summary.json, checkpoint.json, sensitivity.json,
   * pareto.json). runs.csv has no size limit: it is streamed, never held whole.
   */
  batchJsonBytes: 50_000_000,
  /** Depth of nested objects and arrays. */
  nesting: 64,
  /**
   * Values a YAML file's aliases (`*name`) may copy in all, counting every value inside each copied
   * one: without a bound, nine anchors that each repeat the one before ten times (a "billion
   * laughs" file of a few hundred bytes) would expand to a billion values.
   */
  yamlAliasValues: 100_000,
  /** Characters in one expression. */
  expressionLength: 2000,
  /** Nesting depth of one expression's syntax tree. */
  expressionDepth: 48,
  /** Syntax-tree nodes in one expression. */
  expressionNodes: 2000,
  tracks: 64,
  /**
   * Values (objects, arrays, strings, numbers...) that expanding track templates may make, a string
   * counting one per 100 characters: a small file could otherwise ask for a template body copied
   * into thousands of tracks, or a large parameter value put in thousands of times.
   */
  templateExpansion: 2_000_000,
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
  /**
   * Positions times the moves and events considered at each, summed over the runs `parley lint`
   * plays for its sampled rules (10-20 s of sampling on one core). Counted, not timed, so lint's
   * answer for a seed does not depend on the machine; past it the sampled rules are skipped
   * (W_LINT_BUDGET).
   */
  lintSampleWork: 10_000_000,
  /** Knobs of one strategy. */
  knobs: 32,
  /** Levels of one number knob (its range over its step, plus one). */
  knobLevels: 1001,
} as const;
