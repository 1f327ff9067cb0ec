import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { repoRoot } from '../load-fixture.js';
import { loadScenarioWithDocument } from '../../src/scenario/load-scenario-with-document.js';
import { lintScenario } from '../../src/lint/lint-scenario.js';
import { lintRules } from '../../src/lint/lint-rules.js';
import { samplePositions } from '../../src/lint/sample-positions.js';

const text = readFileSync(`${repoRoot}test/fixtures/lint/clean.json`, 'utf8');
const { scenario, document } = loadScenarioWithDocument(text, 'clean.json');

/**
 * lint's sampled rules play the scenario; a large file (many rounds times many moves) made that run
 * for minutes. Sampling stops at a counted budget of work, and the sampled rules are then skipped
 * with W_LINT_BUDGET rather than run on part of the runs asked for.
 */
describe("lint's sampling budget", () => {
  it('stops sampling when the budget is spent, saying how many runs fitted', () => {
    const full = samplePositions(scenario!, { exploreRuns: 40, strategyRuns: 10 });
    expect(full.exhausted).toBeUndefined();
    const cut = samplePositions(scenario!, { exploreRuns: 40, strategyRuns: 10, budget: 200 });
    expect(cut.exhausted).toBeDefined();
    expect(cut.exhausted!.runs).toBeLessThan(full.runs);
    expect(cut.runs).toBe(cut.exhausted!.runs);
    expect(cut.exhausted!.requested).toBe(full.runs);
    // Stopping is not a failure of the scenario.
    expect(cut.failures).toEqual([]);
  });

  it('skips the sampled rules with one W_LINT_BUDGET warning at 1:1, and keeps the static rules', () => {
    let sampledChecks = 0;
    const rules = [
      ...lintRules.filter((r) => !r.sampled),
      { ...lintRules.find((r) => r.sampled)!, check: (ctx: Parameters<(typeof lintRules)[number]['check']>[0]) => (sampledChecks++, ctx.samples(), []) },
    ];
    const problems = lintScenario(scenario!, document!, { exploreRuns: 40, strategyRuns: 10, budget: 1, rules });
    expect(problems.map((p) => [p.code, p.location.line, p.location.column])).toEqual([['W_LINT_BUDGET', 1, 1]]);
    expect(problems[0]!.message).toMatch(/the \d+ runs they play exceed lint's budget \(1 move and event checks; 0 runs fitted\)/);
    expect(problems[0]!.hint).toContain('--static');
    expect(sampledChecks).toBe(0);

    const within = lintScenario(scenario!, document!, { exploreRuns: 40, strategyRuns: 10, rules });
    expect(within).toEqual([]);
    expect(sampledChecks).toBe(1);
  });
});
