import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import type { CompiledScenario } from '../../src/scenario/compiled-scenario.js';
import { Simulation, type MoveChoice } from '../../src/engine/simulation.js';
import { strategyChooser } from '../../src/engine/strategy-rules.js';
import { outlookAfterPlan, type DecisionPoint } from '../../src/ui/outlook-after-plan.js';
import { PlaySession } from '../../src/ui/play-session.js';

function load(path: string): CompiledScenario {
  const file = new URL(path, import.meta.url).pathname;
  const { scenario, problems } = loadScenario(readFileSync(file, 'utf8'), file);
  if (!scenario) throw new Error(problems.map((p) => p.message).join('\n'));
  return scenario;
}

function pointOf(session: PlaySession): DecisionPoint {
  return { scenario: session.scenario, memos: session.memos, seed: session.options.seed, run: session.options.run, snapshot: session.history[session.history.length - 1]! };
}

/**
 * The engine's own answer, by sampling: `runs` plays of the round from the decision point, each on
 * another run index (so other draws) with the game's parameters held, counting what happened to the
 * last move. Returns frequencies per response label, plus 'lapse' and '(nothing happens)'.
 */
function sampleRound(session: PlaySession, choices: readonly MoveChoice[], runs: number): Map<string, number> {
  const { scenario } = session;
  const held = new Map(scenario.parameters.map((p, i) => [p.name, session.sim.parameters[i]!]));
  const snapshot = session.history[session.history.length - 1]!;
  const target = choices[choices.length - 1]!.move;
  const counts = new Map<string, number>();
  for (let i = 0; i < runs; i++) {
    const sim = new Simulation(scenario, session.memos, 'sample', i, { trace: true, parameters: held });
    sim.restore(snapshot);
    const start = sim.trace!.length;
    sim.makeMoves(choices);
    const trace = sim.trace!.slice(start);
    const made = trace.findIndex((e) => e.kind === 'move' && e.move === target.name && e.track === scenario.tracks[target.track]!.id);
    let what = 'lapse';
    if (made >= 0) {
      const choice = trace.slice(made).find((e) => e.kind === 'choice' && e.of === target.id);
      what = choice && choice.kind === 'choice' ? choice.chosen : '?';
    }
    counts.set(what, (counts.get(what) ?? 0) + 1);
  }
  return new Map([...counts].map(([k, c]) => [k, c / runs]));
}

/** Asserts each exact probability lies within 4.5 standard errors of the sampled frequency. */
function expectAgreement(exact: Map<string, number>, sampled: Map<string, number>, runs: number, context: string): void {
  for (const key of new Set([...exact.keys(), ...sampled.keys()])) {
    const p = exact.get(key) ?? 0;
    const f = sampled.get(key) ?? 0;
    const se = Math.sqrt(Math.max(p * (1 - p), 1 / runs) / runs);
    expect(Math.abs(f - p), `${context}: '${key}' exact ${p.toFixed(4)}, sampled ${f.toFixed(4)} over ${runs} runs`).toBeLessThanOrEqual(4.5 * se + 1e-9);
  }
}

function exactMap(outlook: ReturnType<typeof outlookAfterPlan>): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of outlook.responses) m.set(r.label, (m.get(r.label) ?? 0) + r.p);
  if (outlook.lapse > 0) m.set('lapse', outlook.lapse);
  if (outlook.nothing > 0) m.set('(nothing happens)', outlook.nothing);
  return m;
}

describe('outlookAfterPlan', () => {
  const pair = load('./fixtures/pair.json');
  const session = new PlaySession(pair, { seed: '1', run: 0, strategy: 'both' });
  const push = { move: pair.moves.get('a.push')! };
  const ask = { move: pair.moves.get('b.ask')! };
  const offerB = { move: pair.moves.get('b.offer')! };

  it('without planned moves, gives the probabilities the engine draws with now', () => {
    const o = outlookAfterPlan(pointOf(session), [], ask);
    expect(o.responses).toEqual([
      { label: 'agrees', p: 0.5 },
      { label: 'declines', p: 0.5 },
    ]);
    expect(o.lapse).toBe(0);
    expect(o.nothing).toBe(0);
    expect(o.batna.counterpart).toEqual({ mean: 0.5, min: 0.5, max: 0.5 });
  });

  it('mixes a later move over the earlier move’s responses, which can alarm it, lift the mood or end its track', () => {
    // push: alarms B 0.3 (B agrees 0.8) · ends B's talks 0.2 (ask lapses) · lifts the mood to 0.8
    // 0.1 (B agrees 0.8) · nothing 0.4 (B agrees at the mood, 0.5).
    const o = outlookAfterPlan(pointOf(session), [push], ask);
    expect(o.responses[0]!.p).toBeCloseTo(0.3 * 0.8 + 0.1 * 0.8 + 0.4 * 0.5, 12);
    expect(o.responses[1]!.p).toBeCloseTo(0.3 * 0.2 + 0.1 * 0.2 + 0.4 * 0.5, 12);
    expect(o.lapse).toBeCloseTo(0.2, 12);
    expect(o.nothing).toBe(0);
  });

  it('counts a move whose condition an earlier response breaks as lapsing, and spreads the BATNAs the responses see', () => {
    // Offer to B (worth 0.4 to B) needs mood < 0.7: the mood lift (0.1) and the end of talks (0.2)
    // make it lapse. Alarmed, B's BATNA is 0.2 (accepts 0.4), else 0.5 (accepts 0.1).
    const o = outlookAfterPlan(pointOf(session), [push], offerB);
    expect(o.lapse).toBeCloseTo(0.3, 12);
    expect(o.responses[0]!.p).toBeCloseTo(0.3 * 0.4 + 0.4 * 0.1, 12);
    expect(o.responses[1]!.p).toBeCloseTo(0.3 * 0.6 + 0.4 * 0.9, 12);
    expect(o.batna.counterpart.min).toBeCloseTo(0.2, 12);
    expect(o.batna.counterpart.max).toBeCloseTo(0.5, 12);
    expect(o.batna.counterpart.mean).toBeCloseTo((0.3 * 0.2 + 0.4 * 0.5) / 0.7, 12);
    expect(o.batna.host).toMatchObject({ min: 0.3, max: 0.4 });
    expect(o.value.counterpart).toMatchObject({ min: 0.4, max: 0.4 });
  });

  it('agrees with 20,000 plays of the round by the engine itself', () => {
    const runs = 20_000;
    for (const target of [ask, offerB]) {
      const exact = exactMap(outlookAfterPlan(pointOf(session), [push], target));
      expectAgreement(exact, sampleRound(session, [push, target], runs), runs, `pair: push then ${target.move.id}`);
    }
  });

  it('agrees with the engine on the flagship where an earlier move changes a later one, where the start-of-round numbers do not', () => {
    const turkey = load('../../scenarios/turkey-rare-earths.yaml');
    expect(turkey.file.clock.movesPerRound).toBe(2);
    // Find, in games the scenario's strategies play, pairs of moves where the first move's responses
    // matter to the second: one that can make it lapse (a signed deal ends the other tracks) and
    // some that change its probabilities (a Western term sheet alarms China, so Beijing agrees to a study more readily and lowers its bar; a Chinese term sheet alarms Washington).
    const cases: { game: PlaySession; plan: MoveChoice[]; target: MoveChoice; outlook: ReturnType<typeof outlookAfterPlan> }[] = [];
    let lapsing = 0;
    let shifting = 0;
    search: for (const strategy of ['westFirst', 'keepWarm', 'playChinaCard', 'random']) {
      for (const seed of ['0', '1', '2', '3', '4', '5']) {
        const game = new PlaySession(turkey, { seed, run: 0, strategy });
        const choose = strategyChooser(turkey.strategies.get(strategy)!);
        while (!game.done) {
          const moves = game.sim.availableMoves();
          for (const first of moves) {
            for (const second of moves) {
              if (first.track === second.track) continue;
              const plan = [{ move: first }];
              const target = { move: second };
              const outlook = outlookAfterPlan(pointOf(game), plan, target);
              const now = game.sim.responseProbabilities(target);
              const lapses = outlook.lapse > 0.05;
              const shifts = outlook.lapse === 0 && outlook.responses.some((r, i) => Math.abs(r.p - now[i]!.p) > 0.04);
              if ((lapses && lapsing < 1) || (shifts && shifting < 2)) {
                cases.push({ game: PlaySession.replay(turkey, game.options, game.log), plan, target, outlook });
                if (lapses) lapsing++;
                else shifting++;
              }
              if (lapsing >= 1 && shifting >= 2) break search;
            }
          }
          game.playRound(choose(game.sim.strategyView));
        }
      }
    }
    expect(lapsing, 'a pair where the first move can make the second lapse').toBe(1);
    expect(shifting, 'pairs where the first move shifts the second one’s probabilities').toBe(2);
    const runs = 20_000;
    for (const { game, plan, target, outlook } of cases) {
      const context = `seed ${game.options.seed}, ${game.options.strategy}, round ${game.sim.round}: ${plan[0]!.move.id} then ${target.move.id}`;
      const sampled = sampleRound(game, [...plan, target], runs);
      expectAgreement(exactMap(outlook), sampled, runs, context);
      // The numbers at the start of the round are measurably wrong here (so this test can tell).
      const naive = new Map(game.sim.responseProbabilities(target).map((r) => [r.label, r.p] as const));
      const worst = Math.max(...[...new Set([...naive.keys(), ...sampled.keys()])].map((k) => Math.abs((naive.get(k) ?? 0) - (sampled.get(k) ?? 0))));
      expect(worst, context).toBeGreaterThan(0.03);
    }
  });
});
