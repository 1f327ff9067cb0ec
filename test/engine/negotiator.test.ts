import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { repoRoot } from '../load-fixture.js';
import { loadScenarioWithDocument } from '../../src/scenario/load-scenario-with-document.js';
import { createMemos, Simulation, type RunResult } from '../../src/engine/simulation.js';
import { strategyChooser } from '../../src/engine/strategy-rules.js';
import type { CompiledScenario } from '../../src/scenario/compiled-scenario.js';
import type { TraceEntry } from '../../src/engine/trace-entry.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const conceder = (): Json => JSON.parse(readFileSync(`${repoRoot}test/fixtures/negotiation/conceder.json`, 'utf8')) as Json;

function load(s: Json): CompiledScenario {
  const { scenario, problems } = loadScenarioWithDocument(JSON.stringify(s, null, 2), 'fixture.json');
  if (!scenario) throw new Error(problems.map((p) => `${p.code} ${p.path.join('.')} ${p.message}`).join('; '));
  return scenario;
}

function play(s: Json, strategy: string, run = 0): RunResult {
  const scenario = load(s);
  return new Simulation(scenario, createMemos(scenario), 'n', run, { trace: true }).runToEnd(strategyChooser(scenario.strategies.get(strategy)!));
}

/** The seller's counter-offer price at round t, by hand: the lowest grid price worth at least its target. */
function handCounter(t: number, e: number, deadline: number, reservation: number): number {
  const target = reservation + (1 - reservation) * (1 - Math.min(1, t / deadline) ** (1 / e));
  return Math.ceil(100 * target - 1e-9);
}

describe('a negotiating counterpart (time-dependent concession, AC_next)', () => {
  for (const e of [0.5, 1, 2, 4]) {
    for (const price of [35, 50, 70]) {
      it(`accepts a fixed offer of ${price} in the first round its own counter-offer is no better for it, with the counter-offers computed by hand (e = ${e})`, () => {
        const s = conceder();
        s.parameters.e.dist.value = e;
        s.strategies.fixedOffer.rules[0].offer.price = price;
        const result = play(s, 'fixedOffer');
        // By hand: the first round whose counter-offer is at or below the offer (and the offer at or above the reservation 0.3).
        let round = 0;
        while (handCounter(round, e, 10, 0.3) > price) round++;
        expect(result.outcome).toBe('deal');
        expect(result.dealRound).toBe(round);
        expect(result.metrics[0]).toBe(price);
        const decisions = (result.trace ?? []).filter((x): x is Extract<TraceEntry, { kind: 'negotiation' }> => x.kind === 'negotiation');
        expect(decisions.map((d) => d.decision)).toEqual([...Array(round).fill('counter'), 'accept']);
        decisions.slice(0, round).forEach((d, t) => expect(d.counter.price, `round ${t}`).toBe(handCounter(t, e, 10, 0.3)));
      });
    }
  }

  it('never accepts below its reservation, however late (the offer 25 is worth 0.25 < 0.3)', () => {
    const s = conceder();
    s.strategies.fixedOffer.rules[0].offer.price = 25;
    const result = play(s, 'fixedOffer');
    expect(result.outcome).toBe('noDeal');
    const last = (result.trace ?? []).filter((x) => x.kind === 'negotiation').at(-1) as Extract<TraceEntry, { kind: 'negotiation' }>;
    expect(last.counter.price).toBe(30);
    expect(last.reason).toMatch(/less than its reservation/);
  });

  it('gives an identical offer in an unchanged world the same answer (no draw decides it)', () => {
    const s = conceder();
    const results = [0, 1, 2, 3].map((run) => play(s, 'fixedOffer', run));
    expect(new Set(results.map((r) => `${r.dealRound}:${r.metrics[0]}`)).size).toBe(1);
  });

  it('concedes in step with the host under tit-for-tat: each host concession is mirrored, the deal meets in the middle', () => {
    const s = conceder();
    s.tracks.seller.negotiator = { concession: { type: 'titForTat', initial: 1, delta: 1 } };
    // The buyer opens at 20 and raises by 5 a month (its offer worth 0.05 more to the seller each time).
    s.tracks.seller.moves.offer.offer.price.default = 20;
    s.strategies = {
      raise: {
        label: 'Raise by 5 each month',
        rules: [0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => ({ when: `round == ${k}.0`, move: 'seller.offer', offer: { price: 20 + 5 * k } })),
      },
    };
    const result = play(s, 'raise');
    const decisions = (result.trace ?? []).filter((x): x is Extract<TraceEntry, { kind: 'negotiation' }> => x.kind === 'negotiation');
    // Target 1.0, then 0.95, 0.90, ...: the seller counters 100, 95, 90, ...; the buyer offers 20, 25, 30, ...
    expect(decisions.slice(0, 4).map((d) => d.counter.price)).toEqual([100, 95, 90, 85]);
    // They meet where 20 + 5k >= 100 - 5k: k = 8, price 60.
    expect(result.outcome).toBe('deal');
    expect(result.dealRound).toBe(8);
    expect(result.metrics[0]).toBe(60);
  });

  it("accepts the Rubinstein split, within the grid's step, when its reservation is its discounted share as the next proposer", () => {
    // Alternating offers with discount factors d1 (host) and d2 (counterpart): the host's equilibrium
    // share is x* = (1 - d2) / (1 - d1 d2); the counterpart accepts a share of at least d2 times what it
    // would get proposing next, d2 (1 - d1) / (1 - d1 d2) = 1 - x*.
    for (const [d1, d2] of [
      [0.9, 0.9],
      [0.95, 0.8],
      [0.7, 0.9],
    ] as const) {
      const xStar = (1 - d2) / (1 - d1 * d2);
      const s = conceder();
      s.parties.seller.reservation = `${d2} * (1.0 - ${d1}) / (1.0 - ${d1} * ${d2})`;
      s.tracks.seller.negotiator = { concession: { type: 'time', e: 1, deadline: 1 }, acceptance: 'reservation' };
      // The host's share is 1 - price/100: it offers the largest share the counterpart accepts, found by asking it.
      const scenario = load(s);
      const accepted = (price: number) => {
        const sim = new Simulation(scenario, createMemos(scenario), 'n', 0);
        sim.beginRound();
        const move = sim.availableMoves()[0]!;
        return sim.responseProbabilities({ move, offer: { price } })[0]!.p === 1;
      };
      let price = 0;
      while (!accepted(price)) price++;
      const hostShare = 1 - price / 100;
      expect(Math.abs(hostShare - xStar), `d1 ${d1}, d2 ${d2}`).toBeLessThanOrEqual(0.01);
      expect(accepted(price - 1)).toBe(false);
    }
  });

  it('refuses a decision response on a track without a negotiator, and a number issue without a step, at their places', () => {
    const a = conceder();
    delete a.tracks.seller.negotiator;
    const b = conceder();
    delete b.issues.price.step;
    const c = conceder();
    c.tracks.seller.moves.offer.responses[0].p = 0.5;
    const codes = (s: Json) => loadScenarioWithDocument(JSON.stringify(s, null, 2), 'f.json').problems.map((p) => `${p.code} ${p.path.join('.')}`);
    expect(codes(a)).toContain('E_NO_NEGOTIATOR tracks.seller.moves.offer.responses.0.decision');
    expect(codes(b)).toContain('E_NEGOTIATION_GRID tracks.seller.moves.offer.offer.price');
    expect(codes(c)).toContain('E_DECISION_WITH_P tracks.seller.moves.offer.responses.0.p');
  });

  it('keeps tit-for-tat memory in snapshots, so undo replays the same decisions', () => {
    const s = conceder();
    s.tracks.seller.negotiator = { concession: { type: 'titForTat', initial: 1, delta: 1 } };
    s.strategies = { raise: { label: 'Raise', rules: [0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => ({ when: `round == ${k}.0`, move: 'seller.offer', offer: { price: 20 + 5 * k } })) } };
    const scenario = load(s);
    const choose = strategyChooser(scenario.strategies.get('raise')!);
    const sim = new Simulation(scenario, createMemos(scenario), 'n', 0);
    for (let r = 0; r < 3; r++) sim.playRound(choose);
    const snap = JSON.parse(JSON.stringify(sim.snapshot()));
    const straight = sim.runToEnd(choose);
    const again = new Simulation(scenario, createMemos(scenario), 'n', 0);
    again.restore(snap);
    expect(again.runToEnd(choose)).toEqual(straight);
  });
});
