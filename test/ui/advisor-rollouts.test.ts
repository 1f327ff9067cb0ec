import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import type { CompiledScenario } from '../../src/scenario/compiled-scenario.js';
import { Simulation } from '../../src/engine/simulation.js';
import type { TransitionMemo } from '../../src/engine/transition-memo.js';
import { strategyChooser } from '../../src/engine/strategy-rules.js';
import {
  RolloutBoard,
  RolloutRunner,
  emptyTally,
  type AdvisorOption,
  type AdvisorRequest,
  type RolloutBlock,
  type RolloutTally,
} from '../../src/ui/advisor-rollouts.js';
import { hostUtility } from '../../src/ui/host-utility.js';
import { PlaySession, resolveRound } from '../../src/ui/play-session.js';

const flagshipFile = new URL('../../scenarios/turkey-rare-earths.yaml', import.meta.url).pathname;
function load(file: string): CompiledScenario {
  const { scenario, problems } = loadScenario(readFileSync(file, 'utf8'), file);
  if (!scenario) throw new Error(problems.map((p) => p.message).join('\n'));
  return scenario;
}
const flagship = load(flagshipFile);

type Request = Pick<AdvisorRequest, 'snapshot' | 'rolloutSeed' | 'strategy'>;

/**
 * The advisor's rollouts as they were played before RolloutRunner: a new Simulation per rollout; a
 * move not available in the rollout's world lapses (is left out of the round) and is counted.
 */
function perRolloutTally(scenario: CompiledScenario, memos: readonly TransitionMemo[], request: Request, option: AdvisorOption, from: number, to: number, utilities: number[] = []): RolloutTally {
  const tally = emptyTally(scenario);
  const choose = strategyChooser(scenario.strategies.get(request.strategy)!);
  const choices = resolveRound(scenario, option.choices);
  for (let i = from; i < to; i++) {
    try {
      const sim = new Simulation(scenario, memos, request.rolloutSeed, i);
      sim.restore(request.snapshot);
      const possible = choices.filter((c) => sim.isAvailable(c.move));
      sim.makeMoves(possible);
      const result = sim.runToEnd(choose);
      const u = hostUtility(sim, result);
      utilities[i] = u;
      tally.n++;
      if (possible.length < choices.length) tally.lapsed++;
      tally.outcomes[result.outcomeIndex >= 0 ? result.outcomeIndex : tally.outcomes.length - 1]!++;
      tally.sumUtility += u;
      tally.sumUtility2 += u * u;
    } catch (error) {
      tally.errors++;
      tally.firstError ??= (error as Error).message;
    }
  }
  return tally;
}

/** A decision point of the flagship (after `rounds` rounds of the default strategy) and its options: every move, and waiting. */
function position(rounds: number): { session: PlaySession; request: Request; options: AdvisorOption[] } {
  const scenario = flagship;
  const session = new PlaySession(scenario, { seed: '11', run: 2, strategy: scenario.defaultStrategy });
  const choose = strategyChooser(scenario.strategies.get(scenario.defaultStrategy)!);
  for (let r = 0; r < rounds && !session.done; r++) session.playRound(choose(session.sim.strategyView));
  expect(session.done).toBe(false);
  const snapshot = session.history[session.history.length - 1]!;
  const options: AdvisorOption[] = session.sim.availableMoves().map((m) => ({ label: m.label, move: m.id, choices: [{ move: m.id }] }));
  options.push({ label: 'wait', choices: [] });
  return { session, request: { snapshot, rolloutSeed: `11:advisor:${snapshot.round}`, strategy: scenario.defaultStrategy }, options };
}

/** Rollouts [0, n) cut into uneven blocks, in a scrambled order (as blocks come back from workers). */
function scrambledBlocks(runner: RolloutRunner, request: Request, options: readonly AdvisorOption[], n: number): RolloutBlock[] {
  const blocks: RolloutBlock[] = [];
  const sizes = [7, 1, 13, 4];
  options.forEach((option, o) => {
    for (let from = 0, k = o; from < n; k++) {
      const to = Math.min(n, from + sizes[k % sizes.length]!);
      blocks.push(runner.play(request, option, o, from, to));
      from = to;
    }
  });
  // A fixed shuffle: reverse every other block's position.
  return blocks.map((b, i) => ({ b, key: i % 2 === 0 ? i : blocks.length * 2 - i })).sort((x, y) => x.key - y.key).map((x) => x.b);
}

const N = 30;

describe('advisor rollouts on one reused Simulation', () => {
  it('give every option on the flagship exactly the tally of a new Simulation per rollout, at the start and later in the game', () => {
    // One runner for both positions and every option, as a worker keeps one for the whole game.
    const first = position(0);
    const runner = new RolloutRunner(flagship, first.session.memos);
    for (const { session, request, options } of [first, position(3)]) {
      expect(options.length).toBeGreaterThan(3);
      const expected = options.map((o) => perRolloutTally(flagship, session.memos, request, o, 0, N));
      // Played by the runner, one option after another, in steps of 10.
      const played = options.map((o, i) => {
        const tally = emptyTally(flagship);
        for (let from = 0; from < N; from += 10) {
          const block = runner.play(request, o, i, from, Math.min(N, from + 10));
          for (let k = 0; k < block.slots.length; k++) {
            const slot = block.slots[k]!;
            tally.n++;
            tally.lapsed += block.lapsed[k]!;
            tally.outcomes[slot]!++;
            tally.sumUtility += block.utilities[k]!;
            tally.sumUtility2 += block.utilities[k]! * block.utilities[k]!;
          }
        }
        return tally;
      });
      expect(played).toEqual(expected);
      // And so does a board fed uneven blocks in a scrambled order (the workers' path): bit for bit.
      const board = new RolloutBoard(flagship, options.length, N);
      for (const block of scrambledBlocks(runner, request, options, N)) board.add(block);
      const tallies = board.tallies();
      expect(tallies).toEqual(expected);
      tallies.forEach((t, i) => {
        expect(Object.is(t.sumUtility, expected[i]!.sumUtility)).toBe(true);
        expect(Object.is(t.sumUtility2, expected[i]!.sumUtility2)).toBe(true);
      });
      // The different options do differ (the test would be empty otherwise).
      expect(new Set(expected.map((t) => t.sumUtility)).size).toBeGreaterThan(1);
    }
  });

  it('count a move that is not available in a rollout as lapsing there, not as a failure, and play the round without it', () => {
    const { session, request, options } = position(0);
    const available = new Set(options.map((o) => o.move));
    const unavailable = [...flagship.moves.values()].find((m) => !available.has(m.id))!;
    expect(unavailable).toBeDefined();
    const lapsing: AdvisorOption = { label: 'not possible here', move: unavailable.id, choices: [{ move: unavailable.id }] };
    const wait = options.find((o) => o.move === undefined)!;
    const runner = new RolloutRunner(flagship, session.memos);
    const board = new RolloutBoard(flagship, 2, N);
    for (let from = 0; from < N; from += 5) {
      board.add(runner.play(request, lapsing, 0, from, from + 5));
      board.add(runner.play(request, wait, 1, from, from + 5));
    }
    const [lapsed, waited] = board.tallies();
    // Every rollout counts: none failed, none dropped from the denominator.
    expect(lapsed).toMatchObject({ n: N, errors: 0, lapsed: N });
    expect(lapsed).toEqual(perRolloutTally(flagship, session.memos, request, lapsing, 0, N));
    // The move lapsed, so each rollout played exactly as waiting did (same random numbers).
    expect({ ...lapsed, lapsed: 0 }).toEqual(waited);
  });

  it('count a rollout that fails and go on with a fresh Simulation: the next rollouts are unaffected', () => {
    const { session, request, options } = position(0);
    // Two moves on one track in one round: the engine refuses the round.
    const byTrack = new Map<number, string[]>();
    for (const o of options) if (o.move) byTrack.set(flagship.moves.get(o.move)!.track, [...(byTrack.get(flagship.moves.get(o.move)!.track) ?? []), o.move]);
    const [a, b] = [...byTrack.values()].find((ids) => ids.length >= 2)!;
    const failing: AdvisorOption = { label: 'two moves on one track', move: b, choices: [{ move: a! }, { move: b! }] };
    const runner = new RolloutRunner(flagship, session.memos);
    const board = new RolloutBoard(flagship, 2, N);
    for (let from = 0; from < N; from += 5) {
      board.add(runner.play(request, failing, 0, from, from + 5));
      board.add(runner.play(request, options[0]!, 1, from, from + 5));
    }
    const [bad, good] = board.tallies();
    const expectedBad = perRolloutTally(flagship, session.memos, request, failing, 0, N);
    expect(expectedBad.errors).toBe(N);
    expect(bad).toEqual(expectedBad);
    expect(bad!.firstError).toMatch(/two moves on track/);
    expect(good).toEqual(perRolloutTally(flagship, session.memos, request, options[0]!, 0, N));
    // No lead is clear while one of the two options compared has failed rollouts.
    expect(board.lead()?.clear ?? false).toBe(false);
  });

  it('sum a partly played board in rollout order, counting only what came in', () => {
    const { session, request, options } = position(0);
    const runner = new RolloutRunner(flagship, session.memos);
    const board = new RolloutBoard(flagship, 1, N);
    board.add(runner.play(request, options[1]!, 0, 20, 30));
    board.add(runner.play(request, options[1]!, 0, 0, 10));
    const [t] = board.tallies();
    const expected = perRolloutTally(flagship, session.memos, request, options[1]!, 0, 10);
    const rest = perRolloutTally(flagship, session.memos, request, options[1]!, 20, 30);
    expect(t!.n).toBe(20);
    expect(t!.outcomes).toEqual(expected.outcomes.map((c, j) => c + rest.outcomes[j]!));
    // A block played twice (a retried chunk) is counted once.
    board.add(runner.play(request, options[1]!, 0, 0, 10));
    expect(board.tallies()).toEqual([t]);
  });
});

describe('the advisor\'s lead', () => {
  /** Mean and 95% half-width of per-rollout differences, computed the plain way. */
  function pairedReference(a: readonly number[], b: readonly number[]): { mean: number; half: number } {
    const d = a.map((x, i) => x - b[i]!);
    const mean = d.reduce((s, x) => s + x, 0) / d.length;
    const variance = d.reduce((s, x) => s + (x - mean) ** 2, 0) / (d.length - 1);
    return { mean, half: 1.96 * Math.sqrt(variance / d.length) };
  }

  it('compares the best option with the runner-up on the same rollouts, and stars it only when the paired interval excludes zero', () => {
    const n = 200;
    const { session, request, options } = position(0);
    const runner = new RolloutRunner(flagship, session.memos);
    const board = new RolloutBoard(flagship, options.length, n);
    for (const block of scrambledBlocks(runner, request, options, n)) board.add(block);
    const utilities = options.map((o) => {
      const u: number[] = [];
      perRolloutTally(flagship, session.memos, request, o, 0, n, u);
      return u;
    });
    const means = utilities.map((u) => u.reduce((s, x) => s + x, 0) / n);
    const order = means.map((m, i) => ({ m, i })).sort((x, y) => y.m - x.m || x.i - y.i);
    const lead = board.lead()!;
    expect(lead.best).toBe(order[0]!.i);
    expect(lead.runnerUp).toBe(order[1]!.i);
    expect(lead.n).toBe(n);
    const ref = pairedReference(utilities[lead.best]!, utilities[lead.runnerUp]!);
    expect(lead.difference).toBeCloseTo(ref.mean, 12);
    expect(lead.half).toBeCloseTo(ref.half, 12);
    expect(lead.clear).toBe(ref.mean - ref.half > 0);
  });

  it('does not star one of two options that play the same: their difference is zero in every rollout', () => {
    const { session, request, options } = position(0);
    const wait = options.find((o) => o.move === undefined)!;
    const runner = new RolloutRunner(flagship, session.memos);
    const board = new RolloutBoard(flagship, 2, N);
    board.add(runner.play(request, wait, 0, 0, N));
    board.add(runner.play(request, { ...wait, label: 'wait again' }, 1, 0, N));
    expect(board.lead()).toMatchObject({ best: 0, runnerUp: 1, n: N, difference: 0, half: 0, clear: false });
  });

  it('pairs only the rollouts both options have played so far', () => {
    const { session, request, options } = position(0);
    const runner = new RolloutRunner(flagship, session.memos);
    const board = new RolloutBoard(flagship, 2, N);
    board.add(runner.play(request, options[0]!, 0, 0, 20));
    board.add(runner.play(request, options[1]!, 1, 10, 30));
    expect(board.lead()!.n).toBe(10);
  });
});
