import type { CompiledParty, CompiledScenario, ValueSource } from '../scenario/compiled-scenario.js';
import type { CompiledExpression } from '../scenario/compile-expression.js';
import { genericUtility } from '../scenario/compile-utility.js';
import { SimulationError } from './simulation-error.js';

/**
 * What expressions see (docs/scenario-format.md, "Expressions"): one object per run, reused from run
 * to run, whose fields the engine updates as the run goes. Generated code reads it as `s`.
 */
export type Scope = Record<string, unknown> & {
  world: Record<string, unknown>;
  param: Record<string, number>;
  tracks: Record<string, unknown>;
  round: number;
  horizon: number;
  self: TrackObject | undefined;
  batna: { host: number; counterpart: number };
  offer: Record<string, number | string> | undefined;
  value: { host: number; counterpart: number };
  deal: Record<string, number | string> | undefined;
  dealTrack: string;
  /** Every track in a deal state at the end, in track order (outcomes and metrics). */
  deals: string[];
  utility: { host: number; counterpart: number };
  /** The knob settings of the strategy choosing moves (set by its chooser before its rule tests); undefined for a strategy without knobs. */
  knob: Record<string, number | string> | undefined;
};

/** The object expressions see as `tracks.<id>` and `self`. */
export type TrackObject = Record<string, unknown> & {
  /** The track's id (what `self.id` reads: a reservation can tell the track it is read on). */
  id: string;
  state: string;
  rounds: number;
  entered: number;
  done: boolean;
  deal: boolean;
  stage: number;
  moves: number;
  terms: Record<string, number | string>;
  utility: number;
  /**
   * The counterpart's terms are on the table, unanswered: an event put them there (an `offer`), or a
   * negotiator countered; false again once the host's next move on the track is answered.
   */
  received: boolean;
};

/** What evaluation needs of the track that is `self`: what expressions see of it, and its counterpart. */
export interface SelfTrack {
  readonly object: TrackObject;
  readonly counterpart: CompiledParty;
}

/** A run's scope with every object made from the scenario's classes (one hidden class each). */
export function createScope(scenario: CompiledScenario): Scope {
  const { classes } = scenario;
  const scope = {
    world: new classes.World(),
    param: new classes.Param(),
    tracks: new classes.Tracks(),
    round: 0,
    horizon: scenario.file.clock.horizon,
    self: undefined,
    batna: new classes.Sides(),
    offer: undefined,
    value: new classes.Sides(),
    deal: undefined,
    dealTrack: '',
    deals: [],
    utility: new classes.Sides(),
    knob: undefined,
  } as Scope;
  scope.batna.host = 0;
  scope.batna.counterpart = 0;
  return scope;
}

/**
 * The track a reservation sees as `self` outside any track: no state, stage 0, nothing signed, no
 * moves, every issue undefined (NaN or ""), utility NaN.
 */
export function emptyTrack(scenario: CompiledScenario, noTerms: Record<string, number | string>): TrackObject {
  const o = new scenario.classes.Track() as TrackObject;
  // Fields in the order the simulation gives its tracks theirs (one hidden class for `self`).
  o.id = '';
  o.terms = noTerms;
  o.entered = 0;
  o.rounds = 0;
  o.moves = 0;
  o.utility = NaN;
  o.state = '';
  o.done = false;
  o.deal = false;
  o.stage = 0;
  o.received = false;
  return o;
}

/** A party's utility of terms: the weighted mean of each issue's worth, in [0, 1]. */
export function utility(party: CompiledParty, terms: Readonly<Record<string, number | string>>): number {
  return party.utility !== undefined ? party.utility(terms) : genericUtility(party, terms);
}

/**
 * Evaluation within a run: every expression the engine evaluates goes through here, so failures are
 * reported alike (code, the expression's file position, run and round). It also keeps `self`, the
 * track an expression belongs to, and the reservation values (`batna`) that depend on it.
 */
export class RunExpressions {
  /** The run and round errors report (the simulation keeps them current). */
  run = 0;
  round = 0;
  private selfTrack: SelfTrack | undefined;

  constructor(
    readonly scope: Scope,
    private readonly host: CompiledParty,
    /** What a reservation sees as `self` outside any track (the run's end without a deal): see emptyTrack. */
    private readonly noTrack: TrackObject,
  ) {}

  /** Makes `rt` what expressions see as `self` (undefined: a global expression). */
  setSelf(rt: SelfTrack | undefined): void {
    this.scope.self = rt?.object;
    this.selfTrack = rt;
  }

  /**
   * Reservation values depend on the world and the track at the moment they are read: computed on
   * demand, into `batna`, for the track that is `self` (nothing if none is). Generated code calls it
   * before an expression that reads `batna`; an arrow, so it can be handed over as it is.
   */
  readonly refreshBatna = (): void => {
    const rt = this.selfTrack;
    if (rt === undefined || this.scope.self !== rt.object) return;
    this.scope.batna.host = this.reservation(this.host);
    this.scope.batna.counterpart = this.reservation(rt.counterpart);
  };

  /** Evaluates a compiled expression against the run's scope, refreshing `batna` if it reads it. */
  evaluate(expr: CompiledExpression): unknown {
    if (expr.readsBatna) this.refreshBatna();
    try {
      return expr.evaluate(this.scope);
    } catch (error) {
      throw this.evaluationError(expr, error);
    }
  }

  bool(expr: CompiledExpression): boolean {
    return this.evaluate(expr) === true;
  }

  /** A probability: clamped to [0, 1]; anything but a number fails. */
  probability(source: ValueSource<number>): number {
    if ('literal' in source) return source.literal;
    const v = this.evaluate(source.expr);
    if (typeof v !== 'number' || Number.isNaN(v)) throw this.notFinite(source, v);
    return v < 0 ? 0 : v > 1 ? 1 : v;
  }

  /** A finite number; anything else fails. */
  number(source: ValueSource<number>): number {
    if ('literal' in source) return source.literal;
    const v = this.evaluate(source.expr);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw this.notFinite(source, v);
    return v;
  }

  value(source: ValueSource<number | boolean | string>): number | boolean | string {
    if ('literal' in source) return source.literal;
    const v = this.evaluate(source.expr);
    if (typeof v === 'number' && !Number.isFinite(v)) throw this.notFinite(source, v);
    return v as number | boolean | string;
  }

  /**
   * A party's reservation value now, as the track that is `self` sees it: a reservation may read
   * `self` (progress with a partner may raise or lower what the host needs from that partner);
   * outside any track it sees the empty track (going alone: no state, stage 0, no moves, no terms).
   */
  reservation(party: CompiledParty): number {
    const r = party.reservation;
    if ('literal' in r) return r.literal;
    const saved = this.scope.self;
    if (saved === undefined) this.scope.self = this.noTrack;
    const v = this.value(r) as number;
    this.scope.self = saved;
    return v;
  }

  /** The memo knows tracks, not runs: add the run and round to its errors (batches report them). */
  inThisRun(error: unknown): unknown {
    if (!(error instanceof SimulationError) || error.where.run !== undefined) return error;
    return new SimulationError(error.code, error.message, { ...error.where, run: this.run, round: this.round });
  }

  evaluationError(expr: CompiledExpression, error: unknown): SimulationError {
    if (error instanceof SimulationError) return error;
    return new SimulationError('E_EVALUATION', `expression "${expr.source}" failed in round ${this.round}: ${String((error as Error).message).split('\n')[0]}`, {
      round: this.round,
      run: this.run,
      path: expr.path,
      location: expr.location,
    });
  }

  /** An expression gave something other than the number needed. */
  notFinite(source: ValueSource<unknown>, value: unknown): SimulationError {
    const text = 'expr' in source ? `"${source.expr.source}"` : 'a value';
    return new SimulationError('E_NOT_FINITE', `${text} gave ${String(value)} in round ${this.round}, run ${this.run}; a number was needed`, {
      round: this.round,
      run: this.run,
      path: 'expr' in source ? source.expr.path : undefined,
      location: 'expr' in source ? source.expr.location : undefined,
    });
  }

  /** A metric gave an infinity, or something that is neither a number nor a condition. */
  badMetric(id: string, expr: CompiledExpression, value: unknown): SimulationError {
    const infinite = typeof value === 'number';
    const shown = typeof value === 'string' ? JSON.stringify(value) : value === null ? 'null' : typeof value === 'object' ? (Array.isArray(value) ? 'a list' : 'a map') : String(value);
    return new SimulationError(
      infinite ? 'E_NOT_FINITE' : 'E_EXPR_RESULT_TYPE',
      `metric '${id}' ("${expr.source}") gave ${shown} in run ${this.run}; a metric must be a finite number or a condition (NaN marks a run without a value)`,
      { round: this.round, run: this.run, path: expr.path, location: expr.location },
    );
  }

  /** A boolean world variable was given something else (only `dyn(...)` gets past the load-time check). */
  notBoolean(variable: string, value: unknown, source: ValueSource<unknown>): SimulationError {
    const text = 'expr' in source ? `"${source.expr.source}"` : 'a value';
    return new SimulationError('E_EFFECT_TYPE', `${text} gave ${JSON.stringify(value) ?? String(value)} for the boolean '${variable}' in round ${this.round}, run ${this.run}; true or false was needed`, {
      round: this.round,
      run: this.run,
      path: 'expr' in source ? source.expr.path : undefined,
      location: 'expr' in source ? source.expr.location : undefined,
    });
  }

  /**
   * A value for a world variable, checked against its kind: a finite number, a boolean, or one of the
   * enum's values. Initial values and effects alike: a `dyn(...)` expression passes the load-time
   * type check with any value.
   */
  worldValue(variable: string, kind: 'number' | 'boolean' | 'enum', values: readonly string[] | undefined, source: ValueSource<number | boolean | string>): number | boolean | string {
    const v = 'literal' in source ? source.literal : this.evaluate(source.expr);
    if (kind === 'number' && (typeof v !== 'number' || !Number.isFinite(v))) throw this.notFinite(source, v);
    if (kind === 'boolean' && typeof v !== 'boolean') throw this.notBoolean(variable, v, source);
    if (kind === 'enum' && !values!.includes(v as string)) throw this.notInEnum(`initial value of '${variable}' is`, v, values!, source);
    return v as number | boolean | string;
  }

  /** An enum-valued write got a value outside its enum. */
  notInEnum(what: string, value: unknown, values: readonly string[], source: ValueSource<unknown>): SimulationError {
    return new SimulationError('E_ENUM_VALUE', `${what} ${JSON.stringify(value)}, not one of ${values.join(', ')}`, {
      round: this.round,
      run: this.run,
      path: 'expr' in source ? source.expr.path : undefined,
      location: 'expr' in source ? source.expr.location : undefined,
    });
  }
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
