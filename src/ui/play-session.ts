import type { CompiledMove, CompiledScenario } from '../scenario/compiled-scenario.js';
import { Simulation, createMemos, type MoveChoice, type RunResult, type SimulationSnapshot } from '../engine/simulation.js';
import { SimulationError } from '../engine/simulation-error.js';
import type { TransitionMemo } from '../engine/transition-memo.js';

/** A move as written in a replay log, a `--moves` file and a saved game: `{"move": "track.move", "offer": {...}}`. */
export interface LoggedMove {
  readonly move: string;
  readonly offer?: Readonly<Record<string, number | string>>;
}

/** The host's moves in one round; empty means the host waited. */
export type LoggedRound = readonly LoggedMove[];

export interface PlaySessionOptions {
  readonly seed: string;
  readonly run: number;
  /** The strategy the advisor assumes after the move it explains, and that finishes scripted games. */
  readonly strategy: string;
  /** Shared transition memos; built fresh when omitted. */
  readonly memos?: readonly TransitionMemo[];
}

/**
 * A play-through: one seeded run of a scenario driven by a person, round by round.
 *
 * The session keeps a *decision point* per round the player decided (the position after the round's
 * events, before the host moves) and the replay log of the moves made from each. Undo restores a
 * decision point; a saved game is the log, and loading replays it on (seed, run), which reproduces
 * the game exactly because every draw is positional. Rounds in which every track is already final
 * are played automatically and are not logged (a replay plays them the same way).
 */
export class PlaySession {
  readonly sim: Simulation;
  readonly memos: readonly TransitionMemo[];
  private readonly points: SimulationSnapshot[] = [];
  private readonly rounds: LoggedRound[] = [];
  private finished: RunResult | undefined;

  constructor(
    readonly scenario: CompiledScenario,
    readonly options: PlaySessionOptions,
  ) {
    this.memos = options.memos ?? createMemos(scenario);
    this.sim = new Simulation(scenario, this.memos, options.seed, options.run, { trace: true });
    this.advance();
  }

  /** Plays a replay log from the start; throws SimulationError naming the round that does not replay. */
  static replay(scenario: CompiledScenario, options: PlaySessionOptions, log: readonly LoggedRound[]): PlaySession {
    const session = new PlaySession(scenario, options);
    log.forEach((round, i) => {
      if (session.done) throw new SimulationError('E_REPLAY', `the game ended after ${i} logged round(s); the log has ${log.length}`);
      try {
        session.playRound(resolveRound(scenario, round));
      } catch (error) {
        if (error instanceof SimulationError) {
          throw new SimulationError(error.code, `round ${i + 1} of the log (game round ${session.sim.round}): ${error.message}`, { ...error.where, round: session.sim.round });
        }
        throw error;
      }
    });
    return session;
  }

  get done(): boolean {
    return this.sim.phase === 'done';
  }

  /** The finished run's result (computed once: `Simulation.result()` appends to the trace). */
  get result(): RunResult | undefined {
    return this.finished;
  }

  /** The moves made from each decision point, in order. */
  get log(): readonly LoggedRound[] {
    return this.rounds;
  }

  /** Decision points: `history[k]` is the position from which `log[k]` was played; the last one is now (unless done). */
  get history(): readonly SimulationSnapshot[] {
    return this.points;
  }

  /** Trace index where the news since the previous decision starts. */
  get feedStart(): number {
    const n = this.done ? this.points.length : this.points.length - 1;
    return n > 0 ? this.points[n - 1]!.traceLength : 0;
  }

  /**
   * Makes the round's moves, then runs to the next decision point (or the end). A move that is not
   * allowed throws SimulationError and leaves the position as it was.
   */
  playRound(choices: readonly MoveChoice[]): void {
    if (this.done) throw new SimulationError('E_PHASE', 'the game is over');
    const before = this.points[this.points.length - 1]!;
    try {
      this.sim.makeMoves(choices);
    } catch (error) {
      this.sim.restore(before);
      throw error;
    }
    this.rounds.push(loggedRound(choices));
    this.advance();
  }

  /** Returns to decision point `index` (0 = the first round); later rounds are forgotten. */
  undoTo(index: number): void {
    const snap = this.points[index];
    if (!snap) throw new SimulationError('E_UNDO', `no decision point ${index}`);
    this.sim.restore(snap);
    this.points.length = index + 1;
    this.rounds.length = index;
    this.finished = undefined;
  }

  private advance(): void {
    const sim = this.sim;
    for (;;) {
      if (sim.phase === 'done') {
        this.finished = sim.result();
        return;
      }
      if (sim.phase === 'start') sim.beginRound();
      if (sim.phase !== 'moves') continue;
      let allDone = true;
      for (let i = 0; i < this.scenario.tracks.length; i++) if (!sim.trackView(i).done) allDone = false;
      if (allDone) {
        sim.makeMoves([]);
        continue;
      }
      this.points.push(sim.snapshot());
      return;
    }
  }
}

/** Turns a logged round into move choices; an unknown move is a SimulationError. */
export function resolveRound(scenario: CompiledScenario, round: LoggedRound): MoveChoice[] {
  return round.map((m) => {
    const move = scenario.moves.get(m.move);
    if (!move) {
      throw new SimulationError('E_MOVE', `no move '${m.move}'; moves are ${[...scenario.moves.keys()].join(', ')}`);
    }
    if (m.offer) checkLoggedOffer(move, m.offer);
    return m.offer ? { move, offer: m.offer } : { move };
  });
}

/**
 * A logged offer must be one the move can make: the engine clamps a number to its issue's range (a
 * strategy's computed offer may stray), but a value written in a moves file or a saved game that is
 * out of range, or an issue the move does not offer, is a mistake to report, not to change silently.
 */
function checkLoggedOffer(move: CompiledMove, offer: Readonly<Record<string, number | string>>): void {
  for (const [issue, value] of Object.entries(offer)) {
    const spec = move.offer.find((s) => s.issue === issue);
    if (spec === undefined) {
      const offered = move.offer.map((s) => s.issue);
      throw new SimulationError('E_OFFER', `move '${move.id}' does not offer '${issue}'${offered.length > 0 ? `; it offers ${offered.join(', ')}` : '; it makes no offer'}`);
    }
    if (spec.kind === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < spec.min || value > spec.max) {
        throw new SimulationError('E_OFFER', `offer ${issue} = ${JSON.stringify(value)} of move '${move.id}' is outside its range: a number from ${spec.min} to ${spec.max}`);
      }
    } else if (typeof value !== 'string' || !spec.values.includes(value)) {
      throw new SimulationError('E_OFFER', `offer ${issue} = ${JSON.stringify(value)} of move '${move.id}' is not one of its values: ${spec.values.join(', ')}`);
    }
  }
}

/** Moves as the replay log writes them (offers only on moves that make one). */
export function loggedRound(choices: readonly MoveChoice[]): LoggedRound {
  return choices.map((c): LoggedMove => (c.offer && c.move.offer.length > 0 ? { move: c.move.id, offer: { ...c.offer } } : { move: c.move.id }));
}
