import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { Simulation, type Chooser, type MoveChoice, type SimulationSnapshot } from '../engine/simulation.js';
import { strategyChooser } from '../engine/strategy-rules.js';
import type { TransitionMemo } from '../engine/transition-memo.js';
import { hostUtility } from './host-utility.js';
import { resolveRound, type LoggedRound } from './play-session.js';

/**
 * What the advisor asks: from a decision point, play each option (this round's moves) and let a
 * strategy play on, `rollouts` times.
 *
 * Rollout i of every option runs as run i of `rolloutSeed` (`<game seed>:advisor:<round>`), restored
 * to the decision point. So options are compared on common random numbers, and each rollout samples
 * the scenario's parameters afresh from their distributions: the player does not know the true
 * values of the game's parameters, so the advisor's spread includes that uncertainty. (restore()
 * puts back the world, the tracks, fired events and the deal; parameters are not part of a
 * position.)
 */
export interface AdvisorRequest {
  readonly scenarioPath: string;
  readonly scenarioHash: string;
  /** The game, so a worker can replay it and learn every machine state it may be restored into. */
  readonly seed: string;
  readonly run: number;
  readonly log: readonly LoggedRound[];
  readonly snapshot: SimulationSnapshot;
  readonly rolloutSeed: string;
  readonly strategy: string;
  readonly options: readonly AdvisorOption[];
  readonly rollouts: number;
}

export interface AdvisorOption {
  /** Shown in the advisor's table (after it, the variant in brackets). */
  readonly label: string;
  /** The move this option explains (undefined: end the round with what is planned). */
  readonly move?: string;
  /**
   * For a move with an offer that the player edited, which offer this option makes: the one the
   * player set in the offer editor (then `offer` holds it), or the move's default. Undefined when
   * the move makes no offer or its offer was not edited.
   */
  readonly variant?: 'your offer' | 'default offer';
  /** The player's offer (variant 'your offer'): the values this option's move offers. */
  readonly offer?: Readonly<Record<string, number | string>>;
  /** This round's moves: what is planned plus the option's move, with its offer. */
  readonly choices: LoggedRound;
}

/** Running sums for one option: mergeable, so workers can report partial tallies. */
export interface RolloutTally {
  n: number;
  errors: number;
  /**
   * Rollouts (among the n played) in which a move of the round was not available in that rollout's
   * world (its condition reads a parameter the rollout drew afresh, e.g. a study's length): the
   * move lapsed and the round went on without it, as the engine plays a move an earlier one closed.
   */
  lapsed: number;
  /** Count per outcome index; the last slot counts unclassified runs. */
  readonly outcomes: number[];
  sumUtility: number;
  sumUtility2: number;
  firstError?: string;
}

export function emptyTally(scenario: CompiledScenario): RolloutTally {
  return { n: 0, errors: 0, lapsed: 0, outcomes: new Array<number>(scenario.outcomes.length + 1).fill(0), sumUtility: 0, sumUtility2: 0 };
}

/** The outcome slot of a rollout that failed (see RolloutBlock.slots). */
const FAILED = -1;
/** The outcome slot of a rollout not played yet (RolloutBoard). */
const NOT_PLAYED = -2;

/**
 * Rollouts [from, from + utilities.length) of one option, one entry per rollout: what a worker posts
 * back (typed arrays are cheap to post). Tallies are summed from blocks in rollout order
 * (RolloutBoard), so they do not depend on how the rollouts were split or in which order blocks came.
 */
export interface RolloutBlock {
  readonly option: number;
  readonly from: number;
  /** The host's utility per rollout (0 for a failed one). */
  readonly utilities: Float64Array;
  /** The tally's outcome slot per rollout (the last slot counts unclassified runs), or FAILED. */
  readonly slots: Int32Array;
  /** 1 where a move of the round lapsed (not available in that rollout's world), else 0. */
  readonly lapsed: Uint8Array;
  /** The first failed rollout of the block and its message. */
  readonly firstError?: { readonly index: number; readonly message: string };
}

/**
 * Plays rollouts on one reused Simulation (reset, then restore to the decision point) rather than
 * building one per rollout; rollout i is still run i of the rollout seed, so the results are those of
 * a fresh Simulation per rollout. One per worker: it keeps the simulation between requests.
 */
export class RolloutRunner {
  private sim: Simulation | undefined;
  private readonly choosers = new Map<string, Chooser>();

  constructor(
    readonly scenario: CompiledScenario,
    readonly memos: readonly TransitionMemo[],
  ) {}

  /** Plays rollouts [from, to) of `option` (index `optionIndex` of the request). */
  play(request: Pick<AdvisorRequest, 'snapshot' | 'rolloutSeed' | 'strategy'>, option: AdvisorOption, optionIndex: number, from: number, to: number): RolloutBlock {
    const { scenario } = this;
    let choose = this.choosers.get(request.strategy);
    if (choose === undefined) {
      choose = strategyChooser(scenario.strategies.get(request.strategy)!);
      this.choosers.set(request.strategy, choose);
    }
    const choices = resolveRound(scenario, option.choices);
    const unclassified = scenario.outcomes.length;
    const utilities = new Float64Array(Math.max(0, to - from));
    const slots = new Int32Array(utilities.length);
    const lapsed = new Uint8Array(utilities.length);
    let firstError: RolloutBlock['firstError'];
    for (let i = from; i < to; i++) {
      try {
        let sim = this.sim;
        if (sim === undefined) sim = this.sim = new Simulation(scenario, this.memos, request.rolloutSeed, i);
        else sim.reset(request.rolloutSeed, i);
        sim.restore(request.snapshot);
        // The rollout drew its own parameters, and a move available in the game may not be in this
        // world (its condition reads one): it lapses, counted, rather than failing the rollout.
        if (choices.every((c) => sim!.isAvailable(c.move))) sim.makeMoves(choices);
        else {
          lapsed[i - from] = 1;
          sim.makeMoves(choices.filter((c) => sim!.isAvailable(c.move)));
        }
        const result = sim.runToEnd(choose);
        utilities[i - from] = hostUtility(sim, result);
        slots[i - from] = result.outcomeIndex >= 0 ? result.outcomeIndex : unclassified;
      } catch (error) {
        // A run that threw may have left the simulation half-way: the next rollout starts a new one.
        this.sim = undefined;
        slots[i - from] = FAILED;
        firstError ??= { index: i, message: (error as Error).message };
      }
    }
    return { option: optionIndex, from, utilities, slots, lapsed, firstError };
  }
}

/** Counts one rollout: its outcome slot (or FAILED), the host's utility and whether a move lapsed. */
function addRollout(tally: RolloutTally, slot: number, u: number, lapsed: number): void {
  if (slot === FAILED) {
    tally.errors++;
    return;
  }
  tally.n++;
  tally.lapsed += lapsed;
  tally.outcomes[slot]!++;
  tally.sumUtility += u;
  tally.sumUtility2 += u * u;
}

/**
 * Every rollout of one request, per option and rollout index, as blocks come in (from workers, in any
 * order). tallies() sums the rollouts played so far in rollout order: once all are in, each option's
 * tally is exactly that of playing rollouts 0..n-1 one after another, whatever the split.
 */
export class RolloutBoard {
  private readonly utilities: Float64Array[];
  private readonly slots: Int32Array[];
  private readonly lapsed: Uint8Array[];
  private readonly errors: ({ index: number; message: string } | undefined)[];

  constructor(
    private readonly scenario: CompiledScenario,
    options: number,
    readonly rollouts: number,
  ) {
    this.utilities = Array.from({ length: options }, () => new Float64Array(rollouts));
    this.slots = Array.from({ length: options }, () => new Int32Array(rollouts).fill(NOT_PLAYED));
    this.lapsed = Array.from({ length: options }, () => new Uint8Array(rollouts));
    this.errors = new Array(options).fill(undefined);
  }

  add(block: RolloutBlock): void {
    const o = block.option;
    this.utilities[o]!.set(block.utilities, block.from);
    this.slots[o]!.set(block.slots, block.from);
    this.lapsed[o]!.set(block.lapsed, block.from);
    const e = block.firstError;
    if (e && (this.errors[o] === undefined || e.index < this.errors[o]!.index)) this.errors[o] = e;
  }

  tallies(): RolloutTally[] {
    return this.slots.map((slots, o) => {
      const tally = emptyTally(this.scenario);
      const utilities = this.utilities[o]!;
      const lapsed = this.lapsed[o]!;
      for (let i = 0; i < slots.length; i++) {
        const slot = slots[i]!;
        if (slot !== NOT_PLAYED) addRollout(tally, slot, utilities[i]!, lapsed[i]!);
      }
      if (this.errors[o]) tally.firstError = this.errors[o]!.message;
      return tally;
    });
  }

  /**
   * Whether the option with the highest mean utility clearly beats the runner-up. Both play rollout
   * i on the same random numbers (run i of the rollout seed), so the comparison is paired: the mean
   * of the per-rollout differences and its 95% interval, over the rollouts both have played. The
   * lead is clear only when that interval excludes zero and neither option has a failed rollout
   * (a failure would leave a hole in the pairing). Undefined with fewer than two options played.
   */
  lead(tallies: readonly RolloutTally[] = this.tallies()): AdvisorLead | undefined {
    const ranked = tallies
      .map((t, o) => ({ o, mean: t.n > 0 ? t.sumUtility / t.n : NaN }))
      .filter((x) => !Number.isNaN(x.mean))
      .sort((a, b) => b.mean - a.mean || a.o - b.o);
    if (ranked.length < 2) return undefined;
    const best = ranked[0]!.o;
    const runnerUp = ranked[1]!.o;
    const sa = this.slots[best]!;
    const sb = this.slots[runnerUp]!;
    const ua = this.utilities[best]!;
    const ub = this.utilities[runnerUp]!;
    let n = 0;
    let sum = 0;
    let sum2 = 0;
    for (let i = 0; i < this.rollouts; i++) {
      if (sa[i]! < 0 || sb[i]! < 0) continue;
      const d = ua[i]! - ub[i]!;
      n++;
      sum += d;
      sum2 += d * d;
    }
    const estimate = utilityEstimate({ n, sumUtility: sum, sumUtility2: sum2 });
    const failures = tallies[best]!.errors + tallies[runnerUp]!.errors;
    const clear = n > 1 && failures === 0 && estimate.mean - estimate.half > 0;
    return { best, runnerUp, n, difference: estimate.mean, half: estimate.half, clear };
  }
}

/** The best option's lead over the runner-up, paired on common random numbers (RolloutBoard.lead). */
export interface AdvisorLead {
  /** Option indices: the highest mean utility, and the next. */
  readonly best: number;
  readonly runnerUp: number;
  /** Rollouts both played without failing: the pairs compared. */
  readonly n: number;
  /** Mean of best minus runner-up over those rollouts, and the 95% interval's half-width. */
  readonly difference: number;
  readonly half: number;
  /** The interval excludes zero (and no rollout of either failed): the advisor stars the best. */
  readonly clear: boolean;
}

/** Mean and 95% interval half-width of the host's utility (normal approximation). */
export function utilityEstimate(t: Pick<RolloutTally, 'n' | 'sumUtility' | 'sumUtility2'>): { mean: number; half: number } {
  if (t.n === 0) return { mean: NaN, half: NaN };
  const mean = t.sumUtility / t.n;
  const variance = t.n > 1 ? Math.max(0, (t.sumUtility2 - t.n * mean * mean) / (t.n - 1)) : 0;
  return { mean, half: 1.96 * Math.sqrt(variance / t.n) };
}

/** A proportion with its 95% Wilson interval. */
export function proportionEstimate(k: number, n: number): { p: number; low: number; high: number } {
  if (n === 0) return { p: NaN, low: NaN, high: NaN };
  const z = 1.96;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / d;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return { p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
