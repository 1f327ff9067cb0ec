import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import type { TraceEntry } from '../../src/engine/trace-entry.js';
import { keyMoments } from '../../src/ui/key-moments.js';

const file = new URL('./fixtures/duel.json', import.meta.url).pathname;
const scenario = loadScenario(readFileSync(file, 'utf8'), file).scenario!;
const stageOf = (_t: number, state: string) => ({ stage: state === 'shortlisted' ? 2 : 1, deal: state === 'contract', done: state === 'contract' });

describe('keyMoments', () => {
  it('keeps the events and moves that changed a track and leaves out those that changed only the world or nothing', () => {
    const trace: TraceEntry[] = [
      { round: 0, kind: 'event', event: 'drift', label: 'Prices drift', p: 0.5, draw: 0.1, scheduled: false },
      { round: 0, kind: 'effect', variable: 'budgetPressure', from: 0.3, to: 0.4 },
      { round: 0, kind: 'move', track: 'incumbent', move: 'incumbent.wait', label: 'Keep talking' },
      { round: 0, kind: 'choice', of: 'incumbent.wait', options: [], draw: 0.2, chosen: 'nods', normalised: false },
      // The round's tick moves a track: not the move's doing.
      { round: 0, kind: 'transition', track: 'incumbent', from: 'talks', to: 'talks', event: 'TICK' },
      { round: 1, kind: 'event', event: 'wobble', label: "Newcomer's financing wobbles", p: 0.2, draw: 0.1, scheduled: false },
      { round: 1, kind: 'signal', from: 'wobble', to: 'newcomer', event: 'COLLAPSE' },
      { round: 1, kind: 'move', track: 'newcomer', move: 'newcomer.shortlist', label: 'Shortlist the newcomer' },
      { round: 1, kind: 'choice', of: 'newcomer.shortlist', options: [], draw: 0.2, chosen: 'shortlisted', normalised: false },
      { round: 1, kind: 'transition', track: 'newcomer', from: 'bid', to: 'shortlisted', event: 'SHORTLIST' },
    ];
    const texts = keyMoments(scenario, trace, stageOf).map((m) => m.text);
    expect(texts).toEqual(["⚡ Newcomer's financing wobbles", 'You → Newcomer: Shortlist the newcomer: shortlisted', 'Newcomer: bid → shortlisted (stage 2)']);
  });
});
