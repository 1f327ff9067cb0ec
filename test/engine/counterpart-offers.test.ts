import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../load-fixture.js';
import { loadScenarioWithDocument } from '../../src/scenario/load-scenario-with-document.js';
import { createMemos, Simulation, type RunResult } from '../../src/engine/simulation.js';
import { strategyChooser } from '../../src/engine/strategy-rules.js';
import { handOvers } from '../../src/engine/hand-overs.js';
import { SimulationError } from '../../src/engine/simulation-error.js';
import type { CompiledScenario } from '../../src/scenario/compiled-scenario.js';
import type { TraceEntry } from '../../src/engine/trace-entry.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Known answers on test/fixtures/offers/counterpart-offer.json: the lithium price starts at
 * param.lithium (20) and rises by half in round 1; the host's proposal defaults to 40 times the price
 * (clamped to [100, 1500]) with refining at home above 25; SQM accepts a price up to 1000. In round 2
 * SQM offers a royalty of 0.2 + price / 1000 = 0.23, refining abroad; in round 4 it adds 0.02 to the
 * royalty on the table.
 */
const fixture = (): Json => JSON.parse(readFileSync(`${repoRoot}test/fixtures/offers/counterpart-offer.json`, 'utf8')) as Json;

function load(s: Json): CompiledScenario {
  const { scenario, problems } = loadScenarioWithDocument(JSON.stringify(s, null, 2), 'counterpart-offer.json');
  if (!scenario) throw new Error(problems.map((p) => `${p.code} ${p.path.join('.')} ${p.message}`).join('; '));
  return scenario;
}

function play(s: Json | CompiledScenario, strategy: string, options: { lithium?: number; generated?: boolean; run?: number } = {}): RunResult {
  const scenario = 'tracks' in s && Array.isArray(s.tracks) ? (s as CompiledScenario) : load(s as Json);
  const parameters = options.lithium === undefined ? undefined : new Map([['lithium', options.lithium]]);
  const sim = new Simulation(scenario, createMemos(scenario), 'offers', options.run ?? 0, { trace: true, parameters });
  return sim.runToEnd(strategyChooser(scenario.strategies.get(strategy)!, { generated: options.generated ?? true }));
}

const ofKind = <K extends TraceEntry['kind']>(r: RunResult, kind: K) => (r.trace ?? []).filter((e): e is Extract<TraceEntry, { kind: K }> => e.kind === kind);
const metric = (r: RunResult, i: number) => r.metrics[i]!;

describe('offer defaults that are expressions', () => {
  it('evaluates a default when the move is made: 40 times the price of 20 is 800, refining abroad at 20', () => {
    const r = play(fixture(), 'proposeNow');
    expect(ofKind(r, 'move')[0]!.offer).toEqual({ price: 800, royalty: 0.1, refining: 'abroad' });
    expect(r.outcome).toBe('deal');
    expect(r.dealRound).toBe(0);
    expect(metric(r, 1)).toBe(800);
  });

  it('reads the world as it is at the move: after the rise to 30 the default is 1200, refining at home', () => {
    const r = play(fixture(), 'proposeLate');
    const moves = ofKind(r, 'move');
    expect(moves[0]).toMatchObject({ round: 1, offer: { price: 1200, refining: 'home' } });
    // Refused (above 1000) every round: the default follows the world, not the last offer.
    expect(r.outcome).toBe('none');
  });

  it("clamps an evaluated default to the move's bounds like a literal: 40 times 50 is 2000, offered as 1500", () => {
    const r = play(fixture(), 'proposeNow', { lithium: 50 });
    expect(ofKind(r, 'move')[0]!.offer).toMatchObject({ price: 1500, refining: 'home' });
    const low = play(fixture(), 'proposeNow', { lithium: 1 });
    expect(ofKind(low, 'move')[0]!.offer).toMatchObject({ price: 100 });
    expect(metric(low, 1)).toBe(100);
  });

  it('lets a strategy value override an expression default', () => {
    const s = fixture();
    s.strategies.proposeNow.rules[0].offer = { price: 950 };
    const r = play(s, 'proposeNow', { lithium: 50 });
    expect(ofKind(r, 'move')[0]!.offer).toMatchObject({ price: 950, refining: 'home' });
    expect(metric(r, 1)).toBe(950);
  });

  it('gives the play-through the evaluated defaults of a move at the current position', () => {
    const scenario = load(fixture());
    const sim = new Simulation(scenario, createMemos(scenario), 'offers', 0);
    const propose = scenario.moves.get('sqm.propose')!;
    sim.beginRound();
    expect(sim.defaultOffer(propose)).toEqual({ price: 800, refining: 'abroad' });
    sim.makeMoves([]);
    sim.beginRound();
    expect(sim.defaultOffer(propose)).toEqual({ price: 1200, refining: 'home' });
  });

  it('stops the run at the default in the file when an enum default gives a value the move does not allow', () => {
    const s = fixture();
    // A value read from another enum: the loader cannot rule it out, the run can.
    s.world.shipping = { type: 'enum', values: ['offshore', 'abroad'], initial: 'offshore' };
    s.tracks.sqm.moves.propose.offer.refining.default = "world.lithiumPrice > 25.0 ? world.shipping : 'abroad'";
    let error: unknown;
    try {
      play(s, 'proposeLate');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SimulationError);
    expect((error as SimulationError).code).toBe('E_ENUM_VALUE');
    expect((error as SimulationError).message).toMatch(/default offer for 'refining' is "offshore", not one of home, abroad/);
    expect((error as SimulationError).where.path).toEqual(['tracks', 'sqm', 'moves', 'propose', 'offer', 'refining', 'default']);
  });
});

describe('a counterpart that puts terms on the table (an event offer)', () => {
  it('puts its terms on the track when the event fires, sends OFFER_RECEIVED, and the host can accept them as they stand', () => {
    const r = play(fixture(), 'takeTheirs');
    const offer = ofKind(r, 'offer');
    expect(offer).toHaveLength(1);
    expect(offer[0]).toMatchObject({ round: 2, track: 'sqm', from: 'sqmOffer', event: 'OFFER_RECEIVED', terms: { refining: 'abroad' } });
    expect(offer[0]!.terms!.royalty).toBeCloseTo(0.23, 12);
    expect(ofKind(r, 'transition')[0]).toMatchObject({ round: 2, from: 'talks', to: 'considering', event: 'OFFER_RECEIVED' });
    // The strategy waited until the offer was on the table, then accepted: a deal on SQM's terms.
    expect(ofKind(r, 'move').map((m) => [m.round, m.move])).toEqual([[2, 'acceptTheirs']]);
    expect(r.outcome).toBe('deal');
    expect(r.dealRound).toBe(2);
    expect(metric(r, 0)).toBeCloseTo(0.23, 12);
    expect(metric(r, 1)).toBe(0); // the price nobody offered stays at the minimum
  });

  it('lets an event branch offer with self = the track: 0.23 + 0.02 = 0.25 in round 4, with the event it names', () => {
    const r = play(fixture(), 'holdForMore');
    const offers = ofKind(r, 'offer');
    expect(offers.map((o) => [o.round, o.from, o.event])).toEqual([
      [2, 'sqmOffer', 'OFFER_RECEIVED'],
      [4, 'sqmImproves', 'IMPROVED'],
    ]);
    expect(offers[1]!.terms!.royalty).toBeCloseTo(0.25, 12);
    expect(r.dealRound).toBe(4);
    expect(metric(r, 0)).toBeCloseTo(0.25, 12);
  });

  it('keeps tracks.<id>.received true from the offer until the host moves on the track, and false again after', () => {
    const scenario = load(fixture());
    const sim = new Simulation(scenario, createMemos(scenario), 'offers', 0);
    const received = () => sim.trackView(0).received;
    const seen: boolean[] = [];
    for (let round = 0; round < 4; round++) {
      sim.beginRound();
      seen.push(received());
      if (round === 3) sim.makeMoves([{ move: scenario.moves.get('sqm.propose')! }]);
      else sim.makeMoves([]);
    }
    expect(seen).toEqual([false, false, true, true]);
    expect(received()).toBe(false); // the proposal (refused) answered it
    expect(sim.trackView(0).terms.royalty).toBeCloseTo(0.23, 12); // the terms stay on the table
  });

  it('undo restores whether an offer is waiting (snapshots keep received)', () => {
    const scenario = load(fixture());
    const sim = new Simulation(scenario, createMemos(scenario), 'offers', 0);
    for (let round = 0; round < 3; round++) {
      sim.beginRound();
      if (round < 2) sim.makeMoves([]);
    }
    const waiting = sim.snapshot();
    expect(waiting.tracks[0]!.received).toBe(true);
    sim.makeMoves([{ move: scenario.moves.get('sqm.propose')! }]);
    expect(sim.trackView(0).received).toBe(false);
    sim.restore(waiting);
    expect(sim.trackView(0).received).toBe(true);
    expect(JSON.parse(JSON.stringify(waiting))).toEqual(waiting);
  });

  it('leaves a finished track alone: no terms change after its deal is signed, and the trace says the offer was ignored', () => {
    const s = fixture();
    // A second track that never finishes, so the run goes on after SQM's deal in round 0.
    s.tracks.other = { label: 'Other', counterpart: 'sqm', machine: { initial: 'open', states: { open: {} } } };
    const r = play(s, 'proposeNow');
    expect(r.dealRound).toBe(0);
    const offers = ofKind(r, 'offer');
    expect(offers.map((o) => [o.round, o.terms])).toEqual([
      [2, undefined],
      [4, undefined],
    ]);
    expect(metric(r, 0)).toBe(0.1);
  });

  it('chooses the same moves with generated rule tests and the reference chooser when rules read received, without hand-overs', () => {
    const scenario = load(fixture());
    for (const strategy of ['takeTheirs', 'holdForMore']) {
      const before = handOvers.strategyRules;
      for (let run = 0; run < 20; run++) {
        const generated = play(scenario, strategy, { run });
        const reference = play(scenario, strategy, { run, generated: false });
        expect(JSON.stringify(generated)).toBe(JSON.stringify(reference));
      }
      expect(handOvers.strategyRules).toBe(before);
    }
  });

  it("a negotiator's counter-offer counts as their terms on the table: received after a counter, not after the host's own offer is accepted", () => {
    const s = JSON.parse(readFileSync(`${repoRoot}test/fixtures/negotiation/conceder.json`, 'utf8')) as Json;
    const scenario = load(s);
    const sim = new Simulation(scenario, createMemos(scenario), 'n', 0, { trace: true });
    const strategy = strategyChooser(scenario.strategies.get('fixedOffer')!);
    const seen: [string, boolean][] = [];
    while (sim.phase !== 'done') {
      sim.playRound(strategy);
      const decision = (sim.trace ?? []).filter((e) => e.kind === 'negotiation').at(-1) as Extract<TraceEntry, { kind: 'negotiation' }>;
      seen.push([decision.decision, sim.trackView(0).received]);
    }
    // The conceder counters while its target is above the offer of 50, then accepts it.
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.slice(0, -1).every(([d, received]) => d === 'counter' && received)).toBe(true);
    expect(seen.at(-1)).toEqual(['accept', false]);
  });
});
