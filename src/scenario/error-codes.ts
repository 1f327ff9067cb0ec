/**
 * Every error code Parley reports, with what it means in one line. Codes are stable: users and
 * scripts match on them. `ScenarioProblem` (a scenario file), `SimulationError` (a run) and
 * `UserError` (the command line) take only these, and docs/error-codes.md is generated from this
 * list (`npm run docs`); test/scenario/error-codes.test.ts fails when a code used in src/ is missing
 * here, when one here is used nowhere, or when the docs are stale. This file imports nothing, so
 * every layer may import it.
 *
 * @example
 * throw new UserError('--runs must be a whole number', undefined, 'E_USAGE');
 */
export const ERROR_CODES = {
  E_BACKTEST_FOLDER: '`parley backtest` was given a folder that does not exist, cannot be read, or is a file',
  E_BASE_RATE: "the resolution's base rate leaves out an outcome, rules one out (probability 0), or does not sum to 1",
  E_COUNTERPART_ROLE: "a track's counterpart is the host party; it must be a party with \"role\": \"counterpart\"",
  E_DATE: 'a date is not a real calendar date, or a scheduled event falls before the clock starts',
  E_DISTRIBUTION: "a parameter's distribution is impossible (e.g. a range whose low end is above its high end)",
  E_DUPLICATE_KEY: 'a key appears twice in one JSON object (JSON would silently keep the last)',
  E_EFFECT_TYPE: 'an effect writes a literal of the wrong type to a world variable (a number to a boolean, ...)',
  E_ENUM_LITERAL: 'an effect writes a bare enum value, which would be read as an expression: write it as a CEL string',
  E_ENUM_VALUE: 'a value is not one of its enum\'s values (in the file, or computed during a run)',
  E_EVALUATION: 'an expression threw while a run evaluated it',
  E_EVENTLESS_LOOP: 'states pass control to each other through unguarded "always" transitions: the track would never settle',
  E_EXPECTATION: 'an expectation names neither or both of "outcome" and "metric", or has neither "min" nor "max"',
  E_EXPR_FORBIDDEN: 'an expression uses a function or field that scenarios may not use (it could hang or reach JavaScript internals)',
  E_EXPR_RESULT_TYPE: 'an expression gives the wrong kind of value for where it stands (a number where a condition is needed, ...)',
  E_EXPR_SCOPE: 'an expression reads a variable that exists but is not available where it stands',
  E_EXPR_SYNTAX: 'an expression is not valid CEL syntax',
  E_EXPR_TOO_COMPLEX: 'an expression has too many nodes or is nested too deeply',
  E_EXPR_TOO_LONG: 'an expression is longer than the limit',
  E_EXPR_TYPE: 'an expression combines values of types that do not mix (a number and a string, ...)',
  E_EXPR_UNKNOWN_FUNCTION: 'an expression calls a function that does not exist',
  E_EXPR_UNKNOWN_NAME: 'an expression reads a variable or field that does not exist',
  E_FILE: 'a scenario file cannot be read',
  E_FILE_TOO_LARGE: 'a scenario file is larger than the limit',
  E_FINAL_STATE: 'a final state has transitions or child states',
  E_FORBIDDEN_KEY: 'a JSON key that reaches JavaScript prototypes (__proto__, constructor, prototype)',
  E_FORMAT: 'a string does not have the required format (e.g. a date)',
  E_HOST: 'the scenario does not have exactly one party with "role": "host"',
  E_IMPURE_GUARD: "XState evaluated a track's guards in a different order for the same state and event: a guard depends on more than the run's state",
  E_INTERNAL: "Parley's own invariant failed (a guard or action was not compiled): a bug to report",
  E_JSON_SYNTAX: 'the file is not valid JSON (comments and trailing commas are allowed)',
  E_LIMIT: 'the scenario has more of something (tracks, states, moves, ...) than the limit',
  E_MACHINE: "XState rejects a track's machine, or fails on an event during a run",
  E_MISSING: 'a required field is missing',
  E_MOVE: 'a move that cannot be made now: not available, two on one track, too many in a round, or none by that name',
  E_MOVE_REF: 'a strategy rule names a move not written as "track.move" or "wait"',
  E_NAME: 'a name (of a track, state, variable, ...) is not a valid identifier',
  E_NOT_FINITE: 'an expression gave NaN or an infinity where a number was needed, during a run',
  E_NO_INITIAL: 'a state with child states has no "initial"',
  E_NO_OFFER: 'a response takes "terms": "offer" (or a negotiator decision) but its move makes no offer',
  E_NO_OUTCOME: 'the scenario has no outcome',
  E_NO_RESOLUTION: '`parley backtest` found no scenario, or no scenario that records a real outcome (asOf and resolution)',
  E_NO_STRATEGY: 'the scenario has no strategy',
  E_NO_TRACK: 'the scenario has no track',
  E_NO_TTY: '`parley play` needs an interactive terminal; script the moves with --moves instead',
  E_NUMBER_RANGE: 'a number in the file is too large to represent',
  E_OFFER: 'an offer gives a value of the wrong type or outside its issue\'s values',
  E_OFFER_ISSUE: 'a strategy rule sets an offer for an issue its move does not offer',
  E_OUTCOME_ORDER: 'an outcome without "when" (a catch-all) is not the last: the outcomes after it can never be chosen',
  E_PARAMETER_RANGE: "a named assumption's plausible range is reversed or does not contain its value",
  E_PHASE: 'a step of a run or game was asked for out of order (e.g. moves before the round began, or after the end)',
  E_PREFERENCE_KIND: 'a preference gives "best"/"worst" for an enum issue, or "values" for a number issue',
  E_PROBABILITY: 'a probability in the file is outside [0, 1]',
  E_RANGE: 'a min above its max, "best" equal to "worst", or a value outside its declared range',
  E_REMAINDER_NOT_LAST: 'a response other than the last omits "p" (only the last takes the remaining probability)',
  E_REPLAY: 'a logged game does not replay: the game ended before its log did',
  E_RESOLUTION_AS_OF: 'a resolution without "asOf", the date the forecast was made',
  E_RESOLUTION_DATE: 'a resolution date or deal date is not after asOf, or the deal date is outside the clock or after the resolution',
  E_RESOLUTION_DEAL_DATE: 'a resolution whose outcome is a deal does not give "dealDate"',
  E_SAMPLE_RUN_FAILED: 'a run that `parley lint` played to sample the scenario failed',
  E_SAVE_FORMAT: 'a saved game does not have the saved-game format',
  E_SAVE_JSON: 'a saved game is not valid JSON',
  E_SAVE_NEWER: 'a saved game was written by a newer Parley',
  E_SAVE_REPLAY: 'a saved game does not replay on this scenario',
  E_SAVE_SCENARIO: 'a saved game belongs to another scenario, or to another version of this one',
  E_SCHEMA: 'the file does not match the scenario format',
  E_SIGNAL_LOOP: 'tracks signal each other in a loop: too many signals in one step',
  E_SNAPSHOT: 'a snapshot names a state its track does not have',
  E_STEP_BUDGET: 'a run did not settle: eventless transitions or events kept the tracks busy past the step budget',
  E_TOO_DEEP: 'the JSON is nested more deeply than the limit',
  E_TYPE: 'a value has the wrong type (a string where a number is needed, ...)',
  E_UNDO: 'an undo asked for a decision point the game does not have',
  E_UNKNOWN_ISSUE: 'a reference to an issue that is not declared under "issues"',
  E_UNKNOWN_KEY: 'a key the scenario format does not know (often a misspelling)',
  E_UNKNOWN_METRIC: 'a reference to a metric that does not exist',
  E_UNKNOWN_MOVE: 'a strategy rule names a move that does not exist',
  E_UNKNOWN_OUTCOME: 'a reference to an outcome that does not exist',
  E_UNKNOWN_PARTY: 'a track names a counterpart party that does not exist',
  E_UNKNOWN_SOURCE: 'a citation of a source that is not declared under "sources"',
  E_UNKNOWN_STATE: 'a reference to a state its machine does not have',
  E_UNKNOWN_STRATEGY: 'a reference to a strategy that does not exist (in the file or on the command line)',
  E_UNKNOWN_TARGET: 'a transition targets a state that does not exist',
  E_UNKNOWN_TRACK: 'a reference to a track that does not exist',
  E_UNKNOWN_VARIABLE: 'an effect writes a variable that is not declared under "world"',
  E_UNSUPPORTED: 'a state uses an XState feature scenarios do not support (invoke, after, history)',
  E_USAGE: 'the command line is wrong: an unknown option, a bad value, a missing argument',
  E_VALUE: 'a value is not one of those allowed here',
} as const satisfies Record<`E_${string}`, string>;

/** An error code: one of ERROR_CODES. */
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Every warning code. The loader's own warnings carry their meaning here; a lint rule's (marked
 * `'lint'`) is its `summary` in src/lint/rules/, so it is written once.
 */
export const WARNING_CODES = {
  W_ASSUMPTION_NO_RANGE: 'lint',
  W_BARE_JUDGEMENT: 'lint',
  W_DEAD_END: 'lint',
  W_DEAL_BELOW_RESERVATION: 'lint',
  W_EVENT_AFTER_HORIZON: 'a scheduled event falls after the horizon: it never fires',
  W_EVENT_NEVER_SENT: 'lint',
  W_MOVE_CONDITION_NEVER_HOLDS: 'lint',
  W_MOVE_STATES_UNREACHED: 'lint',
  W_NO_CATCH_ALL: 'the last outcome has a condition: runs that match no outcome are classified "unclassified"',
  W_PROBABILITIES_EXCEED_ONE: 'lint',
  W_PROBABILITY_RANGE: 'lint',
  W_RESPONSE_EVENT_IGNORED: 'lint',
  W_SCHEDULED_AFTER_AS_OF: 'lint',
  W_SIGNAL_UNHANDLED: 'lint',
  W_SOURCE_AFTER_AS_OF: 'lint',
  W_STRATEGY_MOVE_UNAVAILABLE: 'lint',
  W_UNCLASSIFIED_FINAL: 'lint',
  W_UNREACHABLE_STATE: 'lint',
  W_UNUSED_PARAMETER: 'lint',
  W_UNUSED_WORLD_VARIABLE: 'lint',
} as const satisfies Record<`W_${string}`, string>;

/** A warning code: one of WARNING_CODES. */
export type WarningCode = keyof typeof WARNING_CODES;
