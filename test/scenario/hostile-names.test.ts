import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { load, repoRoot } from '../load-fixture.js';
import { runOnce } from '../../src/engine/run-once.js';

// Names that every JavaScript object inherits (toString, valueOf, hasOwnProperty) are valid
// identifiers, so a scenario may use them for world variables and states: they must behave as any
// other name. (__proto__, constructor and names that are not identifiers are refused: see
// test/fixtures/bad/proto-key-*.json and type-*-name-*.json.)
const base = JSON.parse(readFileSync(`${repoRoot}test/fixtures/bad/run-guard-evaluation-error.json`, 'utf8').replace(/^\/\/.*\n/gm, ''));

describe('world variables and states named like Object.prototype members', () => {
  it('are read and written like any other name, in the generated and the traced path alike', () => {
    const s = structuredClone(base);
    s.world = {
      hasOwnProperty: { type: 'number', initial: 1 },
      valueOf: { type: 'boolean', initial: true },
      toString: { type: 'enum', values: ['a', 'b'], initial: 'a' },
      ...s.world,
    };
    const machine = s.tracks.main.machine;
    machine.states.open.on.AGREE = { target: 'toString', guard: { type: 'when', params: { expr: 'self.rounds >= 2.0' } } };
    machine.states.toString = machine.states.signed;
    delete machine.states.signed;
    Object.assign(s.tracks.main.moves.offer.effects, { hasOwnProperty: 'world.hasOwnProperty + 1.0', valueOf: '!world.valueOf', toString: "world.toString == 'a' ? 'b' : 'a'" });
    s.outcomes.deal.when = "tracks.main.state == 'toString'";
    s.metrics = {
      hop: { label: 'h', expr: 'world.hasOwnProperty' },
      vo: { label: 'v', expr: 'world.valueOf' },
      ts: { label: 't', expr: "world.toString == 'b'" },
    };
    const { scenario, problems } = load(JSON.stringify(s, null, 2));
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    for (const trace of [false, true]) {
      const r = runOnce(scenario!, { seed: '1', run: 0, trace });
      // Three offers (rounds 0-2), then the deal: 1 + 3, true flipped three times, 'a' flipped three times.
      expect(r.finalStates).toEqual(['toString']);
      expect(r.outcome).toBe('deal');
      expect(r.metrics).toEqual([4, 0, 1]);
    }
  });
});
