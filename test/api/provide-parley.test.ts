import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createActor, createMachine, type AnyActorRef, type StateValue } from 'xstate';
import { load, loadFixture, repoRoot } from '../load-fixture.js';
import { provideParley, scopeOf } from '../../src/api/provide-parley.js';
import { ParleyTrackScope } from '../../src/api/parley-track-scope.js';
import { createMemos, Simulation } from '../../src/engine/simulation.js';
import { strategyChooser } from '../../src/engine/strategy-rules.js';
import { stateKey, type TransitionResult } from '../../src/engine/transition-memo.js';
import type { TraceEntry } from '../../src/engine/trace-entry.js';
import type { CompiledScenario } from '../../src/scenario/compiled-scenario.js';

/** One event the engine delivered to a track's machine, with the position it was delivered in. */
interface Delivery {
  readonly track: number;
  /** undefined: the machine's start (initial state, entry actions). */
  readonly event: string | undefined;
  readonly round: number;
  readonly world: Record<string, unknown>;
  readonly tracks: readonly Record<string, unknown>[];
  /** Trace length when the machine was asked. */
  readonly at: number;
  next?: string;
}

/**
 * Plays one traced engine run and records every event each track's machine was given, with the
 * world and the tracks as they were at that moment (the memo is asked before anything else happens).
 */
function engineRun(scenario: CompiledScenario, seed: string, run: number, strategy: string) {
  const memos = createMemos(scenario);
  const deliveries: Delivery[] = [];
  let sim: Simulation | undefined;
  const capture = (track: number, event: string | undefined): Delivery => ({
    track,
    event,
    round: sim!.round,
    world: { ...sim!.world },
    tracks: scenario.tracks.map((_, i) => {
      const o = sim!.trackView(i);
      return { ...o, terms: { ...o.terms } };
    }),
    at: sim!.trace!.length,
  });
  memos.forEach((memo, i) => {
    const initial = memo.initial.bind(memo);
    const step = memo.step.bind(memo);
    memo.initial = (check) => {
      const d = sim && capture(i, undefined);
      const r: TransitionResult = initial(check);
      if (d) deliveries.push({ ...d, next: r.next.key });
      return r;
    };
    memo.step = (state, type, check) => {
      const d = capture(i, type);
      const r = step(state, type, check);
      deliveries.push({ ...d, next: r.next.key });
      return r;
    };
  });
  sim = new Simulation(scenario, memos, seed, run, { trace: true });
  // The constructor entered the initial states before `sim` was set: start again, recorded.
  sim.reset(seed, run, { trace: true });
  const result = sim.runToEnd(strategyChooser(scenario.strategies.get(strategy)!));
  return { result, deliveries, trace: sim.trace! };
}

/** The world writes and news of a track's actions on one delivery: what follows its transition in the trace. */
function actionsInTrace(trace: readonly TraceEntry[], d: Delivery, end: number, trackId: string) {
  const writes: { variable: string; from: unknown; to: unknown }[] = [];
  const news: string[] = [];
  let i = d.at;
  if (trace[i]?.kind === 'transition' && (trace[i] as { track: string }).track === trackId) i++;
  for (; i < end; i++) {
    const e = trace[i]!;
    if (e.kind === 'effect') writes.push({ variable: e.variable, from: e.from, to: e.to });
    // A move that an earlier move of the round made impossible lapses with a note on its track.
    else if (e.kind === 'news' && e.track === trackId && !/^\(.* is no longer possible this round\)$/.test(e.text)) news.push(e.text);
    else break;
  }
  return { writes, news };
}

/**
 * Drives each track's machine, as the file writes it, in plain XState (`createMachine`, `createActor`)
 * with provideParley, with the events the engine gave it and the world and tracks it saw; returns
 * the number of deliveries compared. Fails on the first state or world write that differs.
 */
function compareWithEngine(scenario: CompiledScenario, configs: Record<string, unknown>, seed: string, run: number, strategy: string): { deliveries: number; writes: number; moves: number } {
  const { result, deliveries, trace } = engineRun(scenario, seed, run, strategy);
  const params = Object.fromEntries(scenario.parameters.map((p, i) => [p.name, result.parameters[i]!]));
  let writes = 0;
  let moves = 0;
  scenario.tracks.forEach((track, t) => {
    const scope = new ParleyTrackScope({ scenario, track: track.id, params });
    const machine = provideParley(createMachine(structuredClone(configs[track.id]) as never), scope);
    const actor: AnyActorRef = createActor(machine);
    const path: string[] = [];
    actor.subscribe((s: { value: StateValue }) => {
      const key = stateKey(s.value);
      if (path[path.length - 1] !== key) path.push(key);
    });
    let started = false;
    for (const [k, d] of deliveries.entries()) {
      if (d.track !== t) continue;
      const where = `seed ${seed} run ${run} strategy ${strategy} track ${track.id} round ${d.round} event ${d.event ?? '(start)'}`;
      // The position the engine was in: world, every track (this one is `self`), round.
      Object.assign(scope.world, d.world);
      scenario.tracks.forEach((other, i) => Object.assign(scope.scope.tracks[other.id] as object, d.tracks[i]));
      scope.round = d.round;
      Object.assign(scope.self, d.tracks[t]);
      const before = scope.writes.length;
      const newsBefore = scope.news.length;
      if (d.event === undefined) {
        actor.start();
        started = true;
      } else {
        expect(started, where).toBe(true);
        actor.send({ type: d.event });
        moves++;
      }
      expect(stateKey(actor.getSnapshot().value), where).toBe(d.next);
      const end = deliveries[k + 1]?.at ?? trace.length;
      const expected = actionsInTrace(trace, d, end, track.id);
      expect(scope.writes.slice(before), where).toEqual(expected.writes);
      expect(scope.news.slice(newsBefore), where).toEqual(expected.news);
      writes += expected.writes.length;
    }
    expect(path, `seed ${seed} run ${run} track ${track.id}: the states visited`).toEqual(result.paths[t]);
  });
  return { deliveries: deliveries.length, writes, moves };
}

const machinesOf = (file: { tracks: Record<string, { machine: unknown }> }) => Object.fromEntries(Object.entries(file.tracks).map(([id, t]) => [id, t.machine]));

describe('provideParley: a track in plain XState', () => {
  it("takes the same transitions and makes the same world writes and news as Parley's engine on the flagship's four tracks", () => {
    const path = 'scenarios/turkey-rare-earths.yaml';
    const scenario = loadFixture(path);
    // The machines as loaded: the flagship makes its tracks from a template, so the file as written
    // holds a template and parameters where the loaded scenario holds each track's machine.
    const file = JSON.parse(JSON.stringify(scenario.file));
    let total = { deliveries: 0, writes: 0, moves: 0 };
    const states = new Set<string>();
    for (const strategy of ['keepWarm', 'westFirst', 'chinaFirst', 'random']) {
      for (let run = 0; run < 6; run++) {
        const n = compareWithEngine(scenario, machinesOf(file), 'xstate', run, strategy);
        total = { deliveries: total.deliveries + n.deliveries, writes: total.writes + n.writes, moves: total.moves + n.moves };
      }
    }
    for (const run of [0, 1, 2, 3, 4, 5]) {
      for (const s of engineRun(scenario, 'xstate', run, 'westFirst').result.finalStates) states.add(s);
    }
    // Not vacuous: the runs send many events, write the world from machine actions and end in several ways.
    expect(total.moves).toBeGreaterThan(500);
    expect(total.writes).toBeGreaterThan(20);
    expect(states.size).toBeGreaterThan(3);
  });

  it('decides and/or/not guards and bare-string CEL guards as the engine decides the same conditions', () => {
    const base = readFileSync(`${repoRoot}test/fixtures/bad/run-guard-evaluation-error.json`, 'utf8');
    const when = (expr: string) => ({ type: 'when', params: { expr } });
    const agree = { type: 'and', guards: [when("world.phase == 'tense'"), { type: 'not', guards: [when('world.pressure > 0.9')] }] };
    const tick = { type: 'or', guards: [when('self.rounds >= 4.0'), when('round >= 3.0 && world.pressure < 0.6')] };
    const text = base
      .replace('"AGREE": { "target": "signed", "guard": { "type": "when", "params": { "expr": "dyn(world).nothing >= 4.0" } } }', `"AGREE": ${JSON.stringify({ target: 'signed', guard: agree })}`)
      .replace('"TICK": { "guard": { "type": "when", "params": { "expr": "self.rounds >= 4.0" } }, "target": "lapsed" }', `"TICK": ${JSON.stringify({ target: 'lapsed', guard: tick })}`);
    const { scenario } = load(text);
    expect(scenario).toBeDefined();
    const machine = JSON.parse(JSON.stringify(scenario!.file.tracks.main!.machine));
    // The same machine with the TICK guard written as one bare CEL string, as the shorthand writes it.
    const shorthand = structuredClone(machine);
    shorthand.states.open.on.TICK.guard = 'self.rounds >= 4.0 || (round >= 3.0 && world.pressure < 0.6)';
    const ends = new Set<string>();
    for (let run = 0; run < 40; run++) {
      compareWithEngine(scenario!, { main: machine }, 'combined', run, 'push');
      compareWithEngine(scenario!, { main: shorthand }, 'combined', run, 'push');
      ends.add(engineRun(scenario!, 'combined', run, 'push').result.finalStates.join());
    }
    expect(ends).toEqual(new Set(['signed', 'lapsed']));
  });

  it('keeps self in step with the actor through follow(), and counts rounds from the round set', () => {
    const file = JSON.parse(readFileSync(`${repoRoot}scenarios/supplier-duel.json`, 'utf8'));
    const signals: unknown[] = [];
    const machine = provideParley(createMachine(file.tracks.newcomer.machine), { scenario: file, onSignal: (s) => signals.push(s) });
    const scope = scopeOf(machine)!;
    expect(scope.track.id).toBe('newcomer');
    const actor = createActor(machine);
    scope.follow(actor);
    actor.start();
    expect(scope.self).toMatchObject({ state: 'bid', stage: 1, entered: 0, done: false });
    scope.round = 2;
    actor.send({ type: 'SHORTLIST' });
    expect(scope.self).toMatchObject({ state: 'shortlisted', stage: 2, entered: 2, rounds: 0 });
    scope.round = 5;
    expect(scope.self.rounds).toBe(3);
    expect(scope.holds('self.rounds >= 3.0 && self.stage == 2.0')).toBe(true);
    actor.send({ type: 'AGREE' });
    expect(scope.self).toMatchObject({ state: 'contract', deal: true, done: true });
    expect(signals).toEqual([{ from: 'newcomer', to: 'others', event: 'RIVAL_SIGNED' }]);
  });

  it('fails loudly on a guard that is not valid CEL and on a machine of an unnamed track', () => {
    const file = JSON.parse(readFileSync(`${repoRoot}scenarios/supplier-duel.json`, 'utf8'));
    const config = structuredClone(file.tracks.newcomer.machine);
    config.states.bid.on.SHORTLIST = { target: 'shortlisted', guard: 'world.nosuch > 1.0' };
    expect(() => provideParley(createMachine(config), { scenario: file })).toThrow(/guard "world\.nosuch > 1\.0" on track 'newcomer': 'nosuch' does not exist in 'world'/);
    const { id: _, ...anonymous } = file.tracks.newcomer.machine;
    expect(() => provideParley(createMachine(anonymous), { scenario: file })).toThrow(/name the track: the scenario has incumbent, newcomer/);
  });
});
