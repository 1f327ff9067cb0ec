import { render } from 'ink-testing-library';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { ExploreApp } from '../../src/ui/explore/ExploreApp.js';
import { filterRuns } from '../../src/montecarlo/run-filter.js';
import { proportion } from '../../src/ui/explore/explore-figures.js';
import { percent } from '../../src/ui/explore/explore-format.js';
import type { ExploreSource } from '../../src/ui/explore/explore-source.js';
import { duelBatch } from './explore-fixture.js';

const batch = duelBatch(300);
const ENTER = '\r';
const ESC = '\u001B';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup) c();
  cleanup = [];
});

function app(source: ExploreSource = batch.source, size = { width: 80, height: 24 }) {
  const r = render(<ExploreApp source={source} width={size.width} height={size.height} color={false} />);
  cleanup.push(r.unmount);
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      r.stdin.write(k);
      await new Promise((res) => setTimeout(res, 40));
    }
  };
  const frame = () => r.lastFrame() ?? '';
  /** Waits until the screen passes `test` (a replay or a recomputation may take a moment on a busy machine). */
  const until = async (test: RegExp | string, ms = 10_000) => {
    const end = Date.now() + ms;
    while (!(typeof test === 'string' ? frame().includes(test) : test.test(frame()))) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${String(test)}; the screen was:\n${frame()}`);
      await new Promise((res) => setTimeout(res, 20));
    }
  };
  return { press, frame, until };
}

/** P(outcome) of arm `arm` over the rows passing `keep`, as the overview prints it. */
function shown(arm: number, outcome: string, keep: (row: number) => boolean = () => true): string {
  const { store } = batch;
  let n = 0;
  let k = 0;
  for (let r = arm; r < store.length; r += 2) {
    if (!keep(r)) continue;
    n++;
    if (store.cell(r, store.columnIndex('outcome')) === outcome) k++;
  }
  return percent(proportion(k, n).p);
}

describe('parley explore screens', () => {
  it('overview: every outcome of the selected arm with its probability and interval, and the arms with paired differences, in 80x24', async () => {
    const { frame } = app();
    await new Promise((r) => setTimeout(r, 50));
    const f = frame();
    expect(f.split('\n').length).toBeLessThanOrEqual(23);
    for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    const first = batch.source.scenario.outcomes[0]!;
    expect(f).toContain(first.label.slice(0, 20));
    expect(f).toContain(shown(0, first.id));
    expect(f).toContain('baseline');
    expect(f).toMatch(/[+−]\d+\.\d pp \[/);
    expect(f).toContain('? help');
  });

  it('drill-down: outcome to track paths to runs to the replayed trace of one run, and back', async () => {
    const { press, frame, until } = app(batch.source, { width: 100, height: 30 });
    await press('2');
    await until('playBoth ›');
    await press(ENTER);
    await until(/incumbent: [\w >]+ · newcomer: [\w >]+/);
    await press(ENTER);
    await until('deal in');
    await press(ENTER);
    await until('as in runs.csv');
    await until('parley replay');
    await until(/lines 1-\d+ of \d+/);
    await press('j');
    await until(/lines 2-\d+ of \d+/);
    await press(ESC);
    await until('the first');
  });

  it('drill-down paths are the sequences of states the tracks went through, tallied exactly as runs.csv has them, and lead to their runs', async () => {
    // Arm `random`, outcome incumbentDeal: runs that end in the same final states by different
    // paths (bid > lost, bid > shortlisted > lost) are told apart.
    const rows = parse(batch.csv, { columns: true }) as Record<string, string>[];
    const tally = new Map<string, number[]>();
    rows.forEach((r, i) => {
      if (i % 2 !== 1 || r.outcome !== 'incumbentDeal') return;
      const key = `${r.incumbent_path}|${r.newcomer_path}`;
      if (!tally.has(key)) tally.set(key, []);
      tally.get(key)!.push(Number(r.run));
    });
    // Listed by the tracks whose path differs between the paths (the incumbent's is the same here).
    const sorted = [...tally].sort((a, b) => b[1].length - a[1].length || a[1][0]! - b[1][0]!);
    expect(new Set(sorted.map(([k]) => k.split('|')[0])).size).toBe(1);
    const expected = sorted.map(([k, runs]) => [`newcomer: ${k.split('|')[1]}`, runs] as const);
    const total = expected.reduce((n, [, runs]) => n + runs.length, 0);
    expect(expected.length).toBeGreaterThan(new Set(rows.filter((r, i) => i % 2 === 1 && r.outcome === 'incumbentDeal').map((r) => `${r.incumbent}|${r.newcomer}`)).size);

    const outcome = batch.source.scenario.outcomes.findIndex((o) => o.id === 'incumbentDeal');
    const { press, frame, until } = app(batch.source, { width: 100, height: 30 });
    await press('2', '\u001B[C');
    await until('random ›');
    for (let i = 0; i < outcome; i++) await press('j');
    await press(ENTER);
    await until(`${total} runs; most frequent track paths`);
    for (const [label, runs] of expected) {
      const share = proportion(runs.length, total);
      expect(frame()).toContain(`${String(runs.length).padStart(7)} ${percent(share.p).padStart(6)} [${percent(share.lo)}, ${percent(share.hi)}]  ${label}`);
    }
    expect(frame()).toContain('path 1, track by track (incumbent: the same in every path listed):');
    expect(frame()).toMatch(new RegExp(`incumbent +${sorted[0]![0].split('|')[0]}`));
    expect(frame()).toMatch(new RegExp(`newcomer +${sorted[0]![0].split('|')[1]}`));
    // The second path's runs, in run order, then the trace of its first run.
    await press('j', ENTER);
    await until('deal in');
    const second = expected[1]![1];
    for (const run of second.slice(0, 5)) expect(frame()).toMatch(new RegExp(`^ *▶? *${run} `, 'm'));
    await press(ENTER);
    await until(`run ${second[0]}`);
    await until('as in runs.csv');
  });

  it('conditions: a typed condition recomputes the overview on the kept runs and shows their share', async () => {
    const { press, frame, until } = app();
    await press('/', 'newcomerRisk < 0.1', ENTER);
    const f = frame();
    const { kept } = filterRuns(batch.store, [{ column: 'newcomerRisk', kind: 'range', lo: -Infinity, hi: 0.1, loInclusive: false, hiInclusive: false }]);
    expect(f).toContain(`newcomerRisk < 0.1: kept ${percent(kept / batch.store.length)}`);
    const first = batch.source.scenario.outcomes[0]!;
    const risk = batch.store.numbers('newcomerRisk');
    expect(f).toContain(shown(0, first.id, (r) => risk[r]! < 0.1));
    await press('c');
    await until('Conditions: all runs');
  });

  it('conditions screen: presets put a parameter in its low third; a bad condition says why', async () => {
    const { press, frame, until } = app();
    await press('3');
    await until('newcomerRisk');
    await press('l');
    await until(/newcomerRisk <= [\d.]+: kept/);
    await press('/', 'nosuch < 2', ENTER);
    await until("no column 'nosuch'");
  });

  it('metrics: quantiles and a histogram row per arm', async () => {
    const { press, frame, until } = app();
    await press('4');
    await until('Metric 1/2');
    await until('p50');
    await until('random');
    await press('j');
    await until('Metric 2/2');
  });

  it('drivers: the tornado, then rank correlations', async () => {
    const { press, frame, until } = app();
    await press('5');
    await until('Tornado');
    await until(/newcomerRisk|incumbentPatience/);
    await press('t');
    await until('Rank correlation');
  });

  it('help lists the keys and closes with Esc', async () => {
    const { press, frame, until } = app();
    await press('?');
    await until('drill in');
    await press(ESC);
    await until('Outcomes —');
  });
});
