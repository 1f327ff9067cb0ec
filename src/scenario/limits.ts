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
  /** Machine microsteps (eventless transitions) a single event may cause before the run stops. */
  microstepsPerEvent: 100,
  /** Signals delivered in one round before the run stops (catches signal ping-pong). */
  signalsPerRound: 1000,
} as const;
