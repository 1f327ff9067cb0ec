import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { repoRoot } from '../load-fixture.js';
import { loadScenarioWithDocument } from '../../src/scenario/load-scenario-with-document.js';
import { lintScenario } from '../../src/lint/lint-scenario.js';
import { bareJudgement } from '../../src/lint/rules/bare-judgement.js';
import { assumptionWithoutRange } from '../../src/lint/rules/assumption-without-range.js';
import { judgementLiterals } from '../../src/lint/judgement-literals.js';

const file = 'test/fixtures/lint/named-assumptions.json';
const text = readFileSync(`${repoRoot}${file}`, 'utf8');

function lint(source: string) {
  const { scenario, document, problems } = loadScenarioWithDocument(source, file);
  if (!scenario || !document) throw new Error(problems.map((p) => p.message).join('; '));
  return lintScenario(scenario, document, { rules: [bareJudgement, assumptionWithoutRange] });
}

/** Each problem as "line:column code <the text there>", the text cut to the flagged token. */
function described(source: string, problems: ReturnType<typeof lint>): string[] {
  const lines = source.split('\n');
  return problems.map((p) => {
    const rest = lines[p.location.line - 1]!.slice(p.location.column - 1);
    return `${p.location.line}:${p.location.column} ${p.code} ${/^("[^"]*"|[0-9.]+)/.exec(rest)?.[0] ?? rest.slice(0, 12)}`;
  });
}

describe('W_BARE_JUDGEMENT and W_ASSUMPTION_NO_RANGE', () => {
  it('flags exactly the bare numbers in probabilities, reservations and deadlines, at their line and column', () => {
    expect(described(text, lint(text))).toEqual([
      '14:5 W_ASSUMPTION_NO_RANGE "noRange"',
      '24:135 W_BARE_JUDGEMENT 0.25',
      // reservation expression: 0.5 and 0.1 (0.0 is exempt)
      '25:177 W_BARE_JUDGEMENT 0.5',
      '25:183 W_BARE_JUDGEMENT 0.1',
      // round > 9 is a deadline; self.stage >= 3 is not
      '40:104 W_BARE_JUDGEMENT 9',
      // 0.2 * world.pressure in a response's p; the literal p 0.05
      '53:98 W_BARE_JUDGEMENT 0.2',
      '54:38 W_BARE_JUDGEMENT 0.05',
      // a number before the time term, in an event's when; the text inside the string literal is ignored
      '62:99 W_BARE_JUDGEMENT 3',
      // a strategy rule's deadline
      '65:102 W_BARE_JUDGEMENT 2',
    ]);
  });

  it('gives a hint that names the number and the fix', () => {
    const p = lint(text).find((x) => x.code === 'W_BARE_JUDGEMENT')!;
    expect(p.severity).toBe('warning');
    expect(p.hint).toMatch(/move 0\.25 into a parameter with "assumption": true and "low"\/"high"/);
  });

  it('says nothing for a scenario that has not opted in', () => {
    const off = text.replace('"namedAssumptions": true', '"namedAssumptions": false');
    expect(lint(off)).toEqual([]);
  });

  it('leaves 0 and 1, stage checks and outcome conditions alone', () => {
    expect(judgementLiterals('round >= 0 && self.rounds >= 1 && self.stage >= 3', 'deadline')).toEqual([]);
    expect(judgementLiterals('clamp(1.0 - x, 0.0, 1.0)', 'probability')).toEqual([]);
    expect(judgementLiterals('tracks.a1.rounds > 12', 'deadline').map((l) => l.text)).toEqual(['12']);
    expect(judgementLiterals("self.rounds >= 6 && world.mode == 'x 7'", 'deadline')).toEqual([{ text: '6', value: 6, index: 15 }]);
    expect(judgementLiterals('round - tracks.us.entered > 4.5e0', 'deadline').map((l) => l.value)).toEqual([4.5]);
  });
});
