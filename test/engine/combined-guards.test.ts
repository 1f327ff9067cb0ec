import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { load, repoRoot } from '../load-fixture.js';
import { runOnce } from '../../src/engine/run-once.js';
import { createMemos } from '../../src/engine/simulation.js';
import type { CompiledScenario } from '../../src/scenario/compiled-scenario.js';

// The documented `and`/`or`/`not` guards (JSON, as Stately's editor writes them) must decide exactly
// as the one `when` guard with `&&`, `||` and `!` does. Before they were implemented, XState failed
// on them with "Unable to evaluate guard 'and'".
const base = readFileSync(`${repoRoot}test/fixtures/bad/run-guard-evaluation-error.json`, 'utf8');
const AGREE = '"AGREE": { "target": "signed", "guard": { "type": "when", "params": { "expr": "dyn(world).nothing >= 4.0" } } }';
const TICK = '"TICK": { "guard": { "type": "when", "params": { "expr": "self.rounds >= 4.0" } }, "target": "lapsed" }';
const when = (expr: string) => ({ type: 'when', params: { expr } });

function scenarioWith(agree: unknown, tick: unknown): CompiledScenario {
  const text = base
    .replace(AGREE, `"AGREE": ${JSON.stringify({ target: 'signed', guard: agree })}`)
    .replace(TICK, `"TICK": ${JSON.stringify({ target: 'lapsed', guard: tick })}`);
  const { scenario, problems } = load(text);
  if (!scenario) throw new Error(problems.map((p) => `${p.code} ${p.message}`).join('\n'));
  return scenario;
}

const cases: { name: string; agree: unknown; tick: unknown; same: [string, string] }[] = [
  {
    name: 'and of a condition and a not',
    agree: { type: 'and', guards: [when("world.phase == 'tense'"), { type: 'not', guards: [when('world.pressure > 0.9')] }] },
    tick: { type: 'or', guards: [when('self.rounds >= 4.0'), when('round >= 3.0 && world.pressure < 0.6')] },
    same: ["world.phase == 'tense' && !(world.pressure > 0.9)", 'self.rounds >= 4.0 || (round >= 3.0 && world.pressure < 0.6)'],
  },
  {
    name: 'nested or inside and inside not',
    agree: { type: 'not', guards: [{ type: 'and', guards: [when('world.pressure < 0.75'), { type: 'or', guards: [when("world.phase == 'calm'"), when('round < 1.0')] }] }] },
    tick: { type: 'and', guards: [when('self.rounds >= 1.0'), when("world.phase == 'tense'")] },
    same: ["!(world.pressure < 0.75 && (world.phase == 'calm' || round < 1.0))", "self.rounds >= 1.0 && world.phase == 'tense'"],
  },
];

describe('and/or/not guards', () => {
  for (const c of cases) {
    it(`decide as the equivalent single condition does on 300 seeds, memoised and not (${c.name})`, () => {
      const combined = scenarioWith(c.agree, c.tick);
      const single = scenarioWith(when(c.same[0]), when(c.same[1]));
      const reference = createMemos(combined, { cache: false });
      const ends = new Set<string>();
      for (let seed = 0; seed < 300; seed++) {
        const a = runOnce(combined, { seed: `g-${seed}`, run: seed, trace: true });
        const b = runOnce(single, { seed: `g-${seed}`, run: seed, trace: true });
        const r = runOnce(combined, { seed: `g-${seed}`, run: seed, trace: true, memos: reference });
        expect(JSON.stringify(a), `seed g-${seed}`).toBe(JSON.stringify(b));
        expect(JSON.stringify(r), `seed g-${seed}`).toBe(JSON.stringify(a));
        ends.add(`${a.outcome} ${a.rounds}`);
      }
      // Both guards matter: runs end in more than one way.
      expect(ends.size).toBeGreaterThan(1);
    });
  }
});
