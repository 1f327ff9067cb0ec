import type { AnyStateMachine, StateValue } from 'xstate';
import type { CompiledAction, CompiledScenario, CompiledTrack } from '../scenario/compiled-scenario.js';
import { compileExpression, type CompiledExpression } from '../scenario/compile-expression.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { applyEffects } from '../engine/effects.js';
import { noDealTerms } from '../engine/offers.js';
import { RunRandom } from '../engine/run-random.js';
import { clamp, createScope, emptyTrack, RunExpressions, utility, type Scope, type TrackObject } from '../engine/run-scope.js';
import { sampleDistribution } from '../engine/sample-distribution.js';
import { stateKey } from '../engine/transition-memo.js';
import type { TraceEntry } from '../engine/trace-entry.js';

/** A signal a track's `signal` action sent: to a track id, `*` (every track) or `others`. */
export interface ParleySignal {
  readonly from: string;
  readonly to: string;
  readonly event: string;
}

/** A world variable written by a `set` action: its value before and after (clamped, as the engine writes it). */
export interface ParleyWorldWrite {
  readonly variable: string;
  readonly from: unknown;
  readonly to: unknown;
}

export interface ParleyTrackScopeOptions {
  /** The scenario: loaded (`loadScenario(...).scenario`) or its parsed JSON (loaded here; a file with errors throws). */
  readonly scenario: CompiledScenario | object;
  /** The track whose machine this is; defaults to the machine's `id` when it names a track, else the scenario's only track. */
  readonly track?: string;
  /**
   * Parameter values; those left out are drawn as run `run` of batch seed `seed` draws them (by
   * default seed "1", run 0), so the world starts as that run's does.
   */
  readonly params?: Readonly<Record<string, number>>;
  readonly seed?: string;
  readonly run?: number;
  /** Initial values for world variables, over the scenario's own. */
  readonly world?: Readonly<Record<string, number | boolean | string>>;
  /** Called for each `signal` action (a Parley run would deliver it to the receiving track). */
  readonly onSignal?: (signal: ParleySignal) => void;
  /** Called for each `news` action. */
  readonly onNews?: (text: string) => void;
}

/**
 * What a Parley track's guards read and its actions write when the track runs in plain XState: the
 * world, the parameters, `round`, every track as `tracks.<id>` and this one as `self`, exactly the
 * objects a Parley run gives its expressions (src/engine/run-scope.ts). Guards are the scenario's
 * compiled CEL expressions, `set` actions the engine's own effect lists (clamped, type-checked);
 * `signal` and `news` actions are recorded and passed to the callbacks.
 *
 * The scope follows an actor's state (`follow(actor)`: `self.state`, `stage`, `deal`, `done`,
 * `entered`); rounds are the caller's: set `round` when a new one starts (`self.rounds` follows).
 *
 * @example
 * const scope = new ParleyTrackScope({ scenario, track: 'newcomer', params: { newcomerRisk: 0.05 } });
 * const actor = createActor(provideParley(createMachine(config), scope));
 * scope.follow(actor);
 * actor.start();
 * scope.round = 1;
 * actor.send({ type: 'TICK' });
 */
export class ParleyTrackScope {
  readonly scenario: CompiledScenario;
  readonly track: CompiledTrack;
  /** The objects expressions read: `world`, `param`, `tracks`, `round`, `self`... */
  readonly scope: Scope;
  /** What expressions see as `self` (also `tracks.<id>` of this track). */
  readonly self: TrackObject;
  /** Every `set` action's writes, in order. */
  readonly writes: ParleyWorldWrite[] = [];
  readonly signals: ParleySignal[] = [];
  readonly news: string[] = [];
  private readonly x: RunExpressions;
  private readonly compiledGuards = new Map<string, CompiledExpression>();
  private readonly options: ParleyTrackScopeOptions;

  constructor(options: ParleyTrackScopeOptions) {
    this.options = options;
    this.scenario = asCompiledScenario(options.scenario);
    const scenario = this.scenario;
    const trackId = options.track ?? (scenario.tracks.length === 1 ? scenario.tracks[0]!.id : undefined);
    if (trackId === undefined) throw new Error(`name the track: the scenario has ${scenario.tracks.map((t) => t.id).join(', ')} (option "track")`);
    const track = scenario.tracks.find((t) => t.id === trackId);
    if (track === undefined) throw new Error(`no track '${trackId}' in the scenario; its tracks are ${scenario.tracks.map((t) => t.id).join(', ')}`);
    this.track = track;
    for (const [source, expr] of track.guards) this.compiledGuards.set(source, expr);

    const scope = createScope(scenario);
    this.scope = scope;
    this.x = new RunExpressions(scope, scenario.host, emptyTrack(scenario, noDealTerms(scenario)));
    const random = new RunRandom(options.seed ?? '1', options.run ?? 0);
    for (const p of scenario.parameters) {
      const drawn = sampleDistribution(p.dist, random.stream);
      scope.param[p.name] = options.params?.[p.name] ?? drawn;
    }
    for (const name of Object.keys(options.params ?? {})) {
      if (!scenario.parameters.some((p) => p.name === name)) throw new Error(`no parameter '${name}' in the scenario`);
    }
    for (const w of scenario.world) {
      const given = options.world?.[w.name];
      const v = given !== undefined ? given : this.x.worldValue(w.name, w.kind, w.values, w.initial);
      scope.world[w.name] = w.kind === 'number' ? clamp(v as number, w.min, w.max) : v;
    }
    const parties = new Map(scenario.parties.map((p) => [p.id, p]));
    let self: TrackObject | undefined;
    for (const t of scenario.tracks) {
      const o = new scenario.classes.Track() as TrackObject;
      o.id = t.id;
      o.terms = new scenario.classes.Terms();
      Object.assign(o.terms, t.initialTerms);
      o.entered = 0;
      o.rounds = 0;
      o.moves = 0;
      o.utility = utility(scenario.host, o.terms);
      showConfiguration(o, t.machine, t.machine.resolveState({ value: initialValue(t.machine), context: {} }));
      scope.tracks[t.id] = o;
      if (t === track) self = o;
    }
    this.self = self!;
    this.x.setSelf({ object: this.self, counterpart: parties.get(track.counterpart)! });
  }

  /** The round being played, from 0. Setting it updates every track's `rounds` (rounds since it entered its state). */
  get round(): number {
    return this.scope.round;
  }

  set round(round: number) {
    this.scope.round = round;
    this.x.round = round;
    for (const o of Object.values(this.scope.tracks) as TrackObject[]) o.rounds = round - o.entered;
  }

  get world(): Record<string, unknown> {
    return this.scope.world;
  }

  /** Whether a `when` guard's expression holds now (compiled on first use when the scenario does not have it). */
  holds(expr: string): boolean {
    this.x.setSelf({ object: this.self, counterpart: this.counterpart() });
    return this.x.bool(this.guard(expr));
  }

  /** Runs one of the track's `set`, `signal` or `news` actions, given as its machine writes it. */
  run(type: 'set' | 'signal' | 'news', params: unknown): void {
    const action = this.action(type, params);
    if (action.type === 'set') {
      const trace: TraceEntry[] = [];
      this.x.setSelf({ object: this.self, counterpart: this.counterpart() });
      applyEffects(this.x, action.effects, undefined, trace);
      for (const e of trace) if (e.kind === 'effect') this.writes.push({ variable: e.variable, from: e.from, to: e.to });
    } else if (action.type === 'signal') {
      const to = action.signal.to === -1 ? '*' : action.signal.to === -2 ? 'others' : this.scenario.tracks[action.signal.to]!.id;
      const signal = { from: this.track.id, to, event: action.signal.event };
      this.signals.push(signal);
      this.options.onSignal?.(signal);
    } else {
      this.news.push(action.text);
      this.options.onNews?.(action.text);
    }
  }

  /**
   * Shows a snapshot of this track's machine to the expressions: `self.state` ("a" or "a.b"),
   * `stage`, `deal` and `done` from the active states, and `entered` (the current round) when the
   * configuration changed.
   */
  enter(snapshot: { readonly value: StateValue }): void {
    const before = this.self.state;
    showConfiguration(this.self, this.track.machine, snapshot as never);
    if (this.self.state !== before) {
      this.self.entered = this.round;
      this.self.rounds = 0;
    }
  }

  /** Keeps `self` in step with an actor of this track's machine (call before `actor.start()`). */
  follow(actor: { subscribe(observer: (snapshot: { readonly value: StateValue }) => void): unknown }): void {
    actor.subscribe((snapshot) => this.enter(snapshot));
  }

  private counterpart() {
    return this.scenario.parties.find((p) => p.id === this.track.counterpart)!;
  }

  /** Compiles a guard's expression now (type-checked against the scenario; throws naming the problem). */
  prepare(source: string): void {
    this.guard(source);
  }

  private guard(source: string): CompiledExpression {
    let expr = this.compiledGuards.get(source);
    if (expr === undefined) {
      const names = {
        world: this.scenario.world.map((w) => w.name),
        param: this.scenario.parameters.map((p) => p.name),
        tracks: this.scenario.tracks.map((t) => t.id),
      };
      const { compiled, problems } = compileExpression(this.scenario.env, source, ['tracks', this.track.id, 'machine'], 'track', 'bool', names);
      if (compiled === undefined) {
        const p = problems[0];
        throw new Error(`guard "${source}" on track '${this.track.id}': ${p?.message ?? 'cannot compile'}${p?.hint ? ` (${p.hint})` : ''}`);
      }
      expr = compiled;
      this.compiledGuards.set(source, expr);
    }
    return expr;
  }

  private action(type: string, params: unknown): CompiledAction {
    const action = this.track.actions.get(JSON.stringify([type, params]));
    if (action === undefined) {
      throw new Error(`action ${type} ${JSON.stringify(params)} is not one of track '${this.track.id}' in the scenario; run the machine of the scenario's own track`);
    }
    return action;
  }
}

/** The scenario as loaded, or its parsed JSON loaded here (throws with the first problems if it has errors). */
function asCompiledScenario(scenario: CompiledScenario | object): CompiledScenario {
  if ('env' in scenario && 'classes' in scenario && 'tracks' in scenario) return scenario as CompiledScenario;
  const { scenario: loaded, problems } = loadScenario(JSON.stringify(scenario, null, 2), '<scenario>');
  if (loaded === undefined) {
    const errors = problems.filter((p) => p.severity === 'error');
    throw new Error(`the scenario does not load: ${errors.slice(0, 3).map((p) => `${p.code} at ${p.path.join('.')}: ${p.message}`).join('; ')}`);
  }
  return loaded;
}

function initialValue(machine: AnyStateMachine): StateValue {
  return (machine.config as { initial?: string }).initial ?? '';
}

/** What expressions see of a configuration, as the engine shows it (TransitionMemo's TrackState, showState). */
function showConfiguration(o: TrackObject, machine: AnyStateMachine, snapshot: { readonly value: StateValue }): void {
  const resolved = machine.resolveState({ value: snapshot.value, context: {} });
  let stage = 0;
  let deal = false;
  for (const m of Object.values(resolved.getMeta() as Record<string, unknown>)) {
    const mm = m as { stage?: unknown; deal?: unknown } | undefined;
    if (typeof mm?.stage === 'number') stage = Math.max(stage, mm.stage);
    if (mm?.deal === true) deal = true;
  }
  o.state = stateKey(resolved.value as StateValue);
  o.done = resolved.status === 'done';
  o.deal = deal;
  o.stage = stage;
}
