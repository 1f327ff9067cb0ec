import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { Simulation, type SimulationSnapshot } from '../engine/simulation.js';
import { strategyChooser } from '../engine/strategy-policy.js';
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
  /** Count per outcome index; the last slot counts unclassified runs. */
  readonly outcomes: number[];
  sumUtility: number;
  sumUtility2: number;
  firstError?: string;
}

export function emptyTally(scenario: CompiledScenario): RolloutTally {
  return { n: 0, errors: 0, outcomes: new Array<number>(scenario.outcomes.length + 1).fill(0), sumUtility: 0, sumUtility2: 0 };
}

export function mergeTally(into: RolloutTally, from: RolloutTally): void {
  into.n += from.n;
  into.errors += from.errors;
  for (let i = 0; i < into.outcomes.length; i++) into.outcomes[i]! += from.outcomes[i] ?? 0;
  into.sumUtility += from.sumUtility;
  into.sumUtility2 += from.sumUtility2;
  into.firstError ??= from.firstError;
}

/** Plays rollouts [from, to) of one option and adds them to `tally`. Failed runs are counted, not thrown. */
export function runRollouts(
  scenario: CompiledScenario,
  memos: readonly TransitionMemo[],
  request: Pick<AdvisorRequest, 'snapshot' | 'rolloutSeed' | 'strategy'>,
  option: AdvisorOption,
  from: number,
  to: number,
  tally: RolloutTally,
): void {
  const choose = strategyChooser(scenario.strategies.get(request.strategy)!);
  const choices = resolveRound(scenario, option.choices);
  for (let i = from; i < to; i++) {
    try {
      const sim = new Simulation(scenario, memos, request.rolloutSeed, i);
      sim.restore(request.snapshot);
      sim.makeMoves(choices);
      const result = sim.runToEnd(choose);
      const u = hostUtility(sim, result);
      tally.n++;
      tally.outcomes[result.outcomeIndex >= 0 ? result.outcomeIndex : tally.outcomes.length - 1]!++;
      tally.sumUtility += u;
      tally.sumUtility2 += u * u;
    } catch (error) {
      tally.errors++;
      tally.firstError ??= (error as Error).message;
    }
  }
}

/** Mean and 95% interval half-width of the host's utility (normal approximation). */
export function utilityEstimate(t: RolloutTally): { mean: number; half: number } {
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
