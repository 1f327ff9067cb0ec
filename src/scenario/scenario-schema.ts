/**
 * The scenario format, as one zod schema. It is the single source of truth for the TypeScript types
 * (`Scenario` and friends below) and for schema/scenario.schema.json, which editors use to autocomplete.
 *
 * Conventions used throughout:
 * - An *expression* is a CEL string evaluated against the run's state (see docs in README). Where a
 *   field accepts `Expr | number | boolean`, a JSON number or boolean is a literal.
 * - Names (ids) of parameters, world variables, issues, parties, tracks, moves, events, strategies,
 *   outcomes and metrics are identifiers: a letter, then letters, digits or `_`.
 */
import { z } from 'zod';
import { limits } from './limits.js';

export const FORMAT_VERSION = 1;

const identifier = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be an identifier: a letter, then letters, digits or _');

/** Identifier used as a record key: same rule as `identifier`. */
const idRecord = <T extends z.ZodType>(value: T) => z.record(identifier, value);

export const expr = z
  .string()
  .min(1)
  .max(limits.expressionLength)
  .describe('A CEL expression, e.g. "world.tension > 0.5 && !world.jorcPublished"');

const numberOrExpr = z.union([z.number(), expr]);
const literalOrExpr = z.union([z.number(), z.boolean(), expr]);

const text = z.string().max(4000);

// ---------------------------------------------------------------- clock

/** The message for a date of the wrong shape: the form expected, with an example (never the pattern). */
const DATE_FORM = 'must be a date: YYYY-MM, e.g. 2025-03, or YYYY-MM-DD, e.g. 2025-03-14';

export const clockSchema = z
  .strictObject({
    unit: z.enum(['day', 'week', 'month', 'quarter', 'year']).default('month').describe('Length of one round.'),
    start: z
      .string()
      .regex(/^\d{4}-\d{2}(-\d{2})?$/, DATE_FORM)
      .describe('Calendar date of round 0, e.g. "2025-11".'),
    horizon: z.number().int().min(1).max(limits.rounds).describe('Number of rounds a run lasts at most.'),
    movesPerRound: z
      .number()
      .int()
      .min(0)
      .max(16)
      .default(1)
      .describe('How many host moves (on distinct tracks) a round allows. Default 1.'),
  })
  .describe('Discrete time: rounds of a unit, from a start date, up to a horizon.');

// ---------------------------------------------------------------- parameters

const distributionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('fixed'), value: z.number() }),
  z.strictObject({ type: z.literal('uniform'), min: z.number(), max: z.number() }),
  z.strictObject({ type: z.literal('triangular'), min: z.number(), mode: z.number(), max: z.number() }),
  z.strictObject({
    type: z.literal('normal'),
    mean: z.number(),
    sd: z.number().nonnegative(),
    min: z.number().optional().describe('Truncate below (resample).'),
    max: z.number().optional().describe('Truncate above (resample).'),
  }),
  z.strictObject({
    type: z.literal('beta'),
    alpha: z.number().positive(),
    beta: z.number().positive(),
    min: z.number().default(0).describe('Lower end of the scaled range.'),
    max: z.number().default(1).describe('Upper end of the scaled range.'),
  }),
  z.strictObject({
    type: z.literal('discrete'),
    values: z.array(z.number()).min(1).max(1000),
    weights: z.array(z.number().nonnegative()).min(1).max(1000).optional().describe('Default: equal weights.'),
  }),
]);
export type Distribution = z.infer<typeof distributionSchema>;

export const parameterSchema = z
  .strictObject({
    label: z.string().max(200).optional(),
    description: text.optional(),
    unit: z.string().max(40).optional(),
    assumption: z
      .boolean()
      .default(false)
      .describe(
        'True when the value or range is the author\'s judgement rather than a sourced fact: a named assumption. Say why in "description", cite "sources" where they exist, and give a fixed value its plausible range with "low"/"high" so `parley sensitivity` swings it.',
      ),
    sources: z.array(identifier).optional().describe('Ids from `sources` that support this parameter.'),
    dist: distributionSchema.describe('Distribution the parameter is sampled from, once per run.'),
    low: z
      .number()
      .optional()
      .describe('Low end of the plausible range that `parley sensitivity` swings. Default: the distribution\'s 5th percentile or min; for "fixed", the value (not swung unless low or high is given). For a fixed value, low <= value <= high.'),
    high: z
      .number()
      .optional()
      .describe('High end of the plausible range that `parley sensitivity` swings. Default: the distribution\'s 95th percentile or max; for "fixed", the value.'),
  })
  .describe(
    'An uncertain input, sampled once per run, or a named assumption: {"dist": {"type": "fixed", "value": 0.3}, "assumption": true, "low": 0.2, "high": 0.45, "description": "why"}. Referenced in expressions as param.<name>.',
  );

// ---------------------------------------------------------------- world

export const worldVariableSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('number'),
    label: z.string().max(200).optional(),
    description: text.optional(),
    unit: z.string().max(40).optional(),
    initial: numberOrExpr.describe('A number, or an expression over param.*'),
    min: z.number().optional().describe('Values are clamped to [min, max] after every effect.'),
    max: z.number().optional(),
    key: z.boolean().default(false).describe('Show as a key indicator in the play-through.'),
  }),
  z.strictObject({
    type: z.literal('boolean'),
    label: z.string().max(200).optional(),
    description: text.optional(),
    initial: z.union([z.boolean(), expr]),
    key: z.boolean().default(false),
  }),
  z.strictObject({
    type: z.literal('enum'),
    label: z.string().max(200).optional(),
    description: text.optional(),
    values: z.array(identifier).min(1).max(100),
    initial: z.string().describe('One of values (a plain value, not an expression).'),
    key: z.boolean().default(false),
  }),
]);
export type WorldVariable = z.infer<typeof worldVariableSchema>;

/** Effects: world variable name -> new value, as an expression or a literal. Applied in order. */
export const effectsSchema = idRecord(literalOrExpr).describe(
  'World variable -> new value (expression, number or boolean). For enum variables use a CEL string: "\'renewed\'".',
);

/** A message sent to tracks: their machines receive { type: event }. */
export const signalSchema = z.strictObject({
  to: z.union([identifier, z.literal('*'), z.literal('others')]).describe('A track id; "*" for all tracks; "others" for all but the sender.'),
  event: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an UPPER_CASE event name'),
});
export type Signal = z.infer<typeof signalSchema>;

// ---------------------------------------------------------------- issues and parties

export const issueSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('number'),
    label: z.string().max(200).optional(),
    description: text.optional(),
    unit: z.string().max(40).optional(),
    min: z.number(),
    max: z.number(),
    step: z.number().positive().optional().describe('Granularity for offers in the play-through.'),
    default: z
      .number()
      .optional()
      .describe("The value on a track's table where neither the track's `terms` nor an offer sets this issue (without it: `min`, and `parley lint` warns when a deal can be signed so)."),
  }),
  z.strictObject({
    type: z.literal('enum'),
    label: z.string().max(200).optional(),
    description: text.optional(),
    values: z.array(identifier).min(1).max(50),
    default: identifier
      .optional()
      .describe("The value on a track's table where neither the track's `terms` nor an offer sets this issue (without it: the first of `values`, and `parley lint` warns when a deal can be signed so)."),
  }),
]);
export type Issue = z.infer<typeof issueSchema>;

export const preferenceSchema = z.union([
  z.strictObject({
    weight: z.number().nonnegative(),
    best: z.number().describe('Issue value worth 1 to this party (linear in between).'),
    worst: z.number().describe('Issue value worth 0 to this party.'),
  }),
  z.strictObject({
    weight: z.number().nonnegative(),
    values: idRecord(z.number().min(0).max(1)).describe('Enum value -> worth in [0, 1].'),
  }),
]);
export type Preference = z.infer<typeof preferenceSchema>;

export const partySchema = z.strictObject({
  label: z.string().max(200),
  role: z.enum(['host', 'counterpart']),
  description: text.optional(),
  preferences: idRecord(preferenceSchema).default({}).describe('Issue -> weight and worth. Utility is the weighted mean, in [0, 1].'),
  reservation: numberOrExpr
    .default(0)
    .describe('Reservation value (BATNA) in [0, 1]; may depend on the world, e.g. "0.3 + 0.2 * (tracks.us.done ? 1.0 : 0.0)".'),
});
export type Party = z.infer<typeof partySchema>;

// ---------------------------------------------------------------- tracks: XState JSON

/** A transition guard: a CEL condition (`when`), or XState's `and`/`or`/`not` of guards. */
export type GuardRef =
  | { readonly type: 'when'; readonly params: { readonly expr: string } }
  | { readonly type: 'and' | 'or' | 'not'; readonly guards: readonly GuardRef[] };

const guardRef: z.ZodType<GuardRef> = z.lazy(() =>
  z.union([
    // The shorthand: the loader expands a string guard to the "when" guard before validation (so
    // the machine it keeps stays Stately's JSON); listed here for the published JSON Schema.
    z
      .string()
      .describe('Shorthand for {"type": "when", "params": {"expr": ...}}: a CEL condition, e.g. "self.rounds >= 6".')
      .transform((e): GuardRef => ({ type: 'when', params: { expr: e } })),
    z.strictObject({
      type: z.literal('when'),
      params: z.strictObject({ expr }),
    }),
    z.strictObject({ type: z.enum(['and', 'or']), guards: z.array(guardRef).min(1) }),
    z.strictObject({ type: z.literal('not'), guards: z.array(guardRef).length(1) }),
  ]),
);

export const actionRefSchema = z.union([
  z.strictObject({ type: z.literal('set'), params: effectsSchema }),
  z.strictObject({ type: z.literal('signal'), params: signalSchema }),
  z.strictObject({ type: z.literal('news'), params: z.strictObject({ text: z.string().max(1000) }) }),
]);
export type ActionRef = z.infer<typeof actionRefSchema>;

const actions = z.union([actionRefSchema, z.array(actionRefSchema)]);

const transitionObject = z.strictObject({
  target: z.union([z.string(), z.array(z.string())]).optional(),
  guard: guardRef.optional(),
  actions: actions.optional(),
  reenter: z.boolean().optional(),
  description: text.optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});
const transitionConfig = z.union([z.string(), transitionObject, z.array(z.union([z.string(), transitionObject]))]);

export interface StateConfig {
  type?: 'atomic' | 'compound' | 'parallel' | 'final';
  initial?: string;
  description?: string;
  tags?: string[];
  meta?: Record<string, unknown>;
  entry?: unknown;
  exit?: unknown;
  on?: Record<string, unknown>;
  always?: unknown;
  states?: Record<string, StateConfig>;
  invoke?: unknown;
  after?: unknown;
  history?: unknown;
}

export const stateSchema: z.ZodType<StateConfig> = z.lazy(() =>
  z.strictObject({
    type: z.enum(['atomic', 'compound', 'parallel', 'final']).optional(),
    initial: z.string().optional(),
    description: text.optional(),
    tags: z.array(z.string()).optional(),
    meta: z.record(z.string(), z.unknown()).optional().describe('Free data; meta.label (string) names the state on screen (e.g. "MoU signed"; default: its id path); meta.stage (number) places the state on the road to a deal; meta.deal marks a signed deal.'),
    entry: actions.optional(),
    exit: actions.optional(),
    on: z.record(z.string().regex(/^([A-Z][A-Z0-9_]*|\*)$/, 'event names are UPPER_CASE'), transitionConfig).optional(),
    always: transitionConfig.optional(),
    states: z.record(identifier, stateSchema).optional(),
    // Accepted by the schema only so that the loader can explain what to use instead.
    invoke: z.unknown().optional().describe('Not supported in simulated tracks.'),
    after: z.unknown().optional().describe('Not supported: use a TICK transition guarded by "self.rounds >= N".'),
    history: z.unknown().optional().describe('Not supported in simulated tracks.'),
  }),
);

export const machineSchema = z
  .strictObject({
    id: identifier.optional(),
    initial: z.string(),
    description: text.optional(),
    states: z.record(identifier, stateSchema),
  })
  .describe('An XState v5 machine config, JSON as Stately\'s editor exports it. Guards: {type:"when",params:{expr}} (or the CEL string alone); actions: set, signal, news.');

// ---------------------------------------------------------------- moves and responses

export const responseSchema = z.strictObject({
  label: z.string().max(200).optional(),
  p: numberOrExpr.optional().describe('Probability; omit on the last response to give it the remainder.'),
  event: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be an UPPER_CASE event name').optional().describe('Event sent to the move\'s track machine.'),
  effects: effectsSchema.optional(),
  signals: z.array(signalSchema).optional(),
  terms: z
    .union([z.literal('offer'), z.literal('counter'), idRecord(literalOrExpr)])
    .optional()
    .describe('"offer": the offer becomes the terms on the table; "counter": the negotiator\'s counter-offer does (with "decision": "counter"); or issue -> value to set (a number, one of an enum issue\'s values, or an expression).'),
  decision: z
    .enum(['accept', 'counter'])
    .optional()
    .describe('On a track with a "negotiator": this response happens when the negotiator accepts the offer ("accept") or rejects it with a counter-offer ("counter"); it takes the probability the responses with "p" leave. No "p" of its own.'),
  news: z.string().max(1000).optional(),
});
export type Response = z.infer<typeof responseSchema>;

export const negotiatorSchema = z
  .strictObject({
    concession: z
      .discriminatedUnion('type', [
        z.strictObject({
          type: z.literal('time'),
          e: numberOrExpr.describe('Concession exponent: e < 1 Boulware (holds firm, concedes late), e = 1 linear, e > 1 Conceder (concedes early). A number or an expression of parameters and the world.'),
          deadline: numberOrExpr.describe('Round by which the target reaches the reservation value (a number of rounds from the start of the run, or an expression).'),
          initial: z.number().gt(0).max(1).default(1).describe('Target utility at round 0.'),
        }),
        z.strictObject({
          type: z.literal('titForTat'),
          initial: z.number().gt(0).max(1).default(1).describe('Target utility before the host\'s first offer.'),
          delta: z.number().min(0).max(10).default(1).describe('Concession per unit of the host\'s concession (in the counterpart\'s utility): 1 mirrors it.'),
        }),
      ])
      .describe('How the target utility of the counterpart\'s own proposals falls: with time (Faratin et al.\'s polynomial tactic) or in step with the host\'s concessions (relative tit-for-tat). Never below the counterpart\'s reservation value.'),
    acceptance: z
      .enum(['next', 'reservation'])
      .default('next')
      .describe('"next" (AC_next): accept an offer worth at least what its own counter-offer would be worth to it, and at least its reservation; "reservation": accept any offer worth at least its reservation.'),
  })
  .describe('The counterpart negotiates back: it answers the host\'s offers on this track from its own utility (a counter-offer chosen on the issue grid, or acceptance) instead of hand-written probabilities. Responses with "decision" take what it decides.');
export type Negotiator = z.infer<typeof negotiatorSchema>;

export const offerIssueSchema = z.strictObject({
  default: z
    .union([z.number(), z.string()])
    .describe(
      'Value offered unless the player or strategy sets another: a number, one of an enum issue\'s values, or an expression evaluated when the move is made (world, param, tracks, round, self: the move\'s track, batna), e.g. "world.lithiumPrice * 40.0"; clamped to the move\'s bounds.',
    ),
  min: z.number().optional().describe('Narrower bounds than the issue\'s own, for this move.'),
  max: z.number().optional(),
  values: z.array(identifier).optional().describe('Allowed enum values for this move (default: all).'),
});

export const moveSchema = z.strictObject({
  label: z.string().max(200),
  description: text.optional(),
  in: z.array(z.string()).optional().describe('States of the track in which the move is offered (default: any non-final state).'),
  when: expr.optional().describe('Further availability condition.'),
  offer: idRecord(offerIssueSchema).optional().describe('Issues this move puts on the table, with defaults and bounds.'),
  effects: effectsSchema.optional().describe('Applied when the move is made, before the response.'),
  responses: z.array(responseSchema).min(1).max(50),
});
export type Move = z.infer<typeof moveSchema>;

export const stanceSchema = z.strictObject({
  when: expr.optional(),
  label: z.string().max(100),
});

export const trackSchema = z.strictObject({
  label: z.string().max(200),
  counterpart: identifier.describe('Party id of the counterpart.'),
  description: text.optional(),
  terms: idRecord(z.union([z.number(), z.string()])).optional().describe('Terms on the table at the start (issue -> value).'),
  stance: z.array(stanceSchema).optional().describe('Ordered: the first whose condition holds names the counterpart\'s stance.'),
  negotiator: negotiatorSchema.optional(),
  machine: machineSchema,
  moves: idRecord(moveSchema).default({}),
});
export type Track = z.infer<typeof trackSchema>;

// ---------------------------------------------------------------- track templates

/** The kinds of value a template parameter takes. */
export const TEMPLATE_PARAM_TYPES = ['string', 'number', 'boolean', 'array', 'object', 'any'] as const;

export const templateParamSchema = z
  .strictObject({
    type: z.enum(TEMPLATE_PARAM_TYPES).describe('The kind of value the parameter takes ("any": whatever fits where the template puts it, e.g. a transition written as a target or a list); null is also accepted and means "leave out" (a property whose whole value is this parameter is removed).'),
    default: z.unknown().optional().describe('The value when an instance does not give one in "with"; without it, every instance must.'),
    description: text.optional(),
  })
  .describe('A parameter of a track template, written "${name}" in the template body.');

export const trackTemplateSchema = z
  .strictObject({
    description: text.optional(),
    params: idRecord(templateParamSchema).default({}).describe('Parameter -> type, default, description. "${track}" (the instance\'s track id) needs no declaration.'),
    track: z
      .record(z.string(), z.unknown())
      .describe('The track the template makes, written as a track is, with "${name}" placeholders: a string that is only a placeholder takes the parameter\'s value (any type); a placeholder inside a longer string (or a key) is spliced as text; "$${" writes "${".'),
  })
  .describe('A track written once and instantiated by tracks with "use".');
export type TrackTemplate = z.infer<typeof trackTemplateSchema>;

/** A track made from a template: `{ "use": "ladder", "with": { ... }, ...overrides }`. */
export const trackInstanceSchema = z
  .looseObject({
    use: identifier.describe('The template this track is made from (a key of "templates").'),
    with: idRecord(z.unknown()).optional().describe('Values of the template\'s parameters.'),
  })
  .describe(
    'A track made from a template. Other keys override the template\'s result: objects merge key by key (recursively), anything else (strings, numbers, arrays) replaces the template\'s value whole, and null deletes the key. Keys the template lacks are added after its own. Overrides are taken as written (no placeholders).',
  );

// ---------------------------------------------------------------- events

/** The event a counterpart's offer sends to its track's machine unless the offer names another. */
export const OFFER_RECEIVED = 'OFFER_RECEIVED';

/** Terms a counterpart puts on its track's table, unasked: an event's (or an event branch's) `offer`. */
export const receivedOfferSchema = z
  .strictObject({
    track: identifier.describe('The track whose counterpart makes the offer.'),
    terms: idRecord(z.union([z.number(), z.string()]))
      .describe(
        'Issue -> value put on the table (the other issues keep theirs): a number, one of an enum issue\'s values, or an expression (self is the offer\'s track), e.g. "0.2 + world.x". Numbers are clamped to the issue\'s range.',
      ),
    event: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/, 'must be an UPPER_CASE event name')
      .optional()
      .describe('Event sent to the track\'s machine once the terms are on the table (default OFFER_RECEIVED; a machine that does not handle it ignores it).'),
  })
  .describe(
    'The counterpart puts terms on the table of its track: they become the track\'s terms (self.terms, tracks.<id>.terms), tracks.<id>.received is true until the host\'s next move on the track, and the machine gets "event". Ignored on a finished track.',
  );
export type ReceivedOffer = z.infer<typeof receivedOfferSchema>;

export const eventSchema = z.strictObject({
  label: z.string().max(200),
  description: text.optional(),
  at: z
    .union([z.number().int().min(0), z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'must be a round number or a date: YYYY-MM, e.g. 2025-03, or YYYY-MM-DD, e.g. 2025-03-14')])
    .optional()
    .describe('Scheduled: a round number or a calendar date. Omit for a random event.'),
  when: expr.optional().describe('Condition for the event to be possible.'),
  p: numberOrExpr.optional().describe('Per-round probability (random events); default 1.'),
  once: z.boolean().optional().describe('Fire at most once per run (default: true).'),
  effects: effectsSchema.optional(),
  signals: z.array(signalSchema).optional(),
  news: z.string().max(1000).optional(),
  offer: receivedOfferSchema.optional(),
  branches: z
    .array(responseSchema.omit({ terms: true, event: true, decision: true }).extend({ offer: receivedOfferSchema.optional() }))
    .max(50)
    .optional()
    .describe('Alternative consequences chosen by probability after the event fires.'),
  sources: z.array(identifier).optional(),
});
export type ScenarioEvent = z.infer<typeof eventSchema>;

// ---------------------------------------------------------------- strategies, outcomes, metrics

export const strategyRuleSchema = z.strictObject({
  move: z.string().describe('"track.move", or "wait" to make no move this round.'),
  when: expr.optional().describe('Condition for the rule (global: world, param, tracks, round, horizon, and knob.<name> of the strategy\'s knobs).'),
  offer: idRecord(z.union([z.number(), z.string()]))
    .optional()
    .describe(
      'Offer values that override the move\'s defaults. A number is a literal; for a number issue a string is an expression (e.g. "knob.floor + 0.1"); for an enum issue a string that is one of its values is a literal, and any string that is not a bare name is an expression giving one (e.g. "knob.lead").',
    ),
  weight: z.number().nonnegative().optional().describe('With mode "weighted": relative chance among available rules.'),
});

const knobText = {
  label: z.string().max(200).optional().describe('What the knob means, in a few words (reports show it).'),
  description: text.optional(),
};

export const knobSchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('number'),
      min: z.number().describe('Lowest value `parley optimize` tries.'),
      max: z.number().describe('Highest value `parley optimize` tries.'),
      step: z.number().gt(0).optional().describe('Grid step of the search (default: a twentieth of the range). The values tried are min, min + step, ... up to max.'),
      default: z.number().describe('Value used by `parley run`, `parley play` and everything but `parley optimize`.'),
      ...knobText,
    }),
    z.strictObject({
      type: z.literal('enum'),
      values: z.array(identifier).min(1).max(50).describe('The choices, e.g. ["us", "china"].'),
      default: identifier.describe('Choice used by `parley run`, `parley play` and everything but `parley optimize`.'),
      ...knobText,
    }),
  ])
  .describe('A setting of a strategy that its rules read as knob.<name>, and that `parley optimize` searches.');
export type Knob = z.infer<typeof knobSchema>;

export const strategySchema = z.strictObject({
  label: z.string().max(200),
  description: text.optional(),
  mode: z.enum(['first', 'weighted']).default('first').describe('first: ordered rules, first available wins; weighted: random among available rules by weight.'),
  knobs: idRecord(knobSchema)
    .optional()
    .describe('Settings the rules read as knob.<name> (conditions and offer values): e.g. { "floor": { "type": "number", "min": 0.3, "max": 0.8, "step": 0.05, "default": 0.5 } }. Runs use the defaults; `parley optimize` searches them.'),
  rules: z.array(strategyRuleSchema).min(1).max(200),
});
export type Strategy = z.infer<typeof strategySchema>;

export const outcomeSchema = z.strictObject({
  label: z.string().max(200),
  when: expr.optional().describe('Omit on the last outcome: it catches the rest.'),
  deal: z.boolean().default(false).describe('The outcome is a deal: backtests count its probability as the chance of a deal, and lint checks that runs ending in a `meta.deal` state land in a deal outcome. Time to deal does not read this flag: it is the round a track first enters a `meta.deal` state.'),
  description: text.optional(),
});

export const metricSchema = z.strictObject({
  label: z.string().max(200),
  expr,
  unit: z.string().max(40).optional(),
  description: text.optional(),
});

export const expectationSchema = z.strictObject({
  description: z.string().max(400).optional(),
  strategy: identifier.optional().describe('The strategy whose runs are measured (default: the scenario\'s default strategy).'),
  compare: z
    .tuple([identifier, identifier])
    .optional()
    .describe(
      'Two strategies [A, B] compared on the same runs, instead of "strategy": min and max then bound the paired difference A − B (of the outcome\'s probability or of the metric\'s mean), e.g. ["westTogether", "westFirst"] with "metric": "surplus", "min": 0.',
    ),
  outcome: identifier.optional().describe('P(outcome) is checked...'),
  metric: identifier.optional().describe('...or the mean of a metric.'),
  min: z.number().optional().describe('Lower bound: the whole 95% interval must be at or above it to pass.'),
  max: z.number().optional().describe('Upper bound: the whole 95% interval must be at or below it to pass.'),
  runs: z.number().int().min(100).max(10_000_000).optional().describe('Most runs for this expectation (overrides `parley test --max-runs`).'),
});

export const sourceSchema = z.strictObject({
  title: z.string().max(400),
  publisher: z.string().max(200),
  date: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be a date: YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2025-03').describe('Publication date: YYYY, YYYY-MM or YYYY-MM-DD (lint compares it with `asOf`).'),
  url: z.string().max(2000).optional(),
  via: z.string().max(200).optional(),
  note: text.optional(),
});

// ---------------------------------------------------------------- as-of date and resolution

const calendarDate = z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, DATE_FORM);

export const resolutionSchema = z
  .strictObject({
    date: calendarDate.describe('When the real outcome was settled (a deal signed or ratified, talks abandoned), e.g. "2025-05-08".'),
    outcome: identifier.describe('The id of the outcome the real negotiation ended in, as this scenario\'s `outcomes` classify it.'),
    dealDate: calendarDate
      .optional()
      .describe('When the first deal was really signed (what a batch\'s time to deal measures). Omit when no deal was signed.'),
    strategy: identifier
      .optional()
      .describe('The strategy closest to what the real host did; `parley backtest` plays it. Default: `defaultStrategy`.'),
    baseRate: z
      .strictObject({
        outcomes: idRecord(z.number().min(0).max(1)).describe('Outcome id -> probability; every outcome listed, summing to 1.'),
        note: text.optional().describe('Where the base rate comes from (a reference class, or "uniform").'),
      })
      .optional()
      .describe('The naive forecast the scenario is scored against. Default: every outcome equally likely.'),
    sources: z.array(identifier).min(1).describe('Ids from `sources` that report the real outcome.'),
    note: text.optional(),
  })
  .describe('What really happened, for `parley backtest`: the outcome, when, and who reported it.');
export type Resolution = z.infer<typeof resolutionSchema>;

// ---------------------------------------------------------------- lint settings

export const lintSettingsSchema = z
  .strictObject({
    namedAssumptions: z
      .boolean()
      .default(false)
      .describe(
        'Opt in to W_BARE_JUDGEMENT: bare numbers in probabilities (responses\', branches\' and events\' "p"), reservations and deadlines (a number compared with round, rounds or entered in a condition) are flagged, except 0 and 1; each should be a parameter with "assumption": true and a low/high range.',
      ),
    accept: z
      .record(z.string().regex(/^W_[A-Z_]+$/), z.string().min(10).max(1000))
      .optional()
      .describe('Warnings this scenario accepts on purpose, each with the reason (at least a sentence): e.g. {"W_DEAL_BELOW_RESERVATION": "signFast accepts the US text as it stands: the counterfactual of capitulating"}. `parley lint` does not report them.'),
  })
  .describe('Lint rules this scenario opts into.');

// ---------------------------------------------------------------- scenario

export const scenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  formatVersion: z.literal(FORMAT_VERSION).describe('Scenario format version.'),
  id: identifier,
  title: z.string().max(200),
  question: z.string().max(1000).describe('The question the scenario answers.'),
  description: text.optional(),
  asOf: calendarDate
    .optional()
    .describe('The date of the decision the scenario models: it should use only what could be known then (lint flags sources dated after it and certain scheduled events after it).'),
  clock: clockSchema,
  parameters: idRecord(parameterSchema).default({}),
  world: idRecord(worldVariableSchema).default({}),
  issues: idRecord(issueSchema).default({}),
  parties: idRecord(partySchema),
  tracks: idRecord(trackSchema),
  events: idRecord(eventSchema).default({}),
  end: expr.optional().describe('A run ends early when this holds (checked after each round) or when every track is final.'),
  strategies: idRecord(strategySchema),
  defaultStrategy: identifier.optional(),
  outcomes: idRecord(outcomeSchema).describe('Ordered: the first whose condition holds classifies the run.'),
  metrics: idRecord(metricSchema).default({}),
  expectations: z.array(expectationSchema).default([]),
  sources: idRecord(sourceSchema).default({}),
  lint: lintSettingsSchema.optional(),
  resolution: resolutionSchema.optional(),
});

export type ScenarioFile = z.infer<typeof scenarioSchema>;
