import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { repoRoot } from '../load-fixture.js';
import { loadScenarioWithDocument } from '../../src/scenario/load-scenario-with-document.js';
import { createMemos, Simulation } from '../../src/engine/simulation.js';
import { strategyChooser } from '../../src/engine/strategy-rules.js';
import type { CompiledScenario } from '../../src/scenario/compiled-scenario.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const base = (): Json => JSON.parse(readFileSync(`${repoRoot}test/fixtures/lint/clean.json`, 'utf8')) as Json;

function load(s: Json): CompiledScenario {
  const { scenario, problems } = loadScenarioWithDocument(JSON.stringify(s, null, 2), 'fixture.json');
  if (!scenario) throw new Error(problems.map((p) => `${p.code} ${p.message}`).join('; '));
  return scenario;
}

describe('reservations', () => {
  it('may read self: the value depends on the track it is read on, and outside a track on the empty one', () => {
    const s = base();
    // The buyer's bar rises with the stage reached on the track it is read on.
    s.parties.buyer.reservation = '0.2 + 0.1 * self.stage';
    s.tracks.vendor.moves.offer.responses[0].p = 0;
    const scenario = load(s);
    const sim = new Simulation(scenario, createMemos(scenario), 'r', 0);
    // In 'talks' (stage 1).
    expect(sim.batna(0).host).toBeCloseTo(0.3, 12);
    const result = sim.runToEnd(strategyChooser(scenario.strategies.get('offerEveryMonth')!));
    expect(result.outcome).toBe('noDeal');
    // Going alone: read outside any track, self is the empty track (stage 0).
    expect(sim.batna(0).host).toBeCloseTo(0.2, 12); // 'walked' has no stage: 0
  });

  it('refuses batna inside a reservation (it would define itself), with the file position', () => {
    const s = base();
    s.parties.buyer.reservation = 'batna.host + 0.1';
    const { scenario, problems } = loadScenarioWithDocument(JSON.stringify(s, null, 2), 'fixture.json');
    expect(scenario).toBeUndefined();
    expect(problems.some((p) => p.path.join('.') === 'parties.buyer.reservation' && /batna/.test(p.message))).toBe(true);
  });

  it("records each side's margin over its reservation at signing, negative when a side signs below it", () => {
    const s = base();
    // The vendor accepts any price at once; the host offers 12 (vendor's utility 0.2 < its reservation 0.3).
    s.tracks.vendor.moves.offer.responses[0].p = 1;
    s.tracks.vendor.moves.offer.offer.price.default = 12;
    const scenario = load(s);
    const result = new Simulation(scenario, createMemos(scenario), 'r', 0).runToEnd(strategyChooser(scenario.strategies.get('offerEveryMonth')!));
    expect(result.outcome).toBe('deal');
    expect(result.dealMargin!.counterpart).toBeCloseTo(0.2 - 0.3, 12);
    expect(result.dealMargin!.host).toBeCloseTo(0.8 - 0.2, 12);
  });

  it('has no margin for a run without a deal', () => {
    const s = base();
    s.tracks.vendor.moves.offer.responses[0].p = 0;
    const scenario = load(s);
    const result = new Simulation(scenario, createMemos(scenario), 'r', 0).runToEnd(strategyChooser(scenario.strategies.get('offerEveryMonth')!));
    expect(result.dealMargin).toBeUndefined();
  });
});

describe('portfolios of deals', () => {
  it('name every track in a deal state at the end, and outcomes can read them as deals', () => {
    const s = base();
    // A second vendor, and deal states that leave the other track open: both can sign.
    s.tracks.second = JSON.parse(JSON.stringify(s.tracks.vendor));
    s.tracks.second.label = 'Second vendor';
    s.tracks.second.machine.id = 'second';
    s.tracks.vendor.moves.offer.responses[0].p = 1;
    s.tracks.second.moves.offer.responses[0].p = 1;
    s.strategies.offerEveryMonth.rules.push({ move: 'second.offer' });
    s.clock.movesPerRound = 2;
    s.outcomes = {
      both: { label: 'Both', when: "'vendor' in deals && 'second' in deals", deal: true },
      one: { label: 'One', when: 'size(deals) == 1', deal: true },
      none: { label: 'None' },
    };
    delete s.expectations;
    delete s.metrics;
    const scenario = load(s);
    const result = new Simulation(scenario, createMemos(scenario), 'r', 0).runToEnd(strategyChooser(scenario.strategies.get('offerEveryMonth')!));
    expect(result.dealSet).toBe('vendor+second');
    expect(result.outcome).toBe('both');
    expect(result.dealTrack).toBe('vendor');
  });
});
