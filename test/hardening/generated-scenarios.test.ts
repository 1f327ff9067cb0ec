import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ScenarioProbe, violations } from './scenario-probe.js';

/**
 * Property: randomly generated scenarios (two tracks whose machines have nested and parallel states,
 * eventless transitions guarded or not, world updates and signals between the tracks) are either
 * rejected with Parley problems or run 20 runs failing only with SimulationError, and never hang.
 * An unguarded eventless cycle that the loader misses would hang XState for ever: the probe's worker
 * is killed after a timeout and the property fails with its seed.
 */
const GUARDS = ['world.x > 0.5', 'world.x >= 0.0', 'self.rounds >= 1.0', 'world.flag', '!world.flag', 'round > 2.0'];
const EVENTS = ['GO', 'TICK', 'PING'];

interface StateShape {
  readonly kind: 'atomic' | 'compound' | 'parallel' | 'final';
  readonly children: number;
}

const stateShapeArb: fc.Arbitrary<StateShape> = fc.record({
  kind: fc.constantFrom('atomic', 'atomic', 'atomic', 'compound', 'parallel', 'final'),
  children: fc.integer({ min: 2, max: 3 }),
});

/** Paths of every state in a machine of top-level shapes (children named c0.., regions r0..). */
function statePaths(shapes: readonly StateShape[]): string[] {
  const out: string[] = [];
  shapes.forEach((s, i) => {
    const top = `s${i}`;
    out.push(top);
    if (s.kind === 'compound') for (let c = 0; c < s.children; c++) out.push(`${top}.c${c}`);
    if (s.kind === 'parallel') for (let r = 0; r < 2; r++) {
      out.push(`${top}.r${r}`);
      for (let c = 0; c < 2; c++) out.push(`${top}.r${r}.c${c}`);
    }
  });
  return out;
}

interface TransitionChoice {
  readonly target: number;
  readonly guard: number; // index into GUARDS, or -1 for none
  readonly effect: number; // 0 none, 1 set x, 2 flip flag, 3 signal the other track
}

const transitionArb: fc.Arbitrary<TransitionChoice> = fc.record({
  // Small targets and frequent unguarded transitions, so eventless cycles are common.
  target: fc.nat({ max: 6 }),
  guard: fc.oneof(fc.constant(-1), fc.integer({ min: -1, max: GUARDS.length - 1 })),
  effect: fc.integer({ min: 0, max: 3 }),
});

interface MachineChoice {
  readonly shapes: readonly StateShape[];
  /** Per state path index (modulo), eventless transitions and event transitions. */
  readonly always: readonly { at: number; list: readonly TransitionChoice[] }[];
  readonly on: readonly { at: number; event: number; transition: TransitionChoice }[];
}

const machineArb: fc.Arbitrary<MachineChoice> = fc.record({
  shapes: fc.array(stateShapeArb, { minLength: 2, maxLength: 5 }),
  always: fc.array(fc.record({ at: fc.nat({ max: 6 }), list: fc.array(transitionArb, { minLength: 1, maxLength: 2 }) }), { maxLength: 5 }),
  on: fc.array(fc.record({ at: fc.nat(), event: fc.nat({ max: EVENTS.length - 1 }), transition: transitionArb }), { minLength: 1, maxLength: 6 }),
});

function buildMachine(id: string, other: string, m: MachineChoice): Record<string, unknown> {
  const paths = statePaths(m.shapes);
  const nodes = new Map<string, Record<string, any>>();
  const states: Record<string, any> = {};
  m.shapes.forEach((s, i) => {
    const top: Record<string, any> = {};
    states[`s${i}`] = top;
    nodes.set(`s${i}`, top);
    if (s.kind === 'final') top.type = 'final';
    if (s.kind === 'compound') {
      top.initial = 'c0';
      top.states = {};
      for (let c = 0; c < s.children; c++) nodes.set(`s${i}.c${c}`, (top.states[`c${c}`] = {}));
    }
    if (s.kind === 'parallel') {
      top.type = 'parallel';
      top.states = {};
      for (let r = 0; r < 2; r++) {
        const region: Record<string, any> = { initial: 'c0', states: {} };
        top.states[`r${r}`] = region;
        nodes.set(`s${i}.r${r}`, region);
        for (let c = 0; c < 2; c++) nodes.set(`s${i}.r${r}.c${c}`, (region.states[`c${c}`] = {}));
      }
    }
  });
  const isFinal = (path: string) => m.shapes[Number(path.split('.')[0]!.slice(1))]!.kind === 'final' && !path.includes('.');
  const transition = (t: TransitionChoice) => {
    const out: Record<string, unknown> = { target: `#${id}.${paths[t.target % paths.length]}` };
    if (t.guard >= 0) out.guard = { type: 'when', params: { expr: GUARDS[t.guard] } };
    if (t.effect === 1) out.actions = [{ type: 'set', params: { x: 'world.x + 0.25' } }];
    if (t.effect === 2) out.actions = [{ type: 'set', params: { flag: '!world.flag' } }];
    if (t.effect === 3) out.actions = [{ type: 'signal', params: { to: other, event: 'PING' } }];
    return out;
  };
  for (const a of m.always) {
    const path = paths[a.at % paths.length]!;
    if (isFinal(path)) continue;
    nodes.get(path)!.always = a.list.map(transition);
  }
  for (const o of m.on) {
    const path = paths[o.at % paths.length]!;
    if (isFinal(path)) continue;
    const node = nodes.get(path)!;
    node.on = { ...(node.on ?? {}), [EVENTS[o.event]!]: transition(o.transition) };
  }
  return { id, initial: 's0', states };
}

function buildScenario(a: MachineChoice, b: MachineChoice): string {
  const track = (id: string, other: string, m: MachineChoice) => ({
    label: id,
    counterpart: 'them',
    machine: buildMachine(id, other, m),
    moves: { go: { label: 'Go', responses: [{ p: 0.5, event: 'GO' }, { label: 'no', event: 'PING' }] } },
  });
  return JSON.stringify(
    {
      formatVersion: 1,
      id: 'generated',
      title: 'Generated',
      question: 'Does it load, run and stop?',
      clock: { start: '2026-01', horizon: 8, movesPerRound: 2 },
      world: { x: { type: 'number', initial: 0, min: 0, max: 1 }, flag: { type: 'boolean', initial: false } },
      parties: { me: { label: 'Me', role: 'host' }, them: { label: 'Them', role: 'counterpart' } },
      tracks: { a: track('a', 'b', a), b: track('b', 'a', b) },
      events: { pulse: { label: 'Pulse', once: false, p: 0.5, signals: [{ to: '*', event: 'PING' }] } },
      strategies: { s: { label: 'S', mode: 'weighted', rules: [{ move: 'a.go' }, { move: 'b.go' }, { move: 'wait' }] } },
      outcomes: { any: { label: 'Any' } },
    },
    null,
    2,
  );
}

const probe = new ScenarioProbe(20_000);
afterAll(() => probe.close());

describe('generated scenarios with eventless transitions, nesting and signals', () => {
  it('are rejected with Parley problems or run without hanging, failing only with SimulationError', async () => {
    const seen = { loaded: 0, loops: 0, budget: 0, runs: 0 };
    await fc.assert(
      fc.asyncProperty(machineArb, machineArb, async (a, b) => {
        const text = buildScenario(a, b);
        const answer = await probe.probe(text, { file: 'generated.json' });
        const found = violations(answer, text, 'generated.json');
        if (found.length > 0) throw new Error(`${found.join('\n')}\n--- generated file ---\n${text}`);
        if (answer.loaded) seen.loaded++;
        if (answer.problems.some((p) => p.code === 'E_EVENTLESS_LOOP')) seen.loops++;
        if (answer.runErrors.some((e) => e.code === 'E_STEP_BUDGET')) seen.budget++;
        seen.runs += answer.runsDone;
      }),
      { numRuns: 300, endOnFailure: false },
    );
    // The generator must reach all three situations the property is about.
    expect(seen.loaded).toBeGreaterThan(30);
    expect(seen.loops).toBeGreaterThan(5);
    expect(seen.budget).toBeGreaterThan(0);
  });
});
