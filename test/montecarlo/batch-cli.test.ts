import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { parley } from '../cli/run-cli.js';
import { readBatchRunColumns, runsCsvShapeOf } from '../../src/report/batch-run-columns.js';
import { readRunColumns } from '../../src/report/read-run-columns.js';

const duel = 'scenarios/supplier-duel.json';
const tmp = mkdtempSync(join(tmpdir(), 'parley-batch-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[]) {
  const r = parley(args);
  if (r.code !== 0) throw new Error(`parley ${args.join(' ')} exited ${r.code}:\n${r.stderr}`);
  return r;
}
const files = (dir: string) => ({ summary: readFileSync(join(dir, 'summary.json'), 'utf8'), csv: readFileSync(join(dir, 'runs.csv'), 'utf8') });

describe('parley run --runs (end to end)', () => {
  it('writes byte-identical summary.json and runs.csv for 1 and 2 workers', () => {
    run(['run', duel, '--runs', '3000', '--seed', 'k', '--strategy', 'all', '--workers', '1', '--out', join(tmp, 'w1'), '--quiet']);
    run(['run', duel, '--runs', '3000', '--seed', 'k', '--strategy', 'all', '--workers', '2', '--out', join(tmp, 'w2'), '--quiet']);
    const [a, b] = [files(join(tmp, 'w1')), files(join(tmp, 'w2'))];
    expect(b.summary).toBe(a.summary);
    expect(b.csv).toBe(a.csv);
  });

  it('merges shards of any split into exactly what a single run writes', () => {
    const common = ['run', duel, '--runs', '2501', '--seed', 's', '--set', 'incumbentPatience=6', '--quiet'];
    run([...common, '--workers', '2', '--out', join(tmp, 'single')]);
    for (const n of [3, 4]) {
      const dirs: string[] = [];
      for (let k = 1; k <= n; k++) {
        const dir = join(tmp, `split${n}-${k}`);
        dirs.push(dir);
        run([...common, '--workers', '1', '--shard', `${k}/${n}`, '--out', dir]);
      }
      run(['merge', ...dirs.reverse(), '--out', join(tmp, `merged${n}`), '--quiet']);
      const [single, merged] = [files(join(tmp, 'single')), files(join(tmp, `merged${n}`))];
      expect(merged.summary).toBe(single.summary);
      expect(merged.csv).toBe(single.csv);
    }
  });

  it('resumes a batch in its --out folder to more runs, ending byte-identical to one straight run', () => {
    const common = ['run', duel, '--seed', 'res', '--strategy', 'playBoth,random', '--quiet'];
    run([...common, '--runs', '1200', '--out', join(tmp, 'resumed')]);
    run([...common, '--runs', '3100', '--out', join(tmp, 'resumed'), '--resume']);
    run([...common, '--runs', '3100', '--out', join(tmp, 'straight')]);
    const [a, b] = [files(join(tmp, 'resumed')), files(join(tmp, 'straight'))];
    expect(a.summary).toBe(b.summary);
    expect(a.csv).toBe(b.csv);
    const other = parley([...common.slice(0, 2), '--seed', 'other', '--quiet', '--runs', '4000', '--out', join(tmp, 'resumed'), '--resume']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/cannot resume .*its seed is "res"/);
  });

  it('writes runs.columns with --columns, which the explorer reads as runs.csv; --resume and merge drop or rewrite it', async () => {
    const common = ['run', duel, '--seed', 'col', '--strategy', 'playBoth,random', '--quiet'];
    const dir = join(tmp, 'columns');
    run([...common, '--runs', '700', '--out', dir, '--columns']);
    const opened = async (d: string) => {
      const summary = JSON.parse(readFileSync(join(d, 'summary.json'), 'utf8'));
      const fromColumns = await readBatchRunColumns(d, summary, { writeColumns: false });
      const fromCsv = await readRunColumns(join(d, 'runs.csv'), runsCsvShapeOf(summary));
      expect(fromColumns.notes).toEqual([]);
      expect(fromColumns.from).toBe('columns');
      expect(fromColumns.store.length).toBe(summary.runs * 2);
      for (let c = 0; c < fromCsv.columns.length; c++) {
        for (const r of [0, 1, 333, fromCsv.length - 1]) expect(fromColumns.store.cell(r, c)).toBe(fromCsv.cell(r, c));
      }
      return summary;
    };
    expect((await opened(dir)).runs).toBe(700);
    // Resumed to more runs without --columns: the old file would not match runs.csv, so it goes.
    run([...common, '--runs', '900', '--out', dir, '--resume']);
    expect(existsSync(join(dir, 'runs.columns'))).toBe(false);
    run([...common, '--runs', '1000', '--out', dir, '--resume', '--columns']);
    expect((await opened(dir)).runs).toBe(1000);
    // Shards: merge says it does not combine their runs.columns, or writes one with --columns.
    const shards = [1, 2].map((k) => join(tmp, `columns-shard-${k}`));
    shards.forEach((d, k) => run([...common, '--runs', '1000', '--shard', `${k + 1}/2`, '--out', d, '--columns']));
    const merged = parley(['merge', ...shards, '--out', join(tmp, 'columns-merged')]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stderr).toMatch(/runs.columns files are not merged/);
    expect(existsSync(join(tmp, 'columns-merged', 'runs.columns'))).toBe(false);
    run(['merge', ...shards, '--out', join(tmp, 'columns-merged'), '--columns', '--quiet']);
    expect(readFileSync(join(tmp, 'columns-merged', 'runs.csv'), 'utf8')).toBe(readFileSync(join(dir, 'runs.csv'), 'utf8'));
    await opened(join(tmp, 'columns-merged'));
  });

  it('refuses to merge shards that leave runs uncovered, and says which', () => {
    const r = parley(['merge', join(tmp, 'split4-1'), join(tmp, 'split4-3'), '--out', join(tmp, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/runs 625–1249 are missing/);
  });

  it('writes a runs.csv that a CSV parser reads: the documented header and one row per run', () => {
    const csv = readFileSync(join(tmp, 'single', 'runs.csv'), 'utf8');
    const rows = parse(csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(['run', 'strategy', 'outcome', 'rounds', 'dealRound', 'dealTrack', 'deals', 'cityUtility', 'price', 'incumbent', 'newcomer', 'incumbent_path', 'newcomer_path', 'newcomerRisk', 'incumbentReserve', 'newcomerReserve', 'incumbentPatience']);
    expect(rows).toHaveLength(2501);
    expect(rows.map((r) => Number(r.run))).toEqual(Array.from({ length: 2501 }, (_, i) => i));
    expect(new Set(rows.map((r) => r.incumbentPatience))).toEqual(new Set(['6']));
    // No deal: empty cells for the deal round and for the price (NaN).
    const noDeal = rows.find((r) => r.outcome === 'noDeal');
    if (noDeal) expect([noDeal.dealRound, noDeal.price]).toEqual(['', '']);
    const summary = JSON.parse(readFileSync(join(tmp, 'single', 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ formatVersion: 3, seed: 's', runs: 2501, strategy: 'playBoth', sets: { incumbentPatience: 6 } });
    // The deal-set tally is runs.csv's `deals` column counted.
    const byDeals = new Map<string, number>();
    for (const r of rows) byDeals.set(r.deals!, (byDeals.get(r.deals!) ?? 0) + 1);
    const tally = summary.results[0].dealSets as { deals: string; tracks: string[]; count: number; p: number; lo: number; hi: number }[];
    expect(new Map(tally.map((d) => [d.deals, d.count]))).toEqual(byDeals);
    expect(tally.map((d) => d.count)).toEqual([...tally.map((d) => d.count)].sort((a, b) => b - a));
    // Each track's path column, counted, is summary.json's path tally (the path ends in the final state).
    for (const track of ['incumbent', 'newcomer']) {
      const byPath = new Map<string, number>();
      for (const r of rows) {
        byPath.set(r[`${track}_path`]!, (byPath.get(r[`${track}_path`]!) ?? 0) + 1);
        expect(r[`${track}_path`]!.split(' > ').at(-1)).toBe(r[track]);
      }
      const top = summary.results[0].paths[track].top as { path: string; count: number }[];
      expect(new Map(top.map((t) => [t.path, t.count]))).toEqual(byPath);
    }
    for (const d of tally) {
      expect(d.tracks).toEqual(d.deals === '' ? [] : d.deals.split('+'));
      expect(d.p).toBeCloseTo(d.count / 2501, 12);
      expect(d.lo).toBeLessThanOrEqual(d.p);
      expect(d.hi).toBeGreaterThanOrEqual(d.p);
    }
    expect(summary.scenario.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(typeof summary.engineVersion).toBe('string');
  });

  it('stops with --until-ci once every interval is narrow enough, and says so', () => {
    const r = run(['run', duel, '--until-ci', '0.05', '--runs', '100000', '--seed', 'ci', '--workers', '2']);
    expect(r.stdout).toMatch(/Stopped after [\d,]+ runs: every outcome probability's 95% interval is narrower than 5\.00%/);
    const j = JSON.parse(run(['run', duel, '--until-ci', '0.05', '--runs', '100000', '--seed', 'ci', '--json', '--workers', '1']).stdout);
    expect(j.stop).toMatchObject({ reason: 'until-ci', untilCi: 0.05, met: true });
    expect(j.runs).toBeLessThan(100000);
    for (const o of j.results[0].outcomes) expect(o.hi - o.lo).toBeLessThan(0.05);
  });

  it('says when --runs capped --until-ci before the intervals got narrow enough', () => {
    const r = run(['run', duel, '--until-ci', '0.001', '--runs', '500', '--seed', 'ci']);
    expect(r.stdout).toMatch(/Reached the cap of 500 runs \(--runs\) before every 95% interval was narrower than 0\.10%/);
  });

  it('changes results with --set and rejects an unknown parameter with a hint (exit 2)', () => {
    const base = JSON.parse(run(['run', duel, '--runs', '2000', '--seed', 'x', '--json']).stdout);
    const held = JSON.parse(run(['run', duel, '--runs', '2000', '--seed', 'x', '--json', '--set', 'newcomerRisk=0.5']).stdout);
    const p = (j: { results: { outcomes: { id: string; p: number }[] }[] }) => j.results[0]!.outcomes.find((o) => o.id === 'newcomerDeal')!.p;
    expect(p(held)).toBeLessThan(p(base) - 0.1);
    const bad = parley(['run', duel, '--runs', '10', '--set', 'newcomerRsk=0.5']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no parameter 'newcomerRsk'/);
    expect(bad.stderr).toMatch(/did you mean 'newcomerRisk'\?/);
    const notNumber = parley(['run', duel, '--runs', '10', '--set', 'newcomerRisk=high']);
    expect(notNumber.code).toBe(2);
    expect(notNumber.stderr).toMatch(/must be a number/);
  });

  it('compares strategies on the same runs with paired differences', () => {
    const j = JSON.parse(run(['run', duel, '--runs', '2000', '--seed', 'cmp', '--strategy', 'all', '--json']).stdout);
    expect(j.results.map((r: { strategy: string }) => r.strategy)).toEqual(['playBoth', 'incumbentOnly', 'random', 'tunedDuel']);
    expect(j.results[0].versusFirst).toBeNull();
    const d = j.results[1].versusFirst.outcomes.find((o: { id: string }) => o.id === 'incumbentDeal');
    const pOf = (i: number) => j.results[i].outcomes.find((o: { id: string }) => o.id === 'incumbentDeal').p;
    expect(d.diff).toBeCloseTo(pOf(1) - pOf(0), 12);
    expect(d.lo).toBeLessThan(d.diff);
    expect(d.hi).toBeGreaterThan(d.diff);
  });

  it('shows a comparison as a one-screen verdict, and everything per strategy only with --detail', () => {
    // The weaker strategy first: the verdict still measures every strategy against the best one.
    const short = run(['run', duel, '--runs', '1000', '--seed', 'v', '--strategy', 'incumbentOnly,playBoth']).stdout;
    const lines = short.trimEnd().split('\n');
    expect(lines.find((l) => l.startsWith('Verdict'))).toMatch(/paired difference against the best mean, "playBoth"/);
    // incumbentOnly's row: P(any deal), its interval, most likely outcome, mean and the paired difference (below the best).
    expect(lines.find((l) => l.trimStart().startsWith('incumbentOnly'))).toMatch(/%\s+\[.*%\].*Deal with the incumbent.*−0\.\d+ \[−0\.\d+, −0\.\d+\]/);
    expect(lines.find((l) => l.trimStart().startsWith('playBoth'))).toMatch(/ best$/);
    expect(short).toMatch(/Highest mean: playBoth \(0\.\d+\), clearly above every other strategy/);
    // In the summary: each arm against the other, the same difference seen from both sides.
    const j = JSON.parse(run(['run', duel, '--runs', '1000', '--seed', 'v', '--strategy', 'incumbentOnly,playBoth', '--json']).stdout);
    const [ab, ba] = [j.results[0].versusEach[0], j.results[1].versusEach[0]];
    expect([ab.arm, ab.label, ba.arm, ba.label]).toEqual([1, 'playBoth', 0, 'incumbentOnly']);
    expect(ab.diff).toBeCloseTo(-ba.diff, 12);
    expect([ab.lo, ab.hi]).toEqual([expect.closeTo(-ba.hi, 12), expect.closeTo(-ba.lo, 12)]);
    expect(ba.diff).toBeCloseTo(j.results[1].versusFirst.metrics.find((m: { id: string }) => m.id === ba.metric).diff, 12);
    expect(short).not.toContain('━━');
    expect(lines.length).toBeLessThan(40);
    const long = run(['run', duel, '--runs', '1000', '--seed', 'v', '--strategy', 'incumbentOnly,playBoth', '--detail']).stdout;
    expect(long).toContain('━━ playBoth');
    expect(long).toContain('━━ incumbentOnly');
    expect(long.split('\n').length).toBeGreaterThan(lines.length + 40);
  });

  it('compares --compare-set variants on common random numbers: an identical variant differs by exactly zero', () => {
    const j = JSON.parse(run(['run', duel, '--runs', '1500', '--seed', 'crn', '--set', 'newcomerRisk=0.05', '--compare-set', 'newcomerRisk=0.05', '--compare-set', 'newcomerRisk=0.2', '--json']).stdout);
    expect(j.results.map((r: { label: string }) => r.label)).toEqual(['base', 'newcomerRisk=0.05', 'newcomerRisk=0.2']);
    for (const o of j.results[1].versusFirst.outcomes) expect([o.diff, o.se]).toEqual([0, 0]);
    const collapse = j.results[2].versusFirst.outcomes.find((o: { id: string }) => o.id === 'newcomerDeal');
    expect(collapse.hi).toBeLessThan(0);
  });
});

describe('parley replay', () => {
  it('prints the same trace as parley run --run I --trace, and the run that runs.csv recorded', () => {
    const a = run(['replay', duel, '--seed', 's', '--run', '1234', '--set', 'incumbentPatience=6']);
    const b = run(['run', duel, '--seed', 's', '--run', '1234', '--trace', '--set', 'incumbentPatience=6']);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(/draw/);
    const j = JSON.parse(run(['replay', duel, '--seed', 's', '--run', '1234', '--set', 'incumbentPatience=6', '--json']).stdout);
    const rows = parse(readFileSync(join(tmp, 'single', 'runs.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const row = rows.find((r) => r.run === '1234')!;
    expect([j.outcome, String(j.rounds), String(j.metrics.cityUtility)]).toEqual([row.outcome, row.rounds, row.cityUtility]);
  });
});
