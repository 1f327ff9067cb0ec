import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parley } from '../cli/run-cli.js';
import { repoRoot } from '../load-fixture.js';

const clean = 'test/fixtures/lint/clean.json';

function withWarning(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-lint-'));
  const s = JSON.parse(readFileSync(`${repoRoot}${clean}`, 'utf8'));
  s.parameters.unused = { dist: { type: 'fixed', value: 1 } };
  const file = join(dir, 'warned.json');
  writeFileSync(file, JSON.stringify(s, null, 2));
  return file;
}

describe('parley lint', () => {
  it('exits 0 and says clean for a scenario without warnings', () => {
    const r = parley(['lint', clean]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${clean}: clean`);
  });

  it('prints warnings as file:line:column, code, message and hint, and exits 0 without --strict', () => {
    const file = withWarning();
    const r = parley(['lint', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ warning W_UNUSED_PARAMETER: parameter 'unused' is never read`));
    expect(r.stderr).toContain('hint: use param.unused');
  });

  it('exits 1 on warnings with --strict', () => {
    expect(parley(['lint', '--strict', withWarning()]).code).toBe(1);
  });

  it('exits 2 when a file has errors', () => {
    const r = parley(['lint', 'scenarios/does-not-exist.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('E_FILE');
  });

  it('prints problems as JSON with --json', () => {
    const file = withWarning();
    const r = parley(['lint', '--json', file]);
    const out = JSON.parse(r.stdout) as { file: string; problems: { code: string; location: { line: number } }[] }[];
    expect(out[0]!.file).toBe(file);
    expect(out[0]!.problems.map((p) => p.code)).toEqual(['W_UNUSED_PARAMETER']);
    expect(out[0]!.problems[0]!.location.line).toBeGreaterThan(1);
  });

  it('lists its rules with --rules', () => {
    const r = parley(['lint', '--rules']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('W_UNREACHABLE_STATE');
    expect(r.stdout).toContain('W_PROBABILITY_RANGE');
  });
});

describe('parley graph', () => {
  it('draws supplier-duel as Mermaid with states, labelled edges, finals and deal states', () => {
    const r = parley(['graph', 'scenarios/supplier-duel.json']);
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out.match(/^stateDiagram-v2$/gm)).toHaveLength(2);
    expect(out).toContain('[*] --> s_talks');
    expect(out).toContain('s_talks --> s_contract : AGREE ← offer');
    expect(out).toContain('s_talks --> s_lapsed : TICK [self.rounds ≥ param.incumbentPatience]');
    expect(out).toContain('s_bid --> s_shortlisted : SHORTLIST ← shortlist');
    expect(out).toContain('s_bid --> s_collapsed : COLLAPSE ← event financingWobble');
    expect(out).toContain('s_lapsed --> [*]');
    expect(out).toContain('class s_contract deal');
    expect(out).toContain('state "shortlisted (stage 2)" as s_shortlisted');
  });

  it('draws one track as Graphviz dot with double circles for finals and a filled deal state', () => {
    const r = parley(['graph', 'scenarios/supplier-duel.json', '--track', 'newcomer', '--format', 'dot']);
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/^digraph "newcomer" \{/);
    expect(out).toContain('"newcomer.shortlisted" -> "newcomer.contract" [label="AGREE\\n← offer"]');
    expect(out).toContain('"newcomer.lost" [label="lost", shape=doublecircle');
    expect(out).toMatch(/"newcomer.contract" \[[^\]]*fillcolor="#c8f7c5"/);
    expect(out).not.toContain('incumbent.talks');
  });

  it('draws nested states as composite states', () => {
    const r = parley(['graph', 'test/fixtures/nested-machine.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/state s_\w+ \{/);
  });

  it('exits 2 naming the tracks when --track is unknown', () => {
    const r = parley(['graph', 'scenarios/supplier-duel.json', '--track', 'nobody']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no track 'nobody'");
    expect(r.stderr).toContain('incumbent, newcomer');
  });
});

describe('parley new', () => {
  it('writes a scenario that validates, lints clean under --strict, runs, and passes its test', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-new-'));
    const made = parley(['new', 'my-deal'], { cwd: dir });
    expect(made.code).toBe(0);
    const file = join(dir, 'my-deal.json');
    const text = readFileSync(file, 'utf8');
    const json = JSON.parse(text) as { $schema: string; id: string; tracks: object; strategies: object; expectations: unknown[]; events: object };
    expect(json.id).toBe('myDeal');
    expect(existsSync(join(dir, json.$schema))).toBe(true);
    expect(Object.keys(json.tracks)).toHaveLength(2);
    expect(Object.keys(json.strategies).length).toBeGreaterThanOrEqual(2);
    expect(json.expectations.length).toBeGreaterThan(0);
    expect(parley(['validate', 'my-deal.json'], { cwd: dir }).code).toBe(0);
    const lint = parley(['lint', '--strict', 'my-deal.json'], { cwd: dir });
    expect(lint.stderr).toBe('');
    expect(lint.code).toBe(0);
    expect(parley(['run', 'my-deal.json'], { cwd: dir }).code).toBe(0);
    expect(parley(['test', 'my-deal.json'], { cwd: dir }).code).toBe(0);
  });

  it('points "$schema" at the repository schema, relative to the new file', () => {
    const r = parley(['new', 'scratch-new-test'], { cwd: `${repoRoot}test/fixtures/lint` });
    try {
      expect(r.code).toBe(0);
      const json = JSON.parse(readFileSync(`${repoRoot}test/fixtures/lint/scratch-new-test.json`, 'utf8')) as { $schema: string };
      expect(json.$schema).toBe('../../../schema/scenario.schema.json');
    } finally {
      rmSync(`${repoRoot}test/fixtures/lint/scratch-new-test.json`, { force: true });
    }
  });

  it('refuses to overwrite an existing file and exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-new-'));
    writeFileSync(join(dir, 'taken.json'), 'mine');
    const r = parley(['new', 'taken'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('taken.json already exists');
    expect(readFileSync(join(dir, 'taken.json'), 'utf8')).toBe('mine');
  });
});

describe('parley test', () => {
  it('passes every expectation of the scenarios in scenarios/ (what CI runs)', () => {
    const r = parley(['test'], { timeout: 300_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/\d+ passed, 0 failed/);
    expect(r.code).toBe(0);
  });

  it('exits 1 and says FAIL when an expectation is clearly wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-test-'));
    const s = JSON.parse(readFileSync(`${repoRoot}${clean}`, 'utf8'));
    s.expectations = [{ description: 'deals are rare (they are not)', strategy: 'offerEveryMonth', outcome: 'deal', max: 0.2 }];
    writeFileSync(join(dir, 's.json'), JSON.stringify(s));
    const r = parley(['test', 's.json', '--json'], { cwd: dir });
    expect(r.code).toBe(1);
    const result = (JSON.parse(r.stdout) as { files: { results: { verdict: string; runs: number; lo: number }[] }[] }).files[0]!.results[0]!;
    expect(result.verdict).toBe('fail');
    expect(result.runs).toBe(1000);
    expect(result.lo).toBeGreaterThan(0.2);
  });

  it('points at a failed expectation as file:line:column, in the line, the list after the totals and the JSON', () => {
    const r = parley(['test', 'test/fixtures/expectations/paired-known-answer.json']);
    expect(r.code).toBe(1);
    // The sixth expectation ("a wrong belief") is written at line 73, column 5.
    const at = 'test/fixtures/expectations/paired-known-answer.json:73:5';
    expect(r.stdout).toContain(`  FAIL      mean(score), coin − never = +0.493, 95% CI [+0.462, +0.524], expected ≤ 0 (1,000 paired runs)\n            at ${at}\n`);
    expect(r.stdout).toContain(`\nFAIL ${at}  mean(score), coin − never`);
    // Passing expectations show no location unless --verbose.
    expect(r.stdout).not.toContain('paired-known-answer.json:68:5');
    expect(r.stdout).toContain('  pass      P(deal), sure − never = +100 pp, 95% CI [+100 pp, +100 pp], expected in [+99 pp, +100 pp] (1,000 paired runs)\n');
    expect(parley(['test', 'test/fixtures/expectations/paired-known-answer.json', '--verbose']).stdout).toContain('at test/fixtures/expectations/paired-known-answer.json:68:5');
    const json = JSON.parse(parley(['test', 'test/fixtures/expectations/paired-known-answer.json', '--json']).stdout) as {
      totals: { passed: number; failed: number; undecided: number };
      files: { results: { verdict: string; compare?: string[]; location: { file: string; line: number; column: number } }[] }[];
    };
    expect(json.totals).toMatchObject({ passed: 4, failed: 1, undecided: 1 });
    expect(json.files[0]!.results.map((x) => x.location.line)).toEqual([68, 69, 70, 71, 72, 73]);
    expect(json.files[0]!.results[5]).toMatchObject({ verdict: 'fail', compare: ['coin', 'never'], location: { file: 'test/fixtures/expectations/paired-known-answer.json', column: 5 } });
  });

  it('prints probabilities as percentages at the precision of their interval (it printed "CI [2.17e-19, 0.00383]")', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-test-'));
    const s = JSON.parse(readFileSync(`${repoRoot}${clean}`, 'utf8'));
    s.expectations = [{ strategy: 'offerEveryMonth', outcome: 'deal', min: 0.5 }];
    writeFileSync(join(dir, 's.json'), JSON.stringify(s));
    const line = parley(['test', 's.json'], { cwd: dir }).stdout.split('\n').find((l) => l.includes('P(deal)'))!;
    expect(line).toMatch(/P\(deal\) with offerEveryMonth = \d+\.\d%, 95% CI \[\d+\.\d%, \d+\.\d%\], expected ≥ 50%/);
    expect(line).not.toMatch(/e-\d/);
  });

  it('stops undecided at the run cap when the interval straddles a bound', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-test-'));
    const s = JSON.parse(readFileSync(`${repoRoot}${clean}`, 'utf8'));
    s.expectations = [{ strategy: 'offerEveryMonth', outcome: 'deal', min: 0.9, runs: 200 }];
    writeFileSync(join(dir, 's.json'), JSON.stringify(s));
    const r = parley(['test', 's.json'], { cwd: dir });
    expect(r.stdout).toContain('undecided');
    expect(r.stdout).toContain('(200 runs)');
    expect(r.code).toBe(0);
    expect(parley(['test', 's.json', '--strict'], { cwd: dir }).code).toBe(1);
  });
});
