import { describe, expect, it } from 'vitest';
import { guardLines } from '../../src/report/track-diagram-model.js';

describe('guardLines: a guard as the lines of a diagram label', () => {
  it('keeps a short guard on one line', () => {
    expect(guardLines('self.rounds >= param.patience')).toEqual(['self.rounds >= param.patience']);
  });

  it('breaks after each top-level && and ||, never inside parentheses or quotes, and loses no word', () => {
    const guard = "world.portfolio && (tracks.us.deal || tracks.eu.deal) && world.mode != 'a && b' && self.rounds >= 2.0";
    const lines = guardLines(guard, 40);
    expect(lines).toEqual(['world.portfolio &&', '(tracks.us.deal || tracks.eu.deal) &&', "world.mode != 'a && b' &&", 'self.rounds >= 2.0']);
    expect(lines.join(' ')).toBe(guard);
  });

  it('wraps a long clause between words, collapsing the spaces of a guard written over lines', () => {
    const lines = guardLines('round  -  world.usTouch >= param.contactGapMonths +\n (self.state == \'active.study\' ? param.studyPatienceExtra : 0.0)', 40);
    expect(lines.every((l) => l.length <= 40)).toBe(true);
    expect(lines.join(' ')).toBe("round - world.usTouch >= param.contactGapMonths + (self.state == 'active.study' ? param.studyPatienceExtra : 0.0)");
  });

  it('past the line limit keeps every comparison operator and right-hand side, eliding the middle of long left-hand sides', () => {
    const clauses = ['tracks.canadaSwiss.rounds >= 3.0', 'world.canadaSwissRelations > 0.5', 'tracks.unitedStates.stage < 4.0', 'world.exportControlsLevel <= 2.0'];
    const lines = guardLines(clauses.join(' && '), 28, 4);
    expect(lines).toHaveLength(4);
    for (const [i, tail] of ['>= 3.0 &&', '> 0.5 &&', '< 4.0 &&', '<= 2.0'].entries()) expect(lines[i]).toContain(tail);
    expect(lines[0]).toContain('…');
  });

  it('past the line limit even so, keeps the first lines and the last, with "…" between', () => {
    const guard = Array.from({ length: 12 }, (_, i) => `world.v${i} > ${i}.0`).join(' || ');
    const lines = guardLines(guard, 20, 5);
    expect(lines).toEqual(['world.v0 > 0.0 ||', 'world.v1 > 1.0 ||', 'world.v2 > 2.0 ||', '…', 'world.v11 > 11.0']);
  });
});
