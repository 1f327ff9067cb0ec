import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { load, repoRoot } from '../load-fixture.js';

const base = JSON.parse(readFileSync(`${repoRoot}test/fixtures/backtest/resolved/certain-deal.json`, 'utf8'));

/** The certain-deal fixture with a change, pretty-printed; its problems as "line:column CODE message". */
function problems(change: (s: any) => void): string[] {
  const s = structuredClone(base);
  change(s);
  const text = JSON.stringify(s, null, 2);
  return load(text, 'r.json').problems.map((p) => {
    const at = text.split('\n')[p.location.line - 1]!.slice(p.location.column - 1);
    return `${p.code} ${p.message} @ ${at.trim().slice(0, 30)}`;
  });
}

describe('asOf and resolution', () => {
  it('load without problems when the outcome comes after asOf and names what exists', () => {
    expect(problems(() => {})).toEqual([]);
  });

  it('reject a resolution without asOf: a back-test needs to know when the forecast was made', () => {
    expect(problems((s) => delete s.asOf)).toEqual([expect.stringMatching(/^E_RESOLUTION_AS_OF .* @ "resolution"/)]);
  });

  it('reject an outcome and a deal dated on or before asOf', () => {
    expect(problems((s) => (s.asOf = '2026-03'))).toEqual([
      expect.stringMatching(/^E_RESOLUTION_DATE the outcome \(2026-03-15\) is not after asOf \(2026-03\).* @ "2026-03-15"/),
      expect.stringMatching(/^E_RESOLUTION_DATE the deal \(2026-03-15\) is not after asOf/),
    ]);
  });

  it('reject dates that name no real day', () => {
    expect(problems((s) => (s.asOf = '2025-02-30'))).toEqual([expect.stringMatching(/^E_DATE 2025-02-30 is not a calendar date: February 2025 has 28 days @ "2025-02-30"/)]);
  });

  it('point at an unknown outcome or strategy with a suggestion', () => {
    const found = problems((s) => {
      s.resolution.outcome = 'deel';
      s.resolution.strategy = 'waitThenSing';
    });
    expect(found).toEqual([
      expect.stringMatching(/^E_UNKNOWN_OUTCOME no outcome 'deel' @ "deel"/),
      expect.stringMatching(/^E_UNKNOWN_STRATEGY no strategy 'waitThenSing' @ "waitThenSing"/),
    ]);
  });

  it('require the deal date when the real outcome is a deal, since time to deal is scored from it', () => {
    expect(problems((s) => delete s.resolution.dealDate)).toEqual([expect.stringMatching(/^E_RESOLUTION_DEAL_DATE outcome 'deal' is a deal/)]);
  });

  it('reject a base rate that leaves an outcome out or does not sum to 1', () => {
    expect(problems((s) => (s.resolution.baseRate = { outcomes: { deal: 0.5 } }))).toEqual([
      expect.stringMatching(/^E_BASE_RATE the base rate leaves out 'noDeal'/),
      expect.stringMatching(/^E_BASE_RATE the base rate's probabilities sum to 0.5, not 1/),
    ]);
  });

  it('reject resolution sources that are not listed', () => {
    expect(problems((s) => (s.resolution.sources = ['recrod']))).toEqual([expect.stringMatching(/^E_UNKNOWN_SOURCE no source 'recrod' @ "recrod"/)]);
  });
});
