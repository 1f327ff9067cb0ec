import type { AnyStateMachine } from 'xstate';
import type { Environment } from '@marcbachmann/cel-js';
import type { CompiledExpression } from './compile-expression.js';
import type { ScopeClasses } from './expression-environment.js';
import type { Distribution, ScenarioFile } from './scenario-schema.js';
import type { SourceLocation } from './scenario-error.js';

/** A value that is either a literal from the file or an expression evaluated at run time. */
export type ValueSource<T> = { readonly literal: T } | { readonly expr: CompiledExpression };

export interface CompiledEffect {
  readonly variable: string;
  readonly kind: 'number' | 'boolean' | 'enum';
  readonly value: ValueSource<number | boolean | string>;
  readonly min: number;
  readonly max: number;
  readonly values?: readonly string[];
}

export interface CompiledSignal {
  /** Track index, or -1 for every track, or -2 for every track but the sender. */
  readonly to: number;
  readonly event: string;
}

export interface CompiledTermSetting {
  readonly issue: string;
  readonly value: ValueSource<number | string>;
}

export interface CompiledResponse {
  readonly index: number;
  readonly label: string;
  /** Undefined: takes the remaining probability. */
  readonly p?: ValueSource<number>;
  readonly event?: string;
  readonly effects: readonly CompiledEffect[];
  readonly signals: readonly CompiledSignal[];
  readonly terms?: 'offer' | 'counter' | readonly CompiledTermSetting[];
  /** On a negotiator's track: this response is what the negotiator decided (it takes the probability the others leave). */
  readonly decision: 'accept' | 'counter' | undefined;
  readonly news?: string;
  /** An event branch's offer from a counterpart (moves' responses have none). */
  readonly offer?: CompiledReceivedOffer;
}

/**
 * Terms a counterpart puts on its track's table, unasked (an event's or an event branch's `offer`):
 * set on the table when the event fires, then `event` is sent to the track's machine.
 *
 * @example { track: 0, terms: [{ issue: 'royalty', value: { expr: <0.2 + world.x> } }], event: 'OFFER_RECEIVED' }
 */
export interface CompiledReceivedOffer {
  /** Index of the track. */
  readonly track: number;
  readonly terms: readonly CompiledTermSetting[];
  readonly event: string;
}

export interface CompiledOfferIssue {
  readonly issue: string;
  readonly kind: 'number' | 'enum';
  /** Offered unless the player or strategy sets another: a literal, or an expression evaluated when the move is made (self: the move's track). */
  readonly default: ValueSource<number | string>;
  readonly min: number;
  readonly max: number;
  readonly step?: number;
  readonly values: readonly string[];
}

export interface CompiledMove {
  /** Qualified id: "track.move". */
  readonly id: string;
  readonly name: string;
  readonly track: number;
  /** Position among its track's moves. */
  readonly slot: number;
  readonly label: string;
  readonly description?: string;
  /** State names (or dotted paths) in which the move is offered; undefined: any non-final state. */
  readonly in?: readonly string[];
  readonly when?: CompiledExpression;
  readonly offer: readonly CompiledOfferIssue[];
  readonly effects: readonly CompiledEffect[];
  readonly responses: readonly CompiledResponse[];
}

export interface CompiledStance {
  readonly when?: CompiledExpression;
  readonly label: string;
}

/** An action a track machine can run, resolved from its {type, params} reference. */
export type CompiledAction =
  | { readonly type: 'set'; readonly effects: readonly CompiledEffect[] }
  | { readonly type: 'signal'; readonly signal: CompiledSignal }
  | { readonly type: 'news'; readonly text: string };

export interface CompiledTrack {
  readonly id: string;
  readonly index: number;
  readonly label: string;
  readonly description?: string;
  readonly counterpart: string;
  /** The machine built with `setup()` from the file's JSON, unchanged. */
  readonly machine: AnyStateMachine;
  readonly initialTerms: Readonly<Record<string, number | string>>;
  readonly stance: readonly CompiledStance[];
  readonly moves: readonly CompiledMove[];
  /** Guard expressions by source text, as referenced from the machine's `when` guards. */
  readonly guards: ReadonlyMap<string, CompiledExpression>;
  /** Actions by the JSON text of their reference. */
  readonly actions: ReadonlyMap<string, CompiledAction>;
  /** The counterpart negotiates back (src/engine/negotiator.ts); undefined: responses by probability only. */
  readonly negotiator: CompiledNegotiator | undefined;
}

/** A track's negotiating counterpart (scenario format: "negotiator"). */
export interface CompiledNegotiator {
  readonly concession:
    | { readonly type: 'time'; readonly e: ValueSource<number>; readonly deadline: ValueSource<number>; readonly initial: number }
    | { readonly type: 'titForTat'; readonly initial: number; readonly delta: number };
  readonly acceptance: 'next' | 'reservation';
}

export interface CompiledEvent {
  readonly id: string;
  readonly index: number;
  readonly label: string;
  readonly description?: string;
  /** Scheduled round; undefined for random events. */
  readonly round?: number;
  readonly when?: CompiledExpression;
  readonly p?: ValueSource<number>;
  readonly once: boolean;
  readonly effects: readonly CompiledEffect[];
  readonly signals: readonly CompiledSignal[];
  readonly news?: string;
  /** Terms the event has a counterpart put on its track's table. */
  readonly offer?: CompiledReceivedOffer;
  readonly branches: readonly CompiledResponse[];
}

export interface CompiledStrategyRule {
  /** Undefined means "wait": make no move. */
  readonly move?: CompiledMove;
  readonly when?: CompiledExpression;
  /** The offer's literal values. */
  readonly offer: Readonly<Record<string, number | string>>;
  /** The offer's values given as expressions (of knobs, world, param...): evaluated when the rule is chosen. */
  readonly offerExpressions: readonly CompiledOfferExpression[];
  readonly weight: number;
}

/** An offer value of a strategy rule written as an expression, e.g. `"price": "knob.floor + 0.1"`. */
export interface CompiledOfferExpression {
  readonly issue: string;
  readonly expr: CompiledExpression;
}

/**
 * A strategy's knob: a setting its rules read as `knob.<name>`. Runs use the default; `parley
 * optimize` searches its levels.
 *
 * @example { name: 'floor', kind: 'number', min: 0.3, max: 0.8, step: 0.05, default: 0.5, levels: [0.3, 0.35, ..., 0.8] }
 */
export interface CompiledKnob {
  readonly name: string;
  readonly kind: 'number' | 'enum';
  readonly label: string;
  readonly description?: string;
  readonly default: number | string;
  /** Number knobs: the range and grid step; enum knobs: 0, values - 1 and 1 (the index of a value). */
  readonly min: number;
  readonly max: number;
  readonly step: number;
  /** The values a search tries, in order: min, min + step, ... max; or the enum's values. */
  readonly levels: readonly (number | string)[];
}

/** A value for each knob of a strategy, by name (a knob left out takes its default). */
export type KnobAssignment = Readonly<Record<string, number | string>>;

export interface CompiledStrategy {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly mode: 'first' | 'weighted';
  readonly rules: readonly CompiledStrategyRule[];
  /** Its knobs, in file order (empty for a strategy without knobs). */
  readonly knobs: readonly CompiledKnob[];
  /** The class of the object its rules read as `knob` (one hidden class per strategy); undefined without knobs. */
  readonly knobClass: (new () => Record<string, number | string>) | undefined;
}

export interface CompiledPreference {
  readonly issue: string;
  readonly weight: number;
  readonly best?: number;
  readonly worst?: number;
  /** Worth of each enum value (a Map: enum values may be named like Object.prototype members). */
  readonly values?: ReadonlyMap<string, number>;
}

/** A party's utility of terms, as a function of the terms alone (see compile-utility.ts). */
export type UtilityFunction = (terms: Readonly<Record<string, number | string>>) => number;

export interface CompiledParty {
  readonly id: string;
  readonly label: string;
  readonly role: 'host' | 'counterpart';
  readonly preferences: readonly CompiledPreference[];
  readonly totalWeight: number;
  /** The utility function generated from the preferences (absent where code generation is off). */
  readonly utility?: UtilityFunction;
  readonly reservation: ValueSource<number>;
}

export interface CompiledParameter {
  readonly name: string;
  readonly label: string;
  readonly dist: Distribution;
  readonly low: number;
  readonly high: number;
}

export interface CompiledWorldVariable {
  readonly name: string;
  readonly label: string;
  readonly kind: 'number' | 'boolean' | 'enum';
  readonly initial: ValueSource<number | boolean | string>;
  readonly min: number;
  readonly max: number;
  readonly values?: readonly string[];
  readonly key: boolean;
  readonly unit?: string;
}

export interface CompiledOutcome {
  readonly id: string;
  readonly label: string;
  readonly when?: CompiledExpression;
  readonly deal: boolean;
}

export interface CompiledMetric {
  readonly id: string;
  readonly label: string;
  readonly unit?: string;
  readonly expr: CompiledExpression;
}

/**
 * A scenario that passed every check: expressions compiled, machines built, names resolved.
 * Built once per batch; the engine only reads it.
 */
export interface CompiledScenario {
  readonly file: ScenarioFile;
  readonly path: string;
  /** sha256 of the file's bytes, hex. */
  readonly hash: string;
  readonly env: Environment;
  readonly classes: ScopeClasses;
  readonly parameters: readonly CompiledParameter[];
  readonly world: readonly CompiledWorldVariable[];
  readonly parties: readonly CompiledParty[];
  readonly host: CompiledParty;
  readonly tracks: readonly CompiledTrack[];
  readonly moves: ReadonlyMap<string, CompiledMove>;
  readonly events: readonly CompiledEvent[];
  readonly strategies: ReadonlyMap<string, CompiledStrategy>;
  readonly defaultStrategy: string;
  readonly outcomes: readonly CompiledOutcome[];
  readonly metrics: readonly CompiledMetric[];
  readonly end?: CompiledExpression;
  /** Where a path in the file is (the deepest part of it that exists), for run-time errors. */
  readonly locate?: (path: readonly (string | number)[]) => SourceLocation;
}
