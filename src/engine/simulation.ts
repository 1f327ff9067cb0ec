import type {
  CompiledAction,
  CompiledEffect,
  CompiledMove,
  CompiledParty,
  CompiledResponse,
  CompiledScenario,
  CompiledSignal,
  CompiledTrack,
  ValueSource,
} from '../scenario/compiled-scenario.js';
import type { CompiledExpression } from '../scenario/compile-expression.js';
import { limits } from '../scenario/limits.js';
import { genericUtility } from '../scenario/compile-utility.js';
import { compileFieldCopy, type FieldCopy } from '../scenario/compile-source.js';
import { RunRandom } from './run-random.js';
import { sampleDistribution } from './sample-distribution.js';
import { SimulationError } from './simulation-error.js';
import type { TraceEntry } from './trace-entry.js';
import type { GeneratedEffects } from './compile-effects.js';
import { sitesOf, type ListSite, type ScenarioSites } from './site-tables.js';
import { TransitionMemo, type PathNode, type TrackState, type TransitionResult } from './transition-memo.js';

/** A host move as chosen by a player or a strategy: the move, and offer values overriding its defaults. */
export interface MoveChoice {
  readonly move: CompiledMove;
  readonly offer?: Readonly<Record<string, number | string>>;
}

/**
 * Chooses the host's moves for a round. `checked` marks a chooser that only returns what makeMoves
 * accepts (at most movesPerRound moves, on distinct tracks, each available when chosen): strategies.
 */
export interface Chooser {
  (sim: Simulation): readonly MoveChoice[];
  readonly checked?: boolean;
}

/** What a finished run reports. Metric values are NaN where undefined (e.g. the price of no deal). */
export interface RunResult {
  readonly run: number;
  readonly outcome: string;
  readonly outcomeIndex: number;
  /** Rounds played. */
  readonly rounds: number;
  /** Round in which the first deal was signed, or -1. */
  readonly dealRound: number;
  readonly dealTrack: string;
  readonly metrics: readonly number[];
  readonly finalStates: readonly string[];
  /** Per track, the states visited, in order. */
  readonly paths: readonly (readonly string[])[];
  /** Per track, the same path joined with ' > ' (interned: batches tally it as it is). */
  readonly pathTexts: readonly string[];
  readonly parameters: readonly number[];
  readonly trace?: readonly TraceEntry[];
}

export interface SimulationOptions {
  /** Record a trace (slower; off in batches). */
  readonly trace?: boolean;
  /**
   * Parameters held at a value instead of sampled (`parley run --set name=value`). The draw is still
   * made, so the other parameters keep their values: variants compare on common random numbers.
   */
  readonly parameters?: ReadonlyMap<string, number>;
}

/** A position that undo and saved games can return to. Plain data: JSON-serialisable. */
export interface SimulationSnapshot {
  readonly round: number;
  readonly phase: 'start' | 'moves' | 'done';
  readonly world: Record<string, number | boolean | string>;
  readonly tracks: readonly {
    readonly state: string;
    readonly entered: number;
    readonly moves: number;
    readonly terms: Record<string, number | string>;
    readonly path: readonly string[];
  }[];
  readonly fired: readonly number[];
  readonly dealTrack: number;
  readonly dealRound: number;
  readonly endReason?: string;
  readonly traceLength: number;
}

type Scope = Record<string, unknown> & {
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
  utility: { host: number; counterpart: number };
};

/** The object expressions see as `tracks.<id>` and `self`. */
type TrackObject = Record<string, unknown> & {
  state: string;
  rounds: number;
  entered: number;
  done: boolean;
  deal: boolean;
  stage: number;
  moves: number;
  terms: Record<string, number | string>;
  utility: number;
};

interface TrackRuntime {
  readonly track: CompiledTrack;
  readonly memo: TransitionMemo;
  readonly counterpart: CompiledParty;
  readonly object: TrackObject;
  /** Reused by buildOffer: the offer a move on this track is making (copied wherever it is kept). */
  readonly offer: Record<string, number | string>;
  state: TrackState;
  path: string[];
  /** The interned node of `path`; undefined when the memo stopped interning (see extendPath). */
  pathNode: PathNode | undefined;
}

/**
 * Transition memos shared by every run of a batch (one per track). Build once, reuse.
 * `cache: false` makes every step ask XState (the reference for differential tests).
 */
export function createMemos(scenario: CompiledScenario, options: { cache?: boolean } = {}): TransitionMemo[] {
  return scenario.tracks.map((t) => new TransitionMemo(t, options.cache ?? true, scenario.locate));
}

/**
 * One run of a scenario, stepped round by round. Batches drive it with a strategy; the play-through
 * drives it with a person's choices, taking snapshots for undo. Does no I/O; all randomness comes from
 * the run's `RunRandom`.
 */
export class Simulation {
  /** The run's randomness; replaced by reset(). */
  random: RunRandom;
  /** The batch seed and run index this simulation is playing (see reset()). */
  seed: string;
  run: number;
  round = 0;
  /** 'start': the round's events have not run; 'moves': waiting for host moves; 'done': finished. */
  phase: 'start' | 'moves' | 'done' = 'start';
  /** The run's parameter values (a new array per run: results keep it). */
  parameters: number[] = [];
  trace: TraceEntry[] | undefined;
  endReason: 'all-final' | 'end-condition' | 'horizon' | undefined;
  /**
   * Draws for host moves' responses, held where a tool needs them (the play-through explains a move
   * by replaying the round with the planned moves' responses pinned). Asked when a move's response
   * is about to be drawn, after its effects: a number in [0, 1) is used as the draw; undefined leaves
   * it to the run's randomness. Batches never set it.
   */
  responseDraw: ((move: CompiledMove) => number | undefined) | undefined = undefined;

  private readonly scope: Scope;
  private readonly tracks: TrackRuntime[];
  private readonly fired: Uint8Array;
  private dealTrack = -1;
  private dealRound = -1;
  private readonly signalQueue: { from: number; to: number; event: string }[] = [];
  /** Events delivered to machines so far in this run (bounded by limits.stepsPerRun). */
  private steps = 0;
  private selfTrack: TrackRuntime | undefined;
  /** Probabilities of the response list being drawn (see probabilities()); shared, never reentered. */
  private readonly probabilityBuffer = PROBABILITY_BUFFER;
  private readonly slotBase: number;
  /** Copies every issue of one terms object to another (generated: named accesses). */
  private readonly copyTerms: FieldCopy;
  private readonly check = (guard: CompiledExpression): boolean => this.evalBool(guard);
  /** The scenario's generated functions (event loop, probabilities, effects: site-tables.ts), where they could be made. */
  private readonly sites: ScenarioSites;

  constructor(
    readonly scenario: CompiledScenario,
    readonly memos: readonly TransitionMemo[],
    seed: string,
    run: number,
    options: SimulationOptions = {},
  ) {
    this.seed = seed;
    this.run = run;
    this.random = new RunRandom(seed, run);
    this.fired = new Uint8Array(scenario.events.length);
    this.slotBase = 2 * scenario.events.length;
    this.copyTerms = termsCopyOf(scenario);
    this.sites = sitesOf(scenario);
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
      utility: new classes.Sides(),
    } as Scope;
    scope.batna.host = 0;
    scope.batna.counterpart = 0;
    this.scope = scope;
    this.tracks = scenario.tracks.map((track, i) => {
      const object = new classes.Track() as TrackObject;
      object.terms = new classes.Terms();
      scope.tracks[track.id] = object;
      const counterpart = partiesOf(scenario).get(track.counterpart)!;
      return { track, memo: memos[i]!, counterpart, object, offer: new classes.Terms() as Record<string, number | string>, state: undefined as unknown as TrackState, path: [], pathNode: undefined };
    });
    this.start(options);
  }

  /**
   * Starts run `run` of `seed` afresh in this simulation, reusing its objects (batches play many runs
   * on one simulation). Results and snapshots taken before stay valid: nothing they hold is reused.
   */
  reset(seed: string, run: number, options: SimulationOptions = {}): void {
    this.seed = seed;
    this.run = run;
    this.random = new RunRandom(seed, run);
    this.start(options);
  }

  /** The run's first moment: parameters drawn, world and terms initial, machines in their initial states. */
  private start(options: SimulationOptions): void {
    const scenario = this.scenario;
    const scope = this.scope;
    this.trace = options.trace ? [] : undefined;
    this.round = 0;
    this.phase = 'start';
    this.endReason = undefined;
    this.fired.fill(0);
    this.dealTrack = -1;
    this.dealRound = -1;
    this.signalQueue.length = 0;
    this.steps = 0;
    this.selfTrack = undefined;

    const param = scope.param;
    const held = options.parameters;
    const stream = this.random.stream;
    const parameters = new Array<number>(scenario.parameters.length);
    for (let i = 0; i < parameters.length; i++) {
      const p = scenario.parameters[i]!;
      const drawn = sampleDistribution(p.dist, stream);
      const v = held?.get(p.name) ?? drawn;
      param[p.name] = v;
      parameters[i] = v;
    }
    this.parameters = parameters;
    scope.round = 0;
    scope.self = undefined;
    scope.offer = undefined;
    scope.deal = undefined;
    scope.dealTrack = '';
    for (const w of scenario.world) {
      const v = this.valueOf(w.initial);
      scope.world[w.name] = w.kind === 'number' ? clamp(v as number, w.min, w.max) : v;
    }

    for (const rt of this.tracks) {
      const object = rt.object;
      const terms = object.terms;
      // Terms only ever hold the scenario's issues, and initialTerms has every one: this restores all.
      this.copyTerms(terms, rt.track.initialTerms);
      object.entered = 0;
      object.rounds = 0;
      object.moves = 0;
      object.utility = utility(scenario.host, terms);
      rt.path = [];
      rt.pathNode = rt.memo.pathRoot;
    }
    // Enter every machine's initial state (entry actions run, in track order).
    for (const rt of this.tracks) {
      this.setSelf(rt);
      let result: TransitionResult;
      try {
        result = rt.memo.initial(this.check);
      } catch (error) {
        throw this.inThisRun(error);
      }
      this.enter(rt, result.next);
      this.runActions(rt, result.actions);
    }
    this.deliverSignals();
  }

  // ------------------------------------------------------------------ reading the position

  get world(): Readonly<Record<string, unknown>> {
    return this.scope.world;
  }

  trackState(index: number): TrackState {
    return this.tracks[index]!.state;
  }

  trackView(index: number): Readonly<TrackObject> {
    return this.tracks[index]!.object;
  }

  /** The counterpart's stance on a track: the first stance whose condition holds. */
  stance(index: number): string | undefined {
    const rt = this.tracks[index]!;
    this.setSelf(rt);
    for (const s of rt.track.stance) if (!s.when || this.evalBool(s.when)) return s.label;
    return undefined;
  }

  /** Reservation values {host, counterpart} on a track, now. */
  batna(index: number): { host: number; counterpart: number } {
    const rt = this.tracks[index]!;
    return { host: this.reservation(this.scenario.host), counterpart: this.reservation(rt.counterpart) };
  }

  /** Whether a move can be made now: its track is in one of its states and its condition holds. */
  isAvailable(move: CompiledMove): boolean {
    if (!this.isOffered(move)) return false;
    if (move.when === undefined) return true;
    this.setSelf(this.tracks[move.track]!);
    return this.evalBool(move.when);
  }

  /** Whether a move's track is running and in one of the move's states (its condition aside). */
  isOffered(move: CompiledMove): boolean {
    const state = this.tracks[move.track]!.state;
    if (state.done) return false;
    if (move.in === undefined) return true;
    const admits = state.admits;
    let admitted = admits[move.slot];
    if (admitted === 0) {
      admitted = stateAdmits(state.key, move.in) ? 1 : 2;
      admits[move.slot] = admitted;
    }
    return admitted !== 2;
  }

  /**
   * For generated strategy choosers (compile-chooser.ts), which evaluate conditions' code directly:
   * the scope expressions read. Read-only for them apart from `self`, which they set as below.
   */
  get expressionScope(): Record<string, unknown> {
    return this.scope;
  }

  /** For generated choosers: each track's runtime, whose `state` (with its `admits` cache) they read. */
  get trackRuntimes(): readonly { readonly state: TrackState }[] {
    return this.tracks;
  }

  /**
   * Makes track `index` what expressions see as `self` (as a move's condition sees it), with its
   * reservation values refreshed into `batna` when the expression about to run reads them.
   */
  selectTrack(index: number, readsBatna: boolean): void {
    this.setSelf(this.tracks[index]!);
    if (readsBatna) this.refreshBatna();
  }

  /** Evaluates a global condition (strategy rules) against the current position. */
  evaluateCondition(expr: CompiledExpression): boolean {
    this.scope.self = undefined;
    return this.evalBool(expr);
  }

  /**
   * Evaluates an expression against the current position as written, without clamping or checks:
   * with `choice`, as that move's responses see it (offer, value); with `track`, as the track's
   * moves and guards see it (self, batna); else globally. `parley lint` samples probabilities with
   * it to find those that leave [0, 1]. May throw what the expression throws.
   */
  peek(expr: CompiledExpression, at: { readonly track?: number; readonly choice?: MoveChoice } = {}): unknown {
    if (at.choice) this.prepareMoveScope(this.tracks[at.choice.move.track]!, at.choice);
    else if (at.track !== undefined) this.setSelf(this.tracks[at.track]!);
    else this.scope.self = undefined;
    try {
      if (expr.readsBatna) this.refreshBatna();
      return expr.evaluate(this.scope);
    } finally {
      this.scope.offer = undefined;
    }
  }

  availableMoves(): CompiledMove[] {
    const out: CompiledMove[] = [];
    for (const rt of this.tracks) for (const m of rt.track.moves) if (this.isAvailable(m)) out.push(m);
    return out;
  }

  /** The utility of an offer to the host and to the move's counterpart. */
  valueOfOffer(choice: MoveChoice): { host: number; counterpart: number; offer: Record<string, number | string> } {
    const rt = this.tracks[choice.move.track]!;
    const offer = this.buildOffer(rt, choice);
    return { host: utility(this.scenario.host, offer), counterpart: utility(rt.counterpart, offer), offer: { ...offer } };
  }

  /** The probability of each response to a move, now (the advisor and the UI explain moves with it). */
  responseProbabilities(choice: MoveChoice): { label: string; p: number }[] {
    const rt = this.tracks[choice.move.track]!;
    this.prepareMoveScope(rt, choice);
    this.probabilities(choice.move.responses);
    const ps = this.probabilityBuffer;
    this.scope.offer = undefined;
    return choice.move.responses.map((r, i) => ({ label: r.label, p: ps[i]! }));
  }

  // ------------------------------------------------------------------ stepping

  /** Runs the round's events; afterwards the host may move (phase 'moves'). */
  beginRound(): void {
    if (this.phase !== 'start') throw new SimulationError('E_PHASE', `beginRound called in phase ${this.phase}`);
    const scope = this.scope;
    scope.round = this.round;
    for (const rt of this.tracks) rt.object.rounds = this.round - rt.object.entered;
    scope.self = undefined;
    // The generated loop (where there is one) returns -1 when done, or the event whose condition or
    // probability failed: the generic loop goes on from there and reports it.
    const roundEvents = this.sites.roundEvents;
    const from = roundEvents !== undefined ? roundEvents(this) : 0;
    if (from >= 0) {
      const events = this.scenario.events;
      for (let i = from; i < events.length; i++) {
        const p = this.eventChance(i);
        if (p !== undefined && this.fireEvent(i, p)) break;
      }
    }
    this.phase = 'moves';
  }

  /**
   * Whether event i may fire this round (once-only and not yet fired, its round, its condition) and,
   * if so, its probability now; undefined if not. Throws where a condition or probability fails.
   */
  eventChance(i: number): number | undefined {
    const e = this.scenario.events[i]!;
    if (e.once && this.fired[i]) return undefined;
    if (e.round !== undefined && e.round !== this.round) return undefined;
    this.scope.self = undefined;
    if (e.when !== undefined && !this.evalBool(e.when)) return undefined;
    return e.p === undefined ? 1 : this.probability(e.p);
  }

  /**
   * Draws whether event i, which may fire with probability p, fires, and if so fires it (effects,
   * signals, a branch). Returns whether the round's events stop there (every track final).
   */
  fireEvent(i: number, p: number): boolean {
    const e = this.scenario.events[i]!;
    // A certain event fires whatever the draw, which is then made only for the trace.
    const draw = p >= 1 && this.trace === undefined ? 0 : this.random.at(this.round, 2 * i);
    if (!(draw < p)) return false;
    this.fired[i] = 1;
    this.trace?.push({ round: this.round, kind: 'event', event: e.id, label: e.label, p, draw, scheduled: e.round !== undefined });
    if (e.news !== undefined) this.trace?.push({ round: this.round, kind: 'news', text: e.news });
    const site = this.sites.events[i]!;
    this.applyEffects(e.effects, undefined, site.effects);
    this.queueSignals(e.signals, -1);
    if (e.branches.length > 0) {
      const branch = this.choose(e.branches, 2 * i + 1, e.id, undefined, site.branches);
      if (branch) this.applyResponse(branch, undefined, undefined, site.branches.effects[branch.index]);
    }
    this.deliverSignals();
    return this.allFinal();
  }

  /** For the generated event loop: which once-only events have fired in this run (1) or not (0). */
  get firedEvents(): Uint8Array {
    return this.fired;
  }

  /**
   * Makes the host's moves (at most clock.movesPerRound, on distinct tracks), draws the responses,
   * ticks every track, and checks whether the run ends.
   */
  makeMoves(choices: readonly MoveChoice[]): void {
    if (this.phase !== 'moves') throw new SimulationError('E_PHASE', `makeMoves called in phase ${this.phase}`);
    const max = this.scenario.file.clock.movesPerRound;
    if (choices.length > max) throw new SimulationError('E_MOVE', `at most ${max} move(s) per round`);
    for (let i = 0; i < choices.length; i++) {
      const move = choices[i]!.move;
      for (let j = 0; j < i; j++) {
        if (choices[j]!.move.track === move.track) throw new SimulationError('E_MOVE', `two moves on track '${this.tracks[move.track]!.track.id}' in one round`);
      }
      if (!this.isAvailable(move)) throw new SimulationError('E_MOVE', `move '${move.id}' is not available now`);
    }
    this.applyMoves(choices);
  }

  /** Makes checked moves, then ends the round. */
  private applyMoves(choices: readonly MoveChoice[]): void {
    // Moves are chosen together at the start of the host's turn; an earlier move can close a later
    // one (a signal ends its track, an effect breaks its condition), and then the later one lapses.
    for (let i = 0; i < choices.length; i++) {
      const choice = choices[i]!;
      if (i > 0 && !this.isAvailable(choice.move)) {
        this.trace?.push({ round: this.round, kind: 'news', text: `(${choice.move.label} is no longer possible this round)`, track: this.tracks[choice.move.track]!.track.id });
        continue;
      }
      this.makeMove(choice);
    }
    this.endRound();
  }

  /** Plays a whole round with a chooser (a strategy, or scripted moves). */
  playRound(choose: Chooser): void {
    this.beginRound();
    if (this.phase === 'moves' && this.allFinal()) {
      this.endRound();
      return;
    }
    const choices = choose(this);
    // A strategy's chooser checks what makeMoves would (budget, one move a track, each available
    // now): its choices go straight to the moves.
    if (choose.checked === true) this.applyMoves(choices);
    else this.makeMoves(choices);
  }

  /** Plays to the end with a chooser and returns the result. */
  runToEnd(choose: Chooser): RunResult {
    while (this.phase !== 'done') this.playRound(choose);
    return this.result();
  }

  /** A uniform in [0, 1) reserved for the strategy's k-th choice this round (common random numbers). */
  strategyDraw(k: number): number {
    return this.random.at(this.round, this.slotBase + 2 * this.tracks.length + k);
  }

  private makeMove(choice: MoveChoice): void {
    const move = choice.move;
    const rt = this.tracks[move.track]!;
    rt.object.moves++;
    this.prepareMoveScope(rt, choice);
    if (this.trace) {
      const offer = this.scope.offer;
      this.trace.push({
        round: this.round,
        kind: 'move',
        track: rt.track.id,
        move: move.name,
        label: move.label,
        offer: offer ? { ...offer } : undefined,
        value: offer ? { host: this.scope.value.host, counterpart: this.scope.value.counterpart } : undefined,
      });
    }
    // The scenario's own move object has generated effects and chances (one made elsewhere does not).
    const site = this.sites.moves[move.track]?.[move.slot];
    const own = site !== undefined && site.move === move;
    this.applyEffects(move.effects, rt, own ? site.effects : undefined);
    const response = this.choose(move.responses, this.slotBase + 2 * move.track, move.id, this.responseDraw?.(move), own ? site.responses : undefined);
    if (response) this.applyResponse(response, rt, this.scope.offer, own ? site.responses.effects[response.index] : undefined);
    this.scope.offer = undefined;
    this.deliverSignals();
  }

  private endRound(): void {
    for (const rt of this.tracks) {
      if (rt.state.done) continue;
      this.send(rt, 'TICK');
      this.deliverSignals();
    }
    this.round++;
    let reason: 'all-final' | 'end-condition' | 'horizon' | undefined;
    if (this.allFinal()) reason = 'all-final';
    else if (this.scenario.end !== undefined) {
      this.scope.self = undefined;
      this.scope.round = this.round;
      if (this.evalBool(this.scenario.end)) reason = 'end-condition';
    }
    if (reason === undefined && this.round >= this.scenario.file.clock.horizon) reason = 'horizon';
    if (reason !== undefined) {
      this.endReason = reason;
      this.phase = 'done';
    } else this.phase = 'start';
  }

  private allFinal(): boolean {
    for (const rt of this.tracks) if (!rt.state.done) return false;
    return true;
  }

  // ------------------------------------------------------------------ machines

  private setSelf(rt: TrackRuntime): void {
    this.scope.self = rt.object;
    this.selfTrack = rt;
  }

  /**
   * Reservation values depend on the world at the moment they are read: computed on demand, into
   * `batna`, for the track that is `self` (nothing if none is). Generated response chances call it.
   */
  refreshBatna(): void {
    const rt = this.selfTrack;
    if (rt === undefined || this.scope.self !== rt.object) return;
    this.scope.batna.host = this.reservation(this.scenario.host);
    this.scope.batna.counterpart = this.reservation(rt.counterpart);
  }

  /** Evaluates a compiled expression against the run's scope; every evaluation goes through here. */
  private evaluate(expr: CompiledExpression): unknown {
    if (expr.readsBatna) this.refreshBatna();
    try {
      return expr.evaluate(this.scope);
    } catch (error) {
      throw this.evaluationError(expr, error);
    }
  }

  private send(rt: TrackRuntime, type: string): void {
    if (rt.state.done) return;
    if (++this.steps > limits.stepsPerRun) {
      throw new SimulationError('E_STEP_BUDGET', `track '${rt.track.id}', state '${rt.state.key}': the run delivered more than ${limits.stepsPerRun} events to track machines (last: ${type}); something keeps the tracks busy`, {
        track: rt.track.id,
        state: rt.state.key,
        round: this.round,
        run: this.run,
        location: this.scenario.locate?.(statePathInFile(rt.track.id, rt.state.key)),
      });
    }
    this.setSelf(rt);
    let result: TransitionResult;
    try {
      result = rt.memo.step(rt.state, type, this.check);
    } catch (error) {
      throw this.inThisRun(error);
    }
    if (!result.changed) return;
    const from = rt.state;
    if (result.next !== from) {
      this.trace?.push({ round: this.round, kind: 'transition', track: rt.track.id, from: from.key, to: result.next.key, event: type });
      this.enter(rt, result.next);
    }
    this.runActions(rt, result.actions);
  }

  private enter(rt: TrackRuntime, state: TrackState): void {
    rt.state = state;
    rt.path.push(state.key);
    if (rt.pathNode !== undefined) rt.pathNode = rt.memo.extendPath(rt.pathNode, state);
    const o = rt.object;
    showState(o, state);
    o.entered = this.round;
    o.rounds = 0;
    if (state.deal && this.dealTrack < 0) {
      this.dealTrack = rt.track.index;
      this.dealRound = this.round;
    }
  }

  private runActions(rt: TrackRuntime, actions: readonly CompiledAction[]): void {
    for (const a of actions) {
      if (a.type === 'set') this.applyEffects(a.effects, rt, undefined);
      else if (a.type === 'signal') this.queueSignals([a.signal], rt.track.index);
      else this.trace?.push({ round: this.round, kind: 'news', text: a.text, track: rt.track.id });
    }
  }

  private queueSignals(signals: readonly CompiledSignal[], from: number): void {
    for (const s of signals) {
      if (s.to >= 0) this.signalQueue.push({ from, to: s.to, event: s.event });
      else for (let t = 0; t < this.tracks.length; t++) if (s.to === -1 || t !== from) this.signalQueue.push({ from, to: t, event: s.event });
    }
  }

  private deliverSignals(): void {
    let delivered = 0;
    while (this.signalQueue.length > 0) {
      const s = this.signalQueue.shift()!;
      if (++delivered > limits.signalsPerRound) {
        const rt = this.tracks[s.to]!;
        throw new SimulationError('E_SIGNAL_LOOP', `more than ${limits.signalsPerRound} signals in one step (last: ${s.event} to track '${rt.track.id}' in state '${rt.state.key}'): tracks signal each other in a loop`, {
          track: rt.track.id,
          state: rt.state.key,
          round: this.round,
          run: this.run,
          location: this.scenario.locate?.([...statePathInFile(rt.track.id, rt.state.key), 'on', s.event]),
        });
      }
      const rt = this.tracks[s.to]!;
      if (rt.state.done) continue;
      this.trace?.push({ round: this.round, kind: 'signal', from: s.from >= 0 ? this.tracks[s.from]!.track.id : '(world)', to: rt.track.id, event: s.event });
      this.send(rt, s.event);
    }
  }

  // ------------------------------------------------------------------ moves, responses, effects

  /** The offer a move makes: the track's terms overridden by the move's issues, in the track's reused offer object. */
  private buildOffer(rt: TrackRuntime, choice: MoveChoice): Record<string, number | string> {
    const offer = rt.offer;
    const terms = rt.object.terms;
    // Terms hold every issue of the scenario (initialTerms does), so copying the names copies all.
    this.copyTerms(offer, terms);
    for (const spec of choice.move.offer) {
      let v = choice.offer?.[spec.issue] ?? spec.default;
      if (spec.kind === 'number') {
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new SimulationError('E_OFFER', `offer for '${spec.issue}' must be a number`);
        v = clamp(v, spec.min, spec.max);
      } else if (typeof v !== 'string' || !spec.values.includes(v)) {
        throw new SimulationError('E_OFFER', `offer for '${spec.issue}' must be one of ${spec.values.join(', ')}`);
      }
      offer[spec.issue] = v;
    }
    return offer;
  }

  private prepareMoveScope(rt: TrackRuntime, choice: MoveChoice): void {
    this.setSelf(rt);
    if (choice.move.offer.length > 0) {
      const offer = this.buildOffer(rt, choice);
      this.scope.offer = offer;
      this.scope.value.host = utility(this.scenario.host, offer);
      this.scope.value.counterpart = utility(rt.counterpart, offer);
    } else {
      this.scope.offer = undefined;
      this.scope.value.host = rt.object.utility;
      this.scope.value.counterpart = utility(rt.counterpart, rt.object.terms);
    }
  }

  /**
   * Evaluates a list's probabilities into `probabilityBuffer` (reused: no allocation per draw);
   * returns whether they summed over 1 and were scaled down.
   */
  private probabilities(list: readonly CompiledResponse[]): boolean {
    const p = this.probabilityBuffer;
    let sum = 0;
    let remainder = -1;
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!;
      if (r.p === undefined) {
        remainder = i;
        p[i] = 0;
        continue;
      }
      const v = this.probability(r.p);
      p[i] = v;
      sum += v;
    }
    let normalised = false;
    if (sum > 1 + 1e-9) {
      for (let i = 0; i < list.length; i++) p[i] = p[i]! / sum;
      normalised = true;
    } else if (remainder >= 0) p[remainder] = Math.max(0, 1 - sum);
    return normalised;
  }

  private choose(list: readonly CompiledResponse[], slot: number, of: string, held: number | undefined, site: ListSite | undefined): CompiledResponse | undefined {
    let normalised: boolean;
    const generated = site?.chances;
    if (generated === undefined) normalised = this.probabilities(list);
    else {
      // The generated computation; where an expression fails or gives no number, the generic one
      // runs again from the start and reports it with the expression's file position.
      let scaled = -1;
      try {
        scaled = generated(this, this.scope, this.probabilityBuffer);
      } catch {
        // scaled stays -1
      }
      normalised = scaled < 0 ? this.probabilities(list) : scaled === 1;
    }
    const p = this.probabilityBuffer;
    let chosen: CompiledResponse | undefined;
    if (this.trace === undefined && held === undefined) {
      // A draw is in [0, 1): when the first response with a chance has a certain one, it is chosen
      // whatever the draw, which is then not made.
      let first = 0;
      while (first < list.length && !(p[first]! > 0)) first++;
      if (first < list.length && p[first]! >= 1) return list[first];
    }
    const draw = held ?? this.random.at(this.round, slot);
    let acc = 0;
    for (let i = 0; i < list.length; i++) {
      acc += p[i]!;
      if (draw < acc) {
        chosen = list[i];
        break;
      }
    }
    this.trace?.push({
      round: this.round,
      kind: 'choice',
      of,
      options: list.map((r, i) => ({ label: r.label, p: p[i]! })),
      draw,
      chosen: chosen?.label ?? '(nothing happens)',
      normalised,
    });
    return chosen;
  }

  private applyResponse(r: CompiledResponse, rt: TrackRuntime | undefined, offer: Record<string, number | string> | undefined, effects: GeneratedEffects | undefined): void {
    if (r.news !== undefined) this.trace?.push({ round: this.round, kind: 'news', text: r.news, track: rt?.track.id });
    this.applyEffects(r.effects, rt, effects);
    if (rt && r.terms !== undefined) {
      const terms = rt.object.terms;
      if (r.terms === 'offer') {
        if (offer) this.copyTerms(terms, offer);
      } else {
        for (const t of r.terms) {
          const v = 'literal' in t.value ? t.value.literal : this.evaluate(t.value.expr);
          const issue = this.scenario.file.issues[t.issue]!;
          if (issue.type === 'number') {
            if (typeof v !== 'number' || !Number.isFinite(v)) throw this.notFinite(t.value, v);
            terms[t.issue] = clamp(v, issue.min, issue.max);
          } else {
            if (typeof v !== 'string' || !issue.values.includes(v)) {
              throw new SimulationError('E_ENUM_VALUE', `terms '${t.issue}' got ${JSON.stringify(v)}, not one of ${issue.values.join(', ')}`, {
                round: this.round,
                run: this.run,
                path: 'expr' in t.value ? t.value.expr.path : undefined,
                location: 'expr' in t.value ? t.value.expr.location : undefined,
              });
            }
            terms[t.issue] = v;
          }
        }
      }
      rt.object.utility = utility(this.scenario.host, terms);
      this.trace?.push({ round: this.round, kind: 'terms', track: rt.track.id, terms: { ...terms } });
    }
    this.queueSignals(r.signals, rt ? rt.track.index : -1);
    if (rt && r.event !== undefined) this.send(rt, r.event);
  }

  /**
   * Applies effects in order. `generated` is the list's generated function (compile-effects.ts), used
   * when no trace is kept (the trace records each change): where it stops at a failing effect, the
   * loop below goes on from that effect and reports it.
   */
  private applyEffects(effects: readonly CompiledEffect[], rt: TrackRuntime | undefined, generated: GeneratedEffects | undefined): void {
    if (effects.length === 0) return;
    const world = this.scope.world;
    if (rt) this.setSelf(rt);
    let from = 0;
    if (generated !== undefined && this.trace === undefined) {
      from = generated(this, this.scope, world);
      if (from < 0) return;
    }
    for (let i = from; i < effects.length; i++) {
      const e = effects[i]!;
      const raw = 'literal' in e.value ? e.value.literal : this.evaluate(e.value.expr);
      let v = raw;
      if (e.kind === 'number') {
        if (typeof raw !== 'number' || !Number.isFinite(raw)) throw this.notFinite(e.value, raw);
        v = clamp(raw, e.min, e.max);
      } else if (e.kind === 'enum' && !e.values!.includes(raw as string)) {
        throw new SimulationError('E_ENUM_VALUE', `effect on '${e.variable}' gave ${JSON.stringify(raw)}, not one of ${e.values!.join(', ')}`, {
          round: this.round,
          run: this.run,
          path: 'expr' in e.value ? e.value.expr.path : undefined,
          location: 'expr' in e.value ? e.value.expr.location : undefined,
        });
      }
      if (this.trace !== undefined) {
        const before = world[e.variable];
        if (before !== v) this.trace.push({ round: this.round, kind: 'effect', variable: e.variable, from: before, to: v });
      }
      world[e.variable] = v;
    }
  }

  // ------------------------------------------------------------------ expressions

  private evalBool(expr: CompiledExpression): boolean {
    return this.evaluate(expr) === true;
  }

  private probability(source: ValueSource<number>): number {
    if ('literal' in source) return source.literal;
    const v = this.evaluate(source.expr);
    if (typeof v !== 'number' || Number.isNaN(v)) throw this.notFinite(source, v);
    return v < 0 ? 0 : v > 1 ? 1 : v;
  }

  private valueOf(source: ValueSource<number | boolean | string>): number | boolean | string {
    if ('literal' in source) return source.literal;
    const v = this.evaluate(source.expr);
    if (typeof v === 'number' && !Number.isFinite(v)) throw this.notFinite(source, v);
    return v as number | boolean | string;
  }

  private reservation(party: CompiledParty): number {
    const r = party.reservation;
    if ('literal' in r) return r.literal;
    const saved = this.scope.self;
    const v = this.valueOf(r) as number;
    this.scope.self = saved;
    return v;
  }

  /** The memo knows tracks, not runs: add the run and round to its errors (batches report them). */
  private inThisRun(error: unknown): unknown {
    if (!(error instanceof SimulationError) || error.where.run !== undefined) return error;
    return new SimulationError(error.code, error.message, { ...error.where, run: this.run, round: this.round });
  }

  private evaluationError(expr: CompiledExpression, error: unknown): SimulationError {
    if (error instanceof SimulationError) return error;
    return new SimulationError('E_EVALUATION', `expression "${expr.source}" failed in round ${this.round}: ${String((error as Error).message).split('\n')[0]}`, {
      round: this.round,
      run: this.run,
      path: expr.path,
      location: expr.location,
    });
  }

  private notFinite(source: ValueSource<unknown>, value: unknown, path?: readonly (string | number)[]): SimulationError {
    const where = 'expr' in source ? source.expr.path : path;
    const text = 'expr' in source ? `"${source.expr.source}"` : 'a value';
    return new SimulationError('E_NOT_FINITE', `${text} gave ${String(value)} in round ${this.round}, run ${this.run}; a number was needed`, {
      round: this.round,
      run: this.run,
      path: where,
      location: 'expr' in source ? source.expr.location : undefined,
    });
  }

  // ------------------------------------------------------------------ results

  /** Classifies the finished run and evaluates the metrics. */
  result(): RunResult {
    if (this.phase !== 'done') throw new SimulationError('E_PHASE', 'the run has not finished');
    const s = this.scope;
    s.self = undefined;
    const host = this.scenario.host;
    const dealRt = this.dealTrack >= 0 ? this.tracks[this.dealTrack] : undefined;
    if (dealRt) {
      s.deal = dealRt.object.terms;
      s.dealTrack = dealRt.track.id;
      s.utility.host = utility(host, dealRt.object.terms);
      s.utility.counterpart = utility(dealRt.counterpart, dealRt.object.terms);
    } else {
      s.deal = noDealTerms(this.scenario);
      s.dealTrack = '';
      s.utility.host = this.reservation(host);
      s.utility.counterpart = NaN;
    }
    let outcomeIndex = -1;
    const outcomes = this.scenario.outcomes;
    for (let i = 0; i < outcomes.length; i++) {
      const o = outcomes[i]!;
      if (o.when === undefined || this.evalBool(o.when)) {
        outcomeIndex = i;
        break;
      }
    }
    const metricList = this.scenario.metrics;
    const metrics = new Array<number>(metricList.length);
    for (let i = 0; i < metricList.length; i++) {
      const v = this.evaluate(metricList[i]!.expr);
      metrics[i] = typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'number' ? v : NaN;
    }
    const outcome = outcomeIndex >= 0 ? outcomes[outcomeIndex]!.id : 'unclassified';
    this.trace?.push({ round: this.round, kind: 'end', reason: this.endReason!, outcome });
    return {
      run: this.run,
      outcome,
      outcomeIndex,
      rounds: this.round,
      dealRound: this.dealRound,
      dealTrack: dealRt?.track.id ?? '',
      metrics,
      finalStates: this.finalStates(),
      paths: this.paths(),
      pathTexts: this.pathTexts(),
      parameters: this.parameters,
      trace: this.trace,
    };
  }

  private finalStates(): string[] {
    const out = new Array<string>(this.tracks.length);
    for (let i = 0; i < out.length; i++) out[i] = this.tracks[i]!.state.key;
    return out;
  }

  private paths(): string[][] {
    const out = new Array<string[]>(this.tracks.length);
    for (let i = 0; i < out.length; i++) out[i] = this.tracks[i]!.path;
    return out;
  }

  private pathTexts(): string[] {
    const out = new Array<string>(this.tracks.length);
    for (let i = 0; i < out.length; i++) {
      const rt = this.tracks[i]!;
      out[i] = rt.pathNode !== undefined ? rt.pathNode.text : rt.path.join(' > ');
    }
    return out;
  }

  // ------------------------------------------------------------------ snapshots

  snapshot(): SimulationSnapshot {
    const world: Record<string, number | boolean | string> = {};
    for (const w of this.scenario.world) world[w.name] = this.scope.world[w.name] as number | boolean | string;
    return {
      round: this.round,
      phase: this.phase,
      world,
      tracks: this.tracks.map((rt) => ({
        state: rt.state.key,
        entered: rt.object.entered,
        moves: rt.object.moves,
        terms: { ...rt.object.terms },
        path: [...rt.path],
      })),
      fired: [...this.fired],
      dealTrack: this.dealTrack,
      dealRound: this.dealRound,
      endReason: this.endReason,
      traceLength: this.trace?.length ?? 0,
    };
  }

  /** Returns to a snapshot taken from a run of the same scenario, seed and run index. */
  restore(snap: SimulationSnapshot): void {
    this.round = snap.round;
    this.phase = snap.phase;
    this.scope.round = snap.round;
    for (const [k, v] of Object.entries(snap.world)) this.scope.world[k] = v;
    snap.tracks.forEach((t, i) => {
      const rt = this.tracks[i]!;
      const state = rt.memo.resolve(t.state);
      rt.state = state;
      rt.path = [...t.path];
      rt.pathNode = undefined; // a restored path is joined at the end instead
      const o = rt.object;
      showState(o, state);
      o.entered = t.entered;
      o.rounds = snap.round - t.entered;
      o.moves = t.moves;
      Object.assign(o.terms, t.terms);
      o.utility = utility(this.scenario.host, o.terms);
    });
    this.fired.set(snap.fired);
    this.dealTrack = snap.dealTrack;
    this.dealRound = snap.dealRound;
    this.endReason = snap.endReason as Simulation['endReason'];
    if (this.trace) this.trace.length = Math.min(this.trace.length, snap.traceLength);
  }
}

/** Responses and branches are capped at 50 by the schema. */
const PROBABILITY_BUFFER: number[] = new Array(64).fill(0);

const partyMaps = new WeakMap<CompiledScenario, ReadonlyMap<string, CompiledParty>>();
function partiesOf(scenario: CompiledScenario): ReadonlyMap<string, CompiledParty> {
  let map = partyMaps.get(scenario);
  if (map === undefined) {
    map = new Map(scenario.parties.map((p) => [p.id, p]));
    partyMaps.set(scenario, map);
  }
  return map;
}

const termsCopies = new WeakMap<CompiledScenario, FieldCopy>();
function termsCopyOf(scenario: CompiledScenario): FieldCopy {
  let copy = termsCopies.get(scenario);
  if (copy === undefined) {
    copy = compileFieldCopy(Object.keys(scenario.file.issues));
    termsCopies.set(scenario, copy);
  }
  return copy;
}

/** The `deal` expressions see when no deal was signed: NaN numbers and empty strings. Read-only. */
const noDeals = new WeakMap<CompiledScenario, Record<string, number | string>>();
function noDealTerms(scenario: CompiledScenario): Record<string, number | string> {
  let none = noDeals.get(scenario);
  if (none === undefined) {
    none = new scenario.classes.Terms();
    for (const [issue, decl] of Object.entries(scenario.file.issues)) none[issue] = decl.type === 'number' ? NaN : '';
    noDeals.set(scenario, none);
  }
  return none;
}

/** What expressions see of a track's configuration (`tracks.<id>.state`, `.done`, `.deal`, `.stage`). */
function showState(o: TrackObject, state: TrackState): void {
  o.state = state.key;
  o.done = state.done;
  o.deal = state.deal;
  o.stage = state.stage;
}

/** Whether a configuration key ("a.b", or "a.x,b.y" for parallel states) is inside one of the named states. */
function stateAdmits(key: string, names: readonly string[]): boolean {
  const active = key.split(',').map((part) => part.replace(/[()]/g, ''));
  return names.some((s) => active.some((a) => a === s || a.startsWith(s + '.')));
}

/** A party's utility of terms: the weighted mean of each issue's worth, in [0, 1]. */
export function utility(party: CompiledParty, terms: Readonly<Record<string, number | string>>): number {
  return party.utility !== undefined ? party.utility(terms) : genericUtility(party, terms);
}

/** The file path of a track's state: "a.b" -> tracks.<id>.machine.states.a.states.b (first region of a parallel state). */
function statePathInFile(track: string, key: string): (string | number)[] {
  const first = key.split(',')[0]!.replace(/[()]/g, '');
  return ['tracks', track, 'machine', ...first.split('.').flatMap((name) => ['states', name])];
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
