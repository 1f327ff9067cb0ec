import { describe, expect, it } from 'vitest';
import { RunPlayer } from '../../src/engine/run-player.js';
import { runOnce } from '../../src/engine/run-once.js';
import { createMemos, Simulation } from '../../src/engine/simulation.js';
import { strategyChooser, type StrategyView } from '../../src/engine/strategy-rules.js';
import { PATH_NODES_PER_TRACK, type TrackState } from '../../src/engine/transition-memo.js';
import { load, loadFixture } from '../load-fixture.js';

describe('RunPlayer (one reused Simulation for many runs)', () => {
  for (const file of ['scenarios/turkey-rare-earths.yaml', 'scenarios/us-ukraine-minerals.json', 'scenarios/supplier-duel.json', 'test/fixtures/nested-machine.json']) {
    it(`plays exactly what runOnce plays, run after run, across strategies and held parameters: ${file}`, () => {
      const scenario = loadFixture(file);
      const memos = createMemos(scenario);
      const player = new RunPlayer(scenario, memos);
      const strategies = [...scenario.strategies.keys()];
      const first = scenario.parameters[0];
      const held = first ? new Map([[first.name, first.low]]) : undefined;
      const kept = [];
      for (let run = 0; run < 150; run++) {
        // Alternate strategies, held parameters (every strategy with and without) and traces, so every reset starts from a different run's leftovers.
        const options = { seed: 'player', run, strategy: strategies[run % strategies.length], parameters: Math.floor(run / strategies.length) % 2 === 0 ? held : undefined, trace: run % 5 === 0 };
        const reused = player.play(options);
        const fresh = runOnce(scenario, { ...options, memos });
        expect(reused).toEqual(fresh);
        kept.push([reused, structuredClone(fresh)] as const);
      }
      // Results handed out earlier are not changed by later runs.
      for (const [reused, copy] of kept) expect(reused).toEqual(copy);
    });
  }

  it('names an unknown strategy', () => {
    const player = new RunPlayer(loadFixture('scenarios/supplier-duel.json'));
    expect(() => player.play({ seed: 's', run: 0, strategy: 'nope' })).toThrow(/no strategy 'nope'/);
  });

  it('gives each path as interned text equal to its states joined, also once the memo stops interning', () => {
    const scenario = loadFixture('scenarios/turkey-rare-earths.yaml');
    const memos = createMemos(scenario);
    const player = new RunPlayer(scenario, memos);
    const check = (run: number) => {
      const r = player.play({ seed: 'paths', run });
      r.paths.forEach((p, t) => expect(r.pathTexts[t]).toBe(p.join(' > ')));
      return r;
    };
    const first = check(0);
    expect(first.pathTexts.every((t) => t.length > 0)).toBe(true);
    // Fill the first track's memo to its cap with states no run reaches: its paths are then joined per run.
    const memo = memos[0]!;
    // A node finds its children again whether it scans them (a few) or indexes them (many).
    const fillers = Array.from({ length: 12 }, (_, i) => ({ key: `child${i}` }) as unknown as TrackState);
    const children = fillers.map((s) => memo.extendPath(memo.pathRoot, s)!);
    fillers.forEach((s, i) => {
      expect(memo.extendPath(memo.pathRoot, s)).toBe(children[i]);
      expect(children[i]!.text).toBe(`child${i}`);
      expect(memo.extendPath(children[i]!, fillers[0]!)!.text).toBe(`child${i} > child0`);
    });
    for (let i = 0; i < PATH_NODES_PER_TRACK; i++) memo.extendPath(memo.pathRoot, { key: `filler${i}` } as unknown as TrackState);
    expect(memo.extendPath(memo.pathRoot, { key: 'one more' } as unknown as TrackState)).toBeUndefined();
    for (let run = 1; run < 200; run++) check(run);
    const fresh = runOnce(scenario, { seed: 'paths', run: 5 });
    expect(player.play({ seed: 'paths', run: 5 })).toEqual(fresh);
  });
});

describe('strategy choosers (checked: their moves skip makeMoves validation)', () => {
  for (const file of ['scenarios/turkey-rare-earths.yaml', 'scenarios/us-ukraine-minerals.json']) {
    it(`play what makeMoves accepts, with the same results as an unchecked chooser: ${file}`, () => {
      const scenario = loadFixture(file);
      const memos = createMemos(scenario);
      for (const [name, strategy] of scenario.strategies) {
        const checked = strategyChooser(strategy);
        expect(checked.checked).toBe(true);
        // The same choices through a plain function: makeMoves validates every one (and would throw).
        const unchecked = (view: StrategyView) => checked(view);
        for (let run = 0; run < 40; run++) {
          const a = new Simulation(scenario, memos, 'checked', run).runToEnd(checked);
          const b = new Simulation(scenario, memos, 'checked', run).runToEnd(unchecked);
          expect(a, `${name} run ${run}`).toEqual(b);
        }
      }
    });
  }
});

describe('strategies under the move budget', () => {
  it('makes no host move in a scenario that allows none a round (movesPerRound 0), in both strategy modes', () => {
    const base = JSON.parse(JSON.stringify(loadFixture('scenarios/turkey-rare-earths.yaml').file));
    base.clock.movesPerRound = 0;
    const { scenario, problems } = load(JSON.stringify(base));
    if (!scenario) throw new Error(JSON.stringify(problems.slice(0, 3)));
    for (const strategy of ['keepWarm', 'random']) {
      expect(scenario.strategies.get(strategy)!.mode).toBe(strategy === 'random' ? 'weighted' : 'first');
      const r = runOnce(scenario, { seed: 'zero', run: 1, strategy, trace: true });
      expect(r.trace!.filter((e) => e.kind === 'move')).toEqual([]);
    }
  });

  it('makes at most movesPerRound moves a round, on distinct tracks', () => {
    const scenario = loadFixture('scenarios/turkey-rare-earths.yaml');
    const max = scenario.file.clock.movesPerRound;
    let full = 0;
    for (const strategy of ['keepWarm', 'random']) {
      for (let run = 0; run < 40; run++) {
        const r = runOnce(scenario, { seed: 'budget', run, strategy, trace: true });
        const byRound = new Map<number, string[]>();
        for (const e of r.trace!) if (e.kind === 'move') byRound.set(e.round, [...(byRound.get(e.round) ?? []), e.track]);
        for (const tracks of byRound.values()) {
          expect(tracks.length).toBeLessThanOrEqual(max);
          expect(new Set(tracks).size).toBe(tracks.length);
          if (tracks.length === max) full++;
        }
      }
    }
    expect(full).toBeGreaterThan(0);
  });
});
