import type { CompiledAction, CompiledMove, CompiledParty, CompiledReceivedOffer, CompiledResponse, CompiledScenario, CompiledSignal } from '../scenario/compiled-scenario.js';
import type { CompiledExpression } from '../scenario/compile-expression.js';
import type { FieldCopy } from '../scenario/compile-source.js';
import { limits } from '../scenario/limits.js';
import { applyEffects, type GeneratedEffects } from './effects.js';
import { sitesOf, type ListSite, type ScenarioSites } from './generated-sites.js';
import { buildOffer, defaultOfferValues, noDealTerms, prepareMoveScope, putTermsOnTable, termsCopyOf } from './offers.js';
import { Negotiation, reasonOf, type NegotiationDecision } from './negotiator.js';
import { chooseResponse, responseList } from './responses.js';
import { playRoundEvents, type FireEvent } from './round-events.js';
import { RunRandom } from './run-random.js';
import { clamp, createScope, emptyTrack, RunExpressions, utility, type Scope, type TrackObject } from './run-scope.js';
import type { TrackRuntime } from './track-runtime.js';
import { sampleDistribution } from './sample-distribution.js';
import { SignalQueue } from './signals.js';
import { SimulationError } from './simulation-error.js';
import { restoreTrack, showState, snapshotTrack, type SimulationSnapshot } from './snapshot.js';
import type { Chooser, MoveChoice, StrategyView } from './strategy-rules.js';
import type { TraceEntry } from './trace-entry.js';
import { TraceLog } from './trace-log.js';
import { TransitionMemo, type TrackState, type TransitionResult } from './transition-memo.js';

export type { Chooser, MoveChoice } from './strategy-rules.js';
export type { SimulationSnapshot } from './snapshot.js';
export { utility } from './run-scope.js';

/** What a finished run reports. Metric values are NaN where undefined (e.g. the price of no deal). */
export interface RunResult {
  readonly run: number;
  readonly outcome: string;
  readonly outcomeIndex: number;
  /** Rounds played. */
  readonly rounds: number;
  /** Round in which the first deal was signed, or -1. */
  readonly dealRound: number;
  /** The track of the first deal, or "". */
  readonly dealTrack: string;
  /** Every track in a deal state at the end, in track order, joined with "+" ("" for none): a portfolio of deals. */
  readonly dealSet: string;
  readonly metrics: readonly number[];
  readonly finalStates: readonly string[];
  /** Per track, the states visited, in order. */
  readonly paths: readonly (readonly string[])[];
  /** Per track, the same path joined with ' > ' (interned: batches tally it as it is). */
  readonly pathTexts: readonly string[];
  readonly parameters: readonly number[];
  /**
   * For a run with a deal: each side's utility of the terms signed minus its reservation value at
   * that moment (as the deal's track saw it). Negative: a side signed below its reservation, which
   * a rational party would not (`parley lint` reports it: deal-below-reservation).
   */
  readonly dealMargin?: { readonly host: number; readonly counterpart: number };
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

/**
 * Transition memos shared by every run of a batch (one per track). Build once, reuse.
 * `cache: false` makes every step ask XState (the reference for differential tests).
 */
export function createMemos(scenario: CompiledScenario, options: { cache?: boolean } = {}): TransitionMemo[] {
  return scenario.tracks.map((t) => new TransitionMemo(t, options.cache ?? true, scenario.locate));
}

/**
 * One run of a scenario, stepped round by round: the coordinator of the engine's concepts. Batches
 * drive it with a strategy; the play-through drives it with a person's choices, taking snapshots for
 * undo. Does no I/O; all randomness comes from the run's `RunRandom`.
 *
 * A round (docs/scenario-format.md, "How a run works"):
 * 1. `beginRound`: the round's events (round-events.ts), each fired with its effects (effects.ts),
 *    signals (signals.ts) and branch (responses.ts);
 * 2. `makeMoves`: the host's moves, each with its effects, then one response drawn (responses.ts),
 *    whose effects, terms (offers.ts), signals and event follow;
 * 3. `endRound`: every running track's machine gets TICK; the run ends when every track is final,
 *    the scenario's end condition holds, or the horizon is reached.
 * Machines step through their transition memos (transition-memo.ts); expressions are evaluated in
 * the run's scope (run-scope.ts); generated code runs where it exists (generated-sites.ts).
 */
export class Simulation {
  /** The run's randomness; replaced by reset(). */
  random: RunRandom;
  /** The batch seed and run index this simulation is playing (see reset()). */
  seed: string;
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
  /** What strategies see of the run (strategy-rules.ts). */
  readonly strategyView: StrategyView;

  private readonly x: RunExpressions;
  private readonly scope: Scope;
  private readonly tracks: TrackRuntime[];
  private readonly fired: Uint8Array;
  private dealTrack = -1;
  private dealRound = -1;
  private dealMargin: RunResult['dealMargin'];
  private readonly signals: SignalQueue;
  /** Events delivered to machines so far in this run (bounded by limits.stepsPerRun). */
  private steps = 0;
  private readonly slotBase: number;
  private readonly host: CompiledParty;
  private readonly copyTerms: FieldCopy;
  private readonly check = (guard: CompiledExpression): boolean => this.x.bool(guard);
  private readonly fire: FireEvent = (i, p) => this.fireEvent(i, p);
  private readonly deliver = (to: number, event: string, from: number): void => this.deliverSignal(to, event, from);
  private readonly signalLoop = (to: number, event: string): Error => this.signalLoopError(to, event);
  /** The scenario's generated functions, where they could be made. */
  private readonly sites: ScenarioSites;

  constructor(
    readonly scenario: CompiledScenario,
    readonly memos: readonly TransitionMemo[],
    seed: string,
    run: number,
    options: SimulationOptions = {},
  ) {
    this.seed = seed;
    this.random = new RunRandom(seed, run);
    this.fired = new Uint8Array(scenario.events.length);
    this.slotBase = 2 * scenario.events.length;
    this.host = scenario.host;
    this.copyTerms = termsCopyOf(scenario);
    this.sites = sitesOf(scenario);
    this.signals = new SignalQueue(scenario.tracks.length);
    const scope = createScope(scenario);
    this.scope = scope;
    this.x = new RunExpressions(scope, scenario.host, emptyTrack(scenario, noDealTerms(scenario)));
    this.x.run = run;
    const parties = new Map(scenario.parties.map((p) => [p.id, p]));
    const { classes } = scenario;
    this.tracks = scenario.tracks.map((track, i) => {
      // Every field now, in one order (one hidden class for `self`); start() sets them per run.
      const object = emptyTrack(scenario, new classes.Terms() as Record<string, number | string>);
      object.id = track.id;
      scope.tracks[track.id] = object;
      const counterpart = parties.get(track.counterpart)!;
      const negotiation = track.negotiator && new Negotiation(track.negotiator, counterpart, scenario.host, this.copyTerms, () => new classes.Terms() as Record<string, number | string>);
      return { track, memo: memos[i]!, counterpart, object, offer: new classes.Terms() as Record<string, number | string>, state: undefined as unknown as TrackState, path: [], pathNode: undefined, negotiation };
    });
    this.strategyView = {
      scope,
      tracks: this.tracks,
      movesPerRound: scenario.file.clock.movesPerRound,
      isAvailable: (move) => this.isAvailable(move),
      isOffered: (move) => this.isOffered(move),
      selectTrack: (index, readsBatna) => this.selectTrack(index, readsBatna),
      evaluateCondition: (expr) => this.evaluateCondition(expr),
      strategyDraw: (k) => this.strategyDraw(k),
    };
    this.start(options);
  }

  /** The run index this simulation is playing. */
  get run(): number {
    return this.x.run;
  }

  /** The round being played (0-based), or rounds played once done. */
  get round(): number {
    return this.x.round;
  }

  /**
   * Starts run `run` of `seed` afresh in this simulation, reusing its objects (batches play many runs
   * on one simulation). Results and snapshots taken before stay valid: nothing they hold is reused.
   */
  reset(seed: string, run: number, options: SimulationOptions = {}): void {
    this.seed = seed;
    this.x.run = run;
    this.random = new RunRandom(seed, run);
    this.start(options);
  }

  /** The run's first moment: parameters drawn, world and terms initial, machines in their initial states. */
  private start(options: SimulationOptions): void {
    const scenario = this.scenario;
    const scope = this.scope;
    const x = this.x;
    this.trace = options.trace ? TraceLog.create((entry) => this.traceLimitError(entry)) : undefined;
    x.round = 0;
    this.phase = 'start';
    this.endReason = undefined;
    this.fired.fill(0);
    this.dealTrack = -1;
    this.dealRound = -1;
    this.dealMargin = undefined;
    this.signals.clear();
    this.steps = 0;
    x.setSelf(undefined);

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
    scope.offer = undefined;
    scope.deal = undefined;
    scope.dealTrack = '';
    for (const w of scenario.world) {
      const v = x.worldValue(w.name, w.kind, w.values, w.initial);
      scope.world[w.name] = w.kind === 'number' ? clamp(v as number, w.min, w.max) : v;
    }

    for (const rt of this.tracks) {
      const object = rt.object;
      // Terms only ever hold the scenario's issues, and initialTerms has every one: this restores all.
      this.copyTerms(object.terms, rt.track.initialTerms);
      object.entered = 0;
      object.rounds = 0;
      object.moves = 0;
      object.utility = utility(this.host, object.terms);
      object.received = false;
      rt.path = [];
      rt.pathNode = rt.memo.pathRoot;
      rt.negotiation?.reset();
    }
    // Enter every machine's initial state (entry actions run, in track order).
    for (const rt of this.tracks) {
      x.setSelf(rt);
      let result: TransitionResult;
      try {
        result = rt.memo.initial(this.check);
      } catch (error) {
        throw x.inThisRun(error);
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
    this.x.setSelf(this.tracks[index]!);
    for (const s of this.tracks[index]!.track.stance) if (!s.when || this.x.bool(s.when)) return s.label;
    return undefined;
  }

  /** Reservation values {host, counterpart} on a track, now (as the track's own expressions see them). */
  batna(index: number): { host: number; counterpart: number } {
    const rt = this.tracks[index]!;
    this.x.setSelf(rt);
    return { host: this.x.reservation(this.host), counterpart: this.x.reservation(rt.counterpart) };
  }

  /** Whether a move can be made now: its track is in one of its states and its condition holds. */
  isAvailable(move: CompiledMove): boolean {
    if (!this.isOffered(move)) return false;
    if (move.when === undefined) return true;
    this.x.setSelf(this.tracks[move.track]!);
    return this.x.bool(move.when);
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

  /** Makes track `index` what expressions see as `self`, with `batna` refreshed when the next expression reads it. */
  private selectTrack(index: number, readsBatna: boolean): void {
    this.x.setSelf(this.tracks[index]!);
    if (readsBatna) this.x.refreshBatna();
  }

  /** Evaluates a global condition (strategy rules) against the current position. */
  private evaluateCondition(expr: CompiledExpression): boolean {
    this.scope.self = undefined;
    return this.x.bool(expr);
  }

  /**
   * Evaluates an expression against the current position as written, without clamping or checks:
   * with `choice`, as that move's responses see it (offer, value); with `track`, as the track's
   * moves and guards see it (self, batna); else globally. `parley lint` samples probabilities with
   * it to find those that leave [0, 1]. May throw what the expression throws.
   */
  peek(expr: CompiledExpression, at: { readonly track?: number; readonly choice?: MoveChoice } = {}): unknown {
    if (at.choice) prepareMoveScope(this.x, this.tracks[at.choice.move.track]!, at.choice, this.host, this.copyTerms);
    else if (at.track !== undefined) this.x.setSelf(this.tracks[at.track]!);
    else this.scope.self = undefined;
    try {
      if (expr.readsBatna) this.x.refreshBatna();
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
    const offer = buildOffer(this.x, rt, choice, this.copyTerms);
    return { host: utility(this.host, offer), counterpart: utility(rt.counterpart, offer), offer: { ...offer } };
  }

  /**
   * The values a move offers now unless told otherwise: its defaults, expressions among them
   * evaluated in the current position (the offer editor starts from them).
   */
  defaultOffer(move: CompiledMove): Record<string, number | string> {
    return defaultOfferValues(this.x, this.tracks[move.track]!, move, this.copyTerms);
  }

  /** The probability of each response to a move, now (the advisor and the UI explain moves with it). */
  responseProbabilities(choice: MoveChoice): { label: string; p: number }[] {
    const rt = this.tracks[choice.move.track]!;
    prepareMoveScope(this.x, rt, choice, this.host, this.copyTerms);
    try {
      const decision = this.negotiate(rt, choice.move, false);
      return responseList(this.x, choice.move.responses, decision && (decision.accept ? 'accept' : 'counter'));
    } finally {
      this.scope.offer = undefined;
    }
  }

  // ------------------------------------------------------------------ the round

  /** Runs the round's events; afterwards the host may move (phase 'moves'). */
  beginRound(): void {
    if (this.phase !== 'start') throw new SimulationError('E_PHASE', `beginRound called in phase ${this.phase}`);
    const round = this.x.round;
    this.scope.round = round;
    for (const rt of this.tracks) rt.object.rounds = round - rt.object.entered;
    playRoundEvents(this.x, this.scenario.events, this.sites.roundEvents, this.fired, round, this.fire);
    this.phase = 'moves';
  }

  /**
   * Draws whether event i, which may fire with probability p, fires, and if so fires it (effects,
   * signals, a branch). Returns whether the round's events stop there (every track final).
   */
  private fireEvent(i: number, p: number): boolean {
    const e = this.scenario.events[i]!;
    const round = this.x.round;
    // A certain event fires whatever the draw, which is then made only for the trace.
    const draw = p >= 1 && this.trace === undefined ? 0 : this.random.at(round, 2 * i);
    if (!(draw < p)) return false;
    this.fired[i] = 1;
    this.trace?.push({ round, kind: 'event', event: e.id, label: e.label, p, draw, scheduled: e.round !== undefined });
    if (e.news !== undefined) this.trace?.push({ round, kind: 'news', text: e.news });
    const site = this.sites.events[i]!;
    applyEffects(this.x, e.effects, site.effects, this.trace);
    this.signals.push(e.signals, -1);
    if (e.offer !== undefined) this.receiveOffer(e.offer, e.id);
    if (e.branches.length > 0) {
      const branch = this.choose(e.branches, 2 * i + 1, e.id, undefined, site.branches);
      if (branch) this.applyResponse(branch, undefined, undefined, site.branches.effects[branch.index], undefined, e.id);
    }
    this.deliverSignals();
    return this.allFinal();
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
        this.trace?.push({ round: this.x.round, kind: 'news', text: `(${choice.move.label} is no longer possible this round)`, track: this.tracks[choice.move.track]!.track.id });
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
    const choices = choose(this.strategyView);
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
    return this.random.at(this.x.round, this.slotBase + 2 * this.tracks.length + k);
  }

  private makeMove(choice: MoveChoice): void {
    const move = choice.move;
    const rt = this.tracks[move.track]!;
    rt.object.moves++;
    prepareMoveScope(this.x, rt, choice, this.host, this.copyTerms);
    if (this.trace) {
      const offer = this.scope.offer;
      this.trace.push({
        round: this.x.round,
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
    applyEffects(this.x, move.effects, own ? site.effects : undefined, this.trace);
    const decision = this.negotiate(rt, move, true);
    const response = chooseResponse(this.x, move.responses, own ? site.responses.chances : undefined, this.random, this.slotBase + 2 * move.track, move.id, this.responseDraw?.(move), this.trace, decision && (decision.accept ? 'accept' : 'counter'));
    // The move answers whatever the counterpart had put on the table; a counter-offer puts new terms there.
    rt.object.received = response !== undefined && response.terms === 'counter' && decision !== undefined;
    if (response) this.applyResponse(response, rt, this.scope.offer, own ? site.responses.effects[response.index] : undefined, decision?.counter);
    this.scope.offer = undefined;
    this.deliverSignals();
  }

  /**
   * The negotiator's decision on the offer being made (after the move's effects, as the responses
   * see the position), or undefined where the track has none or the move's responses do not ask for
   * one. `remember`: tit-for-tat remembers the offer (not when a tool only asks).
   */
  private negotiate(rt: TrackRuntime, move: CompiledMove, remember: boolean): NegotiationDecision | undefined {
    const negotiation = rt.negotiation;
    const offer = this.scope.offer;
    if (negotiation === undefined || offer === undefined || !move.responses.some((r) => r.decision !== undefined)) return undefined;
    const d = negotiation.decide(this.x, rt.object.terms, move, offer, remember);
    if (remember && this.trace !== undefined) {
      this.trace.push({
        round: this.x.round,
        kind: 'negotiation',
        track: rt.track.id,
        target: d.target,
        reservation: d.reservation,
        offered: d.offered,
        counterValue: d.counterValue,
        counter: { ...d.counter },
        decision: d.accept ? 'accept' : 'counter',
        reason: reasonOf(d, negotiation.negotiator.acceptance),
      });
    }
    return d;
  }

  private endRound(): void {
    for (const rt of this.tracks) {
      if (rt.state.done) continue;
      this.send(rt, 'TICK');
      this.deliverSignals();
    }
    const round = ++this.x.round;
    let reason: 'all-final' | 'end-condition' | 'horizon' | undefined;
    if (this.allFinal()) reason = 'all-final';
    else if (this.scenario.end !== undefined) {
      this.scope.self = undefined;
      this.scope.round = round;
      if (this.x.bool(this.scenario.end)) reason = 'end-condition';
    }
    if (reason === undefined && round >= this.scenario.file.clock.horizon) reason = 'horizon';
    if (reason !== undefined) {
      this.endReason = reason;
      this.phase = 'done';
    } else this.phase = 'start';
  }

  private allFinal(): boolean {
    for (const rt of this.tracks) if (!rt.state.done) return false;
    return true;
  }

  // ------------------------------------------------------------------ responses

  private choose(list: readonly CompiledResponse[], slot: number, of: string, held: number | undefined, site: ListSite | undefined): CompiledResponse | undefined {
    return chooseResponse(this.x, list, site?.chances, this.random, slot, of, held, this.trace);
  }

  private applyResponse(
    r: CompiledResponse,
    rt: TrackRuntime | undefined,
    offer: Record<string, number | string> | undefined,
    effects: GeneratedEffects | undefined,
    counter?: Readonly<Record<string, number | string>>,
    /** The event whose branch this is (for its offer's trace). */
    event?: string,
  ): void {
    if (r.news !== undefined) this.trace?.push({ round: this.x.round, kind: 'news', text: r.news, track: rt?.track.id });
    if (rt) this.x.setSelf(rt);
    applyEffects(this.x, r.effects, effects, this.trace);
    if (rt && r.terms !== undefined) {
      putTermsOnTable(this.x, this.scenario, rt, r.terms, offer, counter, this.copyTerms);
      this.trace?.push({ round: this.x.round, kind: 'terms', track: rt.track.id, terms: { ...rt.object.terms } });
    }
    this.signals.push(r.signals, rt ? rt.track.index : -1);
    if (r.offer !== undefined) this.receiveOffer(r.offer, event ?? '');
    if (rt && r.event !== undefined) this.send(rt, r.event);
  }

  /**
   * A counterpart puts terms on its track's table (an event's or a branch's offer): the offered issues
   * are evaluated with `self` = the track, clamped and checked, the track's `received` turns true, and
   * the offer's event goes to its machine. A finished track's table stays as it is (a signed deal's
   * terms do not change).
   */
  private receiveOffer(offer: CompiledReceivedOffer, from: string): void {
    const rt = this.tracks[offer.track]!;
    const id = rt.track.id;
    if (rt.state.done) {
      this.trace?.push({ round: this.x.round, kind: 'offer', track: id, from, terms: undefined, event: offer.event });
      return;
    }
    this.x.setSelf(rt);
    putTermsOnTable(this.x, this.scenario, rt, offer.terms, undefined, undefined, this.copyTerms);
    rt.object.received = true;
    if (this.trace) {
      const terms: Record<string, number | string> = {};
      for (const t of offer.terms) terms[t.issue] = rt.object.terms[t.issue]!;
      this.trace.push({ round: this.x.round, kind: 'offer', track: id, from, terms, event: offer.event });
    }
    this.send(rt, offer.event);
  }

  // ------------------------------------------------------------------ machines and signals

  private send(rt: TrackRuntime, type: string): void {
    if (rt.state.done) return;
    if (++this.steps > limits.stepsPerRun) {
      throw new SimulationError('E_STEP_BUDGET', `track '${rt.track.id}', state '${rt.state.key}': the run delivered more than ${limits.stepsPerRun} events to track machines (last: ${type}); something keeps the tracks busy`, {
        track: rt.track.id,
        state: rt.state.key,
        round: this.x.round,
        run: this.x.run,
        location: this.scenario.locate?.(statePathInFile(rt.track.id, rt.state.key)),
      });
    }
    this.x.setSelf(rt);
    let result: TransitionResult;
    try {
      result = rt.memo.step(rt.state, type, this.check);
    } catch (error) {
      throw this.x.inThisRun(error);
    }
    if (!result.changed) return;
    const from = rt.state;
    if (result.next !== from) {
      this.trace?.push({ round: this.x.round, kind: 'transition', track: rt.track.id, from: from.key, to: result.next.key, event: type });
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
    o.entered = this.x.round;
    o.rounds = 0;
    if (state.deal && this.dealTrack < 0) {
      this.dealTrack = rt.track.index;
      this.dealRound = this.x.round;
      // Reservations as the deal's track sees them (it is `self` while its machine steps).
      const terms = o.terms;
      this.dealMargin = {
        host: utility(this.host, terms) - this.x.reservation(this.host),
        counterpart: utility(rt.counterpart, terms) - this.x.reservation(rt.counterpart),
      };
    }
  }

  private runActions(rt: TrackRuntime, actions: readonly CompiledAction[]): void {
    for (const a of actions) {
      if (a.type === 'set') {
        this.x.setSelf(rt);
        applyEffects(this.x, a.effects, undefined, this.trace);
      } else if (a.type === 'signal') this.queueSignal(a.signal, rt.track.index);
      else this.trace?.push({ round: this.x.round, kind: 'news', text: a.text, track: rt.track.id });
    }
  }

  private queueSignal(signal: CompiledSignal, from: number): void {
    this.signals.push([signal], from);
  }

  private deliverSignals(): void {
    this.signals.deliver(this.deliver, this.signalLoop);
  }

  private deliverSignal(to: number, event: string, from: number): void {
    const rt = this.tracks[to]!;
    if (rt.state.done) return;
    this.trace?.push({ round: this.x.round, kind: 'signal', from: from >= 0 ? this.tracks[from]!.track.id : '(world)', to: rt.track.id, event });
    this.send(rt, event);
  }

  private signalLoopError(to: number, event: string): Error {
    const rt = this.tracks[to]!;
    return new SimulationError('E_SIGNAL_LOOP', `more than ${limits.signalsPerRound} signals in one step (last: ${event} to track '${rt.track.id}' in state '${rt.state.key}'): tracks signal each other in a loop`, {
      track: rt.track.id,
      state: rt.state.key,
      round: this.x.round,
      run: this.x.run,
      location: this.scenario.locate?.([...statePathInFile(rt.track.id, rt.state.key), 'on', event]),
    });
  }

  /** The error that stops a run whose trace is full, located at what the entry that did not fit records. */
  private traceLimitError(entry: TraceEntry): Error {
    let path: (string | number)[] = [];
    if (entry.kind === 'event') path = ['events', entry.event];
    else if (entry.kind === 'transition') path = statePathInFile(entry.track, entry.from);
    else if (entry.kind === 'effect') path = ['world', entry.variable];
    else if ('track' in entry && entry.track !== undefined) path = ['tracks', entry.track];
    else if (entry.kind === 'news') {
      // An event's news follows its event entry.
      const last = this.trace?.[this.trace.length - 1];
      if (last?.kind === 'event') path = ['events', last.event, 'news'];
    }
    return new SimulationError(
      'E_TRACE_LIMIT',
      `the run recorded more than ${limits.traceEntries.toLocaleString('en-US')} trace entries by round ${this.x.round} (the last: ${entry.kind}); a trace that long cannot be shown`,
      { round: this.x.round, run: this.x.run, path, location: this.scenario.locate?.(path) },
    );
  }

  // ------------------------------------------------------------------ results

  /** Classifies the finished run and evaluates the metrics. */
  result(): RunResult {
    if (this.phase !== 'done') throw new SimulationError('E_PHASE', 'the run has not finished');
    const s = this.scope;
    this.x.setSelf(undefined);
    const dealRt = this.dealTrack >= 0 ? this.tracks[this.dealTrack] : undefined;
    if (dealRt) {
      s.deal = dealRt.object.terms;
      s.dealTrack = dealRt.track.id;
      s.utility.host = utility(this.host, dealRt.object.terms);
      s.utility.counterpart = utility(dealRt.counterpart, dealRt.object.terms);
    } else {
      s.deal = noDealTerms(this.scenario);
      s.dealTrack = '';
      s.utility.host = this.x.reservation(this.host);
      s.utility.counterpart = NaN;
    }
    // A new array per run: a tool may keep the scope's view of a finished run.
    const deals: string[] = [];
    for (const rt of this.tracks) if (rt.state.deal) deals.push(rt.track.id);
    s.deals = deals;
    let outcomeIndex = -1;
    const outcomes = this.scenario.outcomes;
    for (let i = 0; i < outcomes.length; i++) {
      const o = outcomes[i]!;
      if (o.when === undefined || this.x.bool(o.when)) {
        outcomeIndex = i;
        break;
      }
    }
    const metricList = this.scenario.metrics;
    const metrics = new Array<number>(metricList.length);
    for (let i = 0; i < metricList.length; i++) {
      const metric = metricList[i]!;
      const v = this.x.evaluate(metric.expr);
      // NaN is a metric's "no value in this run" (e.g. `deal.price` without a deal, or `0.0 / 0.0`
      // written for it): left out of its statistics. An infinity or a value that is no number
      // (only `dyn(...)` gets one past the load-time check) is an error, not a missing value.
      if (typeof v === 'boolean') metrics[i] = v ? 1 : 0;
      else if (typeof v === 'number' && (Number.isFinite(v) || Number.isNaN(v))) metrics[i] = v;
      else throw this.x.badMetric(metric.id, metric.expr, v);
    }
    const outcome = outcomeIndex >= 0 ? outcomes[outcomeIndex]!.id : 'unclassified';
    this.trace?.push({ round: this.x.round, kind: 'end', reason: this.endReason!, outcome });
    const n = this.tracks.length;
    const finalStates = new Array<string>(n);
    const paths = new Array<string[]>(n);
    const pathTexts = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const rt = this.tracks[i]!;
      finalStates[i] = rt.state.key;
      paths[i] = rt.path;
      pathTexts[i] = rt.pathNode !== undefined ? rt.pathNode.text : rt.path.join(' > ');
    }
    return {
      run: this.x.run,
      outcome,
      outcomeIndex,
      rounds: this.x.round,
      dealRound: this.dealRound,
      dealTrack: dealRt?.track.id ?? '',
      dealSet: deals.length === 0 ? '' : deals.length === 1 ? deals[0]! : deals.join('+'),
      metrics,
      finalStates,
      paths,
      pathTexts,
      parameters: this.parameters,
      dealMargin: this.dealMargin,
      trace: this.trace,
    };
  }

  // ------------------------------------------------------------------ snapshots

  snapshot(): SimulationSnapshot {
    const world: Record<string, number | boolean | string> = {};
    for (const w of this.scenario.world) world[w.name] = this.scope.world[w.name] as number | boolean | string;
    return {
      round: this.x.round,
      phase: this.phase,
      world,
      tracks: this.tracks.map(snapshotTrack),
      fired: [...this.fired],
      dealTrack: this.dealTrack,
      dealRound: this.dealRound,
      dealMargin: this.dealMargin,
      endReason: this.endReason,
      traceLength: this.trace?.length ?? 0,
    };
  }

  /** Returns to a snapshot taken from a run of the same scenario, seed and run index. */
  restore(snap: SimulationSnapshot): void {
    this.x.round = snap.round;
    this.phase = snap.phase;
    this.scope.round = snap.round;
    for (const [k, v] of Object.entries(snap.world)) this.scope.world[k] = v;
    snap.tracks.forEach((t, i) => restoreTrack(this.tracks[i]!, t, snap.round, this.host));
    this.fired.set(snap.fired);
    this.dealTrack = snap.dealTrack;
    this.dealRound = snap.dealRound;
    this.dealMargin = snap.dealMargin;
    this.endReason = snap.endReason as Simulation['endReason'];
    if (this.trace) this.trace.length = Math.min(this.trace.length, snap.traceLength);
  }
}

/** Whether a configuration key ("a.b", or "a.x,b.y" for parallel states) is inside one of the named states. */
function stateAdmits(key: string, names: readonly string[]): boolean {
  const active = key.split(',').map((part) => part.replace(/[()]/g, ''));
  return names.some((s) => active.some((a) => a === s || a.startsWith(s + '.')));
}

/** The file path of a track's state: "a.b" -> tracks.<id>.machine.states.a.states.b (first region of a parallel state). */
function statePathInFile(track: string, key: string): (string | number)[] {
  const first = key.split(',')[0]!.replace(/[()]/g, '');
  return ['tracks', track, 'machine', ...first.split('.').flatMap((name) => ['states', name])];
}
