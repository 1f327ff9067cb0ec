import { describe, expect, it } from 'vitest';
import { load } from '../load-fixture.js';

/** A minimal scenario with one parameter, as given. */
function withParameter(parameter: Record<string, unknown>): string {
  return JSON.stringify(
    {
      formatVersion: 1,
      id: 'x',
      title: 'x',
      question: 'x',
      clock: { start: '2026-01', horizon: 2 },
      parameters: { pAccept: parameter },
      parties: { h: { label: 'H', role: 'host' }, c: { label: 'C', role: 'counterpart' } },
      tracks: {
        c: {
          label: 'C',
          counterpart: 'c',
          machine: { initial: 'talks', states: { talks: { on: { OK: 'done' } }, done: { type: 'final' } } },
          moves: { ask: { label: 'Ask', responses: [{ p: 'param.pAccept', event: 'OK' }, {}] } },
        },
      },
      strategies: { s: { label: 'S', rules: [{ move: 'c.ask' }] } },
      outcomes: { any: { label: 'Any' } },
    },
    null,
    2,
  );
}

describe('named assumptions', () => {
  it('loads a fixed-value assumption with a plausible range and swings between its ends', () => {
    const { scenario, problems } = load(withParameter({ assumption: true, description: 'why', dist: { type: 'fixed', value: 0.3 }, low: 0.2, high: 0.45 }));
    expect(problems).toEqual([]);
    expect(scenario!.parameters[0]).toMatchObject({ name: 'pAccept', low: 0.2, high: 0.45 });
  });

  it('rejects a range that does not contain the value, pointing at the end that is wrong', () => {
    const text = withParameter({ assumption: true, dist: { type: 'fixed', value: 0.3 }, low: 0.35, high: 0.45 });
    const { scenario, problems } = load(text);
    expect(scenario).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'E_PARAMETER_RANGE', path: ['parameters', 'pAccept', 'low'] });
    expect(problems[0]!.message).toBe('the plausible range [0.35, 0.45] does not contain the value 0.3');
    expect(problems[0]!.hint).toMatch(/set "low" at or below 0.3/);
    const line = text.split('\n')[problems[0]!.location.line - 1]!;
    expect(line.slice(problems[0]!.location.column - 1)).toMatch(/^0.35/);
  });

  it('rejects a one-sided range on the wrong side of the value (high defaults to the value)', () => {
    const { problems } = load(withParameter({ assumption: true, dist: { type: 'fixed', value: 0.3 }, low: 0.4 }));
    expect(problems.map((p) => p.code)).toEqual(['E_PARAMETER_RANGE']);
  });

  it('rejects low above high on any distribution', () => {
    const { problems } = load(withParameter({ dist: { type: 'uniform', min: 0, max: 1 }, low: 0.8, high: 0.2 }));
    expect(problems.map((p) => [p.code, p.message])).toEqual([['E_PARAMETER_RANGE', 'low 0.8 is above high 0.2']]);
  });
});
