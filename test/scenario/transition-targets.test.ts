import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { load, repoRoot } from '../load-fixture.js';
import { runOnce } from '../../src/engine/run-once.js';

// Several targets on one transition are XState's way to enter states in different regions of a
// parallel state; anywhere else XState would keep two states of one track active at once.
const base = JSON.parse(readFileSync(`${repoRoot}test/fixtures/bad/ref-two-targets.json`, 'utf8').replace(/^\/\/.*\n/gm, ''));

function withMachine(machine: unknown) {
  const s = structuredClone(base);
  s.tracks.main.machine = machine;
  return load(JSON.stringify(s, null, 2));
}

describe('transitions with several targets', () => {
  it('are refused with E_MULTIPLE_TARGETS outside a parallel state (the run used to end both lapsed and a deal)', () => {
    const { scenario, problems } = withMachine({
      initial: 'open',
      states: { open: { on: { AGREE: { target: ['signed', 'lapsed'] } } }, signed: { type: 'final', meta: { deal: true } }, lapsed: { type: 'final' } },
    });
    expect(scenario).toBeUndefined();
    expect(problems.map((p) => [p.code, p.path.join('.')])).toEqual([['E_MULTIPLE_TARGETS', 'tracks.main.machine.states.open.on.AGREE.target']]);
  });

  it('are refused when the regions differ but one target names the parallel state itself', () => {
    const { problems } = withMachine({
      id: 'main',
      initial: 'open',
      states: {
        open: { on: { AGREE: { target: ['#main.both', '#main.both.left.b'] } } },
        both: { type: 'parallel', states: { left: { initial: 'a', states: { a: {}, b: {} } }, right: { initial: 'a', states: { a: {}, b: {} } } } },
      },
    });
    expect(problems.map((p) => p.code)).toEqual(['E_MULTIPLE_TARGETS']);
  });

  it('are accepted into different regions of one parallel state, and the run enters both', () => {
    const { scenario, problems } = withMachine({
      id: 'main',
      initial: 'open',
      states: {
        open: { on: { AGREE: { target: ['#main.both.left.b', '#main.both.right.b'] } } },
        both: { type: 'parallel', states: { left: { initial: 'a', states: { a: {}, b: {} } }, right: { initial: 'a', states: { a: {}, b: {} } } } },
      },
    });
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    const result = runOnce(scenario!, { seed: 's', run: 0 });
    expect(result.finalStates[0]).toBe('both.(left.b,right.b)');
  });
});
