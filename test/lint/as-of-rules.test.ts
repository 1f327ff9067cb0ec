import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { repoRoot } from '../load-fixture.js';
import { loadScenarioWithDocument } from '../../src/scenario/load-scenario-with-document.js';
import { lintScenario } from '../../src/lint/lint-scenario.js';
import { sourceAfterAsOf } from '../../src/lint/rules/source-after-as-of.js';
import { scheduledEventAfterAsOf } from '../../src/lint/rules/scheduled-event-after-as-of.js';

const FIXTURE = 'test/fixtures/lint/as-of.json';
const fixtureText = readFileSync(`${repoRoot}${FIXTURE}`, 'utf8');

function lintAsOf(text: string) {
  const { scenario, document, problems } = loadScenarioWithDocument(text, FIXTURE);
  if (!scenario || !document) throw new Error(problems.map((p) => `${p.code} ${p.message}`).join('; '));
  return lintScenario(scenario, document, { rules: [sourceAfterAsOf, scheduledEventAfterAsOf] });
}

function textAt(text: string, line: number, column: number): string {
  return text.split('\n')[line - 1]!.slice(column - 1);
}

describe('the as-of lint rules', () => {
  it('flag exactly what lint can tell was not known at asOf, each at its place', () => {
    const problems = lintAsOf(fixtureText);
    const expected: [string, string][] = [
      ['W_SOURCE_AFTER_AS_OF', '"febReport"'],
      ['W_SCHEDULED_AFTER_AS_OF', '"2026-03"'],
      ['W_SOURCE_AFTER_AS_OF', '"2026-03"'],
    ];
    expect(problems.map((p) => p.code)).toEqual(expected.map(([code]) => code));
    problems.forEach((p, i) => expect(textAt(fixtureText, p.location.line, p.location.column).startsWith(expected[i]![1])).toBe(true));
    expect(problems[0]!.message).toContain("parameter 'patience' cites 'febReport', dated 2026-02-03, after asOf 2026-01-15");
    expect(problems[1]!.message).toContain("event 'budgetVote' is scheduled for 2026-03");
    expect(problems[2]!.message).toContain("source 'marchAnalysis'");
  });

  it('do not call a source dated only to asOf\'s month "after" it, nor a source the resolution cites', () => {
    const messages = lintAsOf(fixtureText).map((p) => p.message).join('\n');
    expect(messages).not.toContain('janNote');
    expect(messages).not.toContain('outcomeReport');
  });

  it('do not flag an announced, an uncertain or a news-only scheduled event', () => {
    const messages = lintAsOf(fixtureText).map((p) => p.message).join('\n');
    for (const id of ['summit', 'maybeStrike', 'pressRelease']) expect(messages).not.toContain(`'${id}'`);
  });

  it('say nothing about a scenario without asOf', () => {
    const s = JSON.parse(fixtureText);
    delete s.asOf;
    delete s.resolution;
    expect(lintAsOf(JSON.stringify(s, null, 2))).toEqual([]);
  });

  it('flag a scheduled round, not only a date, once it starts after asOf', () => {
    const s = JSON.parse(fixtureText);
    s.events.budgetVote.at = 1; // round 1 starts on 2026-02-01
    const problems = lintAsOf(JSON.stringify(s, null, 2)).filter((p) => p.code === 'W_SCHEDULED_AFTER_AS_OF');
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining("event 'budgetVote' is scheduled for 2026-02")]);
    s.events.budgetVote.at = 0;
    expect(lintAsOf(JSON.stringify(s, null, 2)).filter((p) => p.code === 'W_SCHEDULED_AFTER_AS_OF')).toEqual([]);
  });
});
