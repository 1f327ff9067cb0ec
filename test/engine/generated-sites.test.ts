import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileEffects, type GeneratedEffects } from '../../src/engine/effects.js';
import { sitesOf } from '../../src/engine/generated-sites.js';
import { handOverCount, handOvers, resetHandOvers } from '../../src/engine/hand-overs.js';
import { compileRoundEvents } from '../../src/engine/round-events.js';
import { runOnce } from '../../src/engine/run-once.js';
import { createMemos, Simulation, type RunResult } from '../../src/engine/simulation.js';
import type { Scope } from '../../src/engine/run-scope.js';
import { SimulationError } from '../../src/engine/simulation-error.js';
import { compileCandidates, compileFirst, strategyChooser } from '../../src/engine/strategy-rules.js';
import { expressionWith, type CompiledExpression } from '../../src/scenario/compile-expression.js';
import { codeGeneration } from '../../src/scenario/code-template.js';
import type { CompiledEffect, CompiledMove, CompiledScenario, CompiledStrategy } from '../../src/scenario/compiled-scenario.js';
import { loadFixture, repoRoot } from '../load-fixture.js';

const FILES = ['scenarios/turkey-rare-earths.yaml', 'scenarios/us-ukraine-minerals.json', 'scenarios/supplier-duel.json', 'test/fixtures/nested-machine.json', 'test/fixtures/offers/counterpart-offer.json'];

/** Loads a scenario with code generation on or off (off: closures, so no generated site at all). */
function loadWith(file: string, generated: boolean): CompiledScenario {
  codeGeneration.enabled = generated;
  try {
    return loadFixture(file);
  } finally {
    codeGeneration.enabled = true;
  }
}

/**
 * Plays runs of a strategy. With `generated: false`, code generation is off while the sites are made
 * (they are made once per scenario, at its first Simulation): then no site exists at all, not even
 * for lists of fixed values, and every step takes the generic path.
 */
function play(scenario: CompiledScenario, strategy: string, runs: number, options: { generated?: boolean; chooser?: 'reference' } = {}): RunResult[] {
  codeGeneration.enabled = options.generated ?? true;
  try {
    const memos = createMemos(scenario);
    const choose = strategyChooser(scenario.strategies.get(strategy)!, { generated: options.chooser !== 'reference' });
    const out: RunResult[] = [];
    for (let run = 0; run < runs; run++) out.push(new Simulation(scenario, memos, 'fused', run, { trace: run % 3 === 0 }).runToEnd(choose));
    return out;
  } finally {
    codeGeneration.enabled = true;
  }
}

/** A copy of an expression whose evaluation throws, in its generated text and in its function alike. */
function throwing(expr: CompiledExpression): CompiledExpression {
  return expressionWith(
    {
      ...expr,
      evaluate: () => {
        throw new Error('boom');
      },
      code: `(() => { throw new Error('boom'); })()`,
    },
    expr.location,
  );
}

/** What a call throws (undefined if it returns). */
function errorOf(f: () => unknown): SimulationError | undefined {
  try {
    f();
  } catch (error) {
    return error as SimulationError;
  }
  return undefined;
}

describe('generated sites (strategy rule tests, the round event loop)', () => {
  it('exist for the shipped scenarios, so the comparisons below compare something', () => {
    const flagship = loadFixture('scenarios/turkey-rare-earths.yaml');
    expect(sitesOf(flagship).roundEvents).toBeTypeOf('function');
    expect(compileFirst(flagship.strategies.get('keepWarm')!)).toBeTypeOf('function');
    expect(compileCandidates(flagship.strategies.get('random')!)).toBeTypeOf('function');
    const sites = sitesOf(flagship);
    flagship.tracks.forEach((t, i) =>
      t.moves.forEach((m) => {
        const site = sites.moves[i]![m.slot]!;
        expect(site.move).toBe(m);
        expect(site.responses.list).toBe(m.responses);
        expect(site.effects === undefined).toBe(m.effects.length === 0);
        // A negotiator's decision moves the remainder at run time: those lists take the reference.
        expect(site.responses.chances === undefined).toBe(m.responses.some((r) => r.decision !== undefined));
      }),
    );
    flagship.events.forEach((e, i) => {
      expect(sites.events[i]!.branches.list).toBe(e.branches);
      expect(sites.events[i]!.branches.effects.map((f) => f !== undefined)).toEqual(e.branches.map((b) => b.effects.length > 0));
    });
    // Without generated code there is nothing to fuse.
    const closures = loadWith('scenarios/turkey-rare-earths.yaml', false);
    expect(compileRoundEvents(closures)).toBeUndefined();
    expect(compileFirst(closures.strategies.get('keepWarm')!)).toBeUndefined();
  });

  for (const file of FILES) {
    it(`play every strategy exactly as the generic engine does, traces included: ${file}`, () => {
      const fused = loadWith(file, true);
      const generic = loadWith(file, false);
      expect(sitesOf(fused).roundEvents).toBeTypeOf('function');
      for (const strategy of fused.strategies.keys()) {
        const runs = 120;
        const expected = play(generic, strategy, runs, { generated: false });
        expect(play(fused, strategy, runs)).toEqual(expected);
        // The reference chooser on the generated expressions, too (the other sites generated).
        expect(play(fused, strategy, runs, { chooser: 'reference' })).toEqual(expected);
      }
      // The generic side really had no site (sites are made once per scenario, so ask after playing).
      expect(sitesOf(generic).roundEvents).toBeUndefined();
      expect(sitesOf(generic).events.every((e) => e.effects === undefined && e.branches.chances === undefined)).toBe(true);
      expect(sitesOf(generic).moves.flat().every((m) => m.effects === undefined && m.responses.chances === undefined)).toBe(true);
    });
  }

  for (const file of FILES) {
    it(`play every strategy with no hand-over to the generic path and every site generated: ${file}`, () => {
      const scenario = loadFixture(file);
      const sites = sitesOf(scenario);
      expect(sites.roundEvents).toBeTypeOf('function');
      scenario.tracks.forEach((t, i) =>
        t.moves.forEach((m) => {
          expect(sites.moves[i]![m.slot]!.responses.chances === undefined).toBe(m.responses.length === 0 || m.responses.some((r) => r.decision !== undefined));
          expect(sites.moves[i]![m.slot]!.effects === undefined).toBe(m.effects.length === 0);
        }),
      );
      scenario.events.forEach((e, i) => expect(sites.events[i]!.branches.chances === undefined).toBe(e.branches.length === 0));
      for (const strategy of scenario.strategies.values()) expect(compileFirst(strategy) ?? compileCandidates(strategy), strategy.id).toBeTypeOf('function');
      resetHandOvers();
      const memos = createMemos(scenario);
      for (const strategy of scenario.strategies.values()) {
        const choose = strategyChooser(strategy);
        const sim = new Simulation(scenario, memos, 'hand-overs', 0);
        for (let run = 0; run < 300; run++) {
          sim.reset('hand-overs', run);
          sim.runToEnd(choose);
        }
      }
      expect({ ...handOvers }).toEqual({ roundEvents: 0, chances: 0, effects: 0, strategyRules: 0 });
    });
  }

  it('hand a failing rule test to the generic chooser, which reports it at the condition', () => {
    const scenario = loadFixture('scenarios/turkey-rare-earths.yaml');
    for (const name of ['keepWarm', 'random']) {
      const strategy = scenario.strategies.get(name)!;
      // Every rule condition and move condition fails: the first one a round evaluates stops the run.
      const rules = strategy.rules.map((r) => ({
        ...r,
        when: r.when && throwing(r.when),
        move: r.move?.when !== undefined ? { ...r.move, when: throwing(r.move.when) } : r.move,
      }));
      const broken: CompiledStrategy = { ...strategy, rules };
      expect(compileFirst(broken) ?? compileCandidates(broken)).toBeTypeOf('function');
      resetHandOvers();
      const thrown = errorOf(() => new Simulation(scenario, createMemos(scenario), 'fused', 0).runToEnd(strategyChooser(broken)));
      expect(handOvers.strategyRules).toBe(1);
      const generic = errorOf(() => new Simulation(scenario, createMemos(scenario), 'fused', 0).runToEnd(strategyChooser(broken, { generated: false })));
      expect(thrown).toBeInstanceOf(SimulationError);
      expect(thrown!.code).toBe('E_EVALUATION');
      expect(rules.some((r) => r.when?.path === thrown!.where.path || r.move?.when?.path === thrown!.where.path)).toBe(true);
      expect(thrown!.where.location).toBeDefined();
      expect({ message: thrown!.message, where: thrown!.where }).toEqual({ message: generic!.message, where: generic!.where });
    }
  });

  it('hand a failing event condition to the generic check, which reports it at the condition', () => {
    const scenario = loadFixture('scenarios/turkey-rare-earths.yaml');
    const at = scenario.events.findIndex((e) => e.when !== undefined);
    const events = scenario.events.map((e, i) => (i === at ? { ...e, when: throwing(e.when!) } : e));
    const broken: CompiledScenario = { ...scenario, events };
    expect(sitesOf(broken).roundEvents).toBeTypeOf('function');
    const sim = new Simulation(broken, createMemos(broken), 'fused', 0);
    resetHandOvers();
    const thrown = errorOf(() => sim.beginRound());
    expect(handOvers.roundEvents).toBe(1);
    expect(thrown).toBeInstanceOf(SimulationError);
    expect(thrown!.code).toBe('E_EVALUATION');
    expect(thrown!.where.path).toEqual(scenario.events[at]!.when!.path);
  });

  it('hand a failing response probability to the generic computation, which reports it at the probability', () => {
    const scenario = loadFixture('scenarios/turkey-rare-earths.yaml');
    const hasExpressionChance = (m: CompiledMove) => m.responses.some((r) => r.p !== undefined && 'expr' in r.p);
    const probe = new Simulation(scenario, createMemos(scenario), 'fused', 0);
    probe.beginRound();
    const move = probe.availableMoves().find(hasExpressionChance)!;
    expect(move).toBeDefined();
    const responses = move.responses.map((r) => (r.p !== undefined && 'expr' in r.p ? { ...r, p: { expr: throwing(r.p.expr) } } : r));
    const brokenMove: CompiledMove = { ...move, responses };
    const tracks = scenario.tracks.map((t) => (t.index === move.track ? { ...t, moves: t.moves.map((m) => (m === move ? brokenMove : m)) } : t));
    const broken: CompiledScenario = { ...scenario, tracks };
    expect(sitesOf(broken).moves[move.track]![move.slot]!.responses.list).toBe(responses);
    const failure = (m: CompiledMove) =>
      errorOf(() => {
        const sim = new Simulation(broken, createMemos(broken), 'fused', 0);
        sim.beginRound();
        sim.makeMoves([{ move: m }]);
      });
    resetHandOvers();
    const thrown = failure(brokenMove);
    expect(handOvers.chances).toBe(1);
    // The same move with a copy of its list: no generated chances apply, the generic computation runs.
    const generic = failure({ ...brokenMove, responses: [...responses] });
    expect(thrown).toBeInstanceOf(SimulationError);
    expect(thrown!.code).toBe('E_EVALUATION');
    const first = responses.find((r) => r.p !== undefined && 'expr' in r.p)!.p as { expr: CompiledExpression };
    expect(thrown!.where.path).toEqual(first.expr.path);
    expect({ message: thrown!.message, where: thrown!.where }).toEqual({ message: generic!.message, where: generic!.where });
  });

  it('hand a failing effect to the generic loop, which goes on from that effect and reports it', () => {
    const scenario = loadFixture('scenarios/turkey-rare-earths.yaml');
    // An event with two effects: the first an expression that moves the NdPr price (taken from the
    // ndprMarket event's "up" branch), the second failing.
    const at = scenario.events.findIndex((e) => e.effects.length >= 2 && 'expr' in e.effects[1]!.value);
    expect(at).toBeGreaterThanOrEqual(0);
    const event = scenario.events[at]!;
    const step = scenario.events.flatMap((e) => e.branches.flatMap((b) => b.effects)).find((e) => e.variable === 'ndpr' && 'expr' in e.value)!;
    expect(step).toBeDefined();
    const second = event.effects[1]!;
    const effects = [step, { ...second, value: { expr: throwing((second.value as { expr: CompiledExpression }).expr) } }];
    const broken: CompiledScenario = { ...scenario, events: scenario.events.map((e, i) => (i === at ? { ...e, effects } : e)) };
    // Spy on the generated function: the world before it, after it, and where it stopped.
    const site = sitesOf(broken).events[at]! as { effects: GeneratedEffects | undefined };
    const generated = site.effects!;
    expect(generated).toBeTypeOf('function');
    const seen: { before: unknown; after: unknown; stopped: number }[] = [];
    site.effects = (s, w, refreshBatna) => {
      const before = w.ndpr;
      const stopped = generated(s, w, refreshBatna);
      seen.push({ before, after: w.ndpr, stopped });
      return stopped;
    };
    const sim = new Simulation(broken, createMemos(broken), 'fused', 0);
    const choose = strategyChooser(broken.strategies.get(broken.defaultStrategy)!);
    resetHandOvers();
    const thrown = errorOf(() => sim.runToEnd(choose));
    expect(handOvers.effects).toBe(1);
    expect(handOverCount()).toBe(1);
    expect(thrown).toBeInstanceOf(SimulationError);
    expect(thrown!.code).toBe('E_EVALUATION');
    expect(thrown!.where.path).toEqual((second.value as { expr: CompiledExpression }).expr.path);
    // The generated function applied the first effect and stopped at the second; the generic loop
    // went on from the second (the price moved once, not twice).
    expect(seen).toHaveLength(1);
    expect(seen[0]!.stopped).toBe(1);
    expect(seen[0]!.after).not.toBe(seen[0]!.before);
    expect(sim.world.ndpr).toBe(seen[0]!.after);
  });

  it('fail untraced runs (generated sites) exactly as traced ones (generic paths): every run-time fixture', () => {
    const dir = 'test/fixtures/bad';
    const files = readdirSync(`${repoRoot}${dir}`).filter((f) => f.endsWith('.json') && /expect-run:/.test(readFileSync(`${repoRoot}${dir}/${f}`, 'utf8').slice(0, 400)));
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const f of files) {
      const scenario = loadFixture(`${dir}/${f}`);
      const memos = createMemos(scenario);
      let compared = false;
      for (let run = 0; run < 40 && !compared; run++) {
        const traced = errorOf(() => runOnce(scenario, { seed: '1', run, memos, trace: true }));
        if (traced === undefined) continue;
        // The trace's own size limit fails traced runs only: untraced, the run keeps no trace.
        if (traced.code === 'E_TRACE_LIMIT') {
          expect(errorOf(() => runOnce(scenario, { seed: '1', run, memos }))?.code, f).not.toBe('E_TRACE_LIMIT');
          compared = true;
          continue;
        }
        const untraced = errorOf(() => runOnce(scenario, { seed: '1', run, memos }));
        expect({ file: f, code: untraced?.code, where: untraced?.where }).toEqual({ file: f, code: traced.code, where: traced.where });
        compared = true;
      }
      expect(compared, `${f}: no run failed`).toBe(true);
    }
  });

  it('stop at an effect that gives a boolean variable a number, as the generic loop does (dyn() passes the load-time check)', () => {
    const scenario = loadFixture('test/fixtures/bad/run-dyn-number-in-set-action.json');
    const set = [...scenario.tracks[0]!.actions.values()].find((a) => a.type === 'set')!;
    const effect = (set as { effects: readonly CompiledEffect[] }).effects[0]!;
    const expr = (effect.value as { expr: CompiledExpression }).expr;
    // The same effect with generated text that gives a number (as dyn(round) does).
    const numeric: CompiledEffect = { ...effect, value: { expr: expressionWith({ ...expr, evaluate: () => 3, code: '3' }, expr.location) } };
    const flagged: CompiledEffect = { ...effect, value: { literal: true } };
    const apply = compileEffects([flagged, numeric])!;
    const world: Record<string, unknown> = { flag: false };
    expect(apply({} as Scope, world, () => {})).toBe(1);
    expect(world).toEqual({ flag: true });
    // The generic loop, from there, reports it where the fixture expects.
    const error = errorOf(() => runOnce(scenario, { seed: '1', run: 0, trace: true }));
    expect(error?.code).toBe('E_EFFECT_TYPE');
    expect(error?.where.location).toEqual(expr.location);
  });

  it('write hostile variable names as quoted property names, never as code', () => {
    const names = ['a"]=1;globalThis.pwned=1;//', "b'];throw 1;//", 'c`${1}`', 'd\\"]\n+1', '</script>'];
    const effects: CompiledEffect[] = names.map((variable, i) => ({ variable, kind: 'number', value: { literal: i + 10 }, min: 0, max: 11 }));
    const apply = compileEffects(effects)!;
    expect(apply).toBeTypeOf('function');
    const world: Record<string, unknown> = {};
    expect(apply({} as Scope, world, () => {})).toBe(-1);
    expect(world).toEqual(Object.fromEntries(names.map((n, i) => [n, Math.min(11, i + 10)])));
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  });
});
