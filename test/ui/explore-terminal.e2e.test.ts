import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { parley } from '../cli/run-cli.js';
import { repoRoot } from '../load-fixture.js';
import { hasTmux, tmuxTerminal } from './tmux-terminal.js';
import { proportion } from '../../src/ui/explore/explore-figures.js';
import { percent } from '../../src/ui/explore/explore-format.js';

/**
 * Drives the real `parley explore` on a finished --out folder in a real terminal (tmux on a private
 * socket, 80x24, NO_COLOR): the overview, a drill-down to one run's replayed trace, and a condition,
 * each figure checked against a direct computation on runs.csv; and the same live from a scenario,
 * with a drill to one run's trace whose path is the one runs.csv records for that run.
 */
const { tmux, waitFor, close } = tmuxTerminal('ex');
const liveTerminal = tmuxTerminal('live');
const again = tmuxTerminal('ex2');
const dir = mkdtempSync(join(tmpdir(), 'parley-explore-'));

afterAll(() => {
  close();
  liveTerminal.close();
  again.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('parley explore in a terminal', () => {
  it.skipIf(!hasTmux)(
    hasTmux ? 'opens a finished folder, drills to a trace and applies a condition, with the figures of runs.csv' : 'SKIPPED: tmux is not installed',
    async () => {
      const out = join(dir, 'duel');
      const run = parley(['run', 'scenarios/supplier-duel.json', '--runs', '2000', '--strategy', 'playBoth,random', '--seed', '7', '--workers', '1', '--out', out, '--quiet']);
      expect(run.code, run.stderr).toBe(0);
      const rows = parse(readFileSync(join(out, 'runs.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
      const p = (keep: (r: Record<string, string>) => boolean) => {
        const arm = rows.filter((r, i) => i % 2 === 0 && keep(r));
        return percent(proportion(arm.filter((r) => r.outcome === 'newcomerDeal').length, arm.length).p);
      };

      tmux('new-session', '-d', '-s', 'ex', '-x', '80', '-y', '24', '-c', repoRoot, `NO_COLOR=1 node ${join(repoRoot, 'bin/parley.js')} explore ${out}; echo "EXITED rc=$?"; sleep 60`);
      let s = await waitFor('Outcomes —');
      expect(s).toContain(`${p(() => true)} [`);
      expect(s).not.toMatch(/\x1b\[3\dm/);

      // Drill: outcome -> paths -> runs -> the trace of the first run on the top path. The paths are
      // the tracks' sequences of states, tallied as runs.csv's <track>_path columns have them.
      const first = rows.filter((r, i) => i % 2 === 0 && r.outcome === rows[0]!.outcome);
      const tally = new Map<string, string[]>();
      for (const r of first) {
        const key = `${r.incumbent_path}|${r.newcomer_path}`;
        tally.set(key, [...(tally.get(key) ?? []), r.run!]);
      }
      const sorted = [...tally].sort((a, b) => b[1].length - a[1].length || Number(a[1][0]) - Number(b[1][0]));
      const [topKey, topRuns] = sorted[0]!;
      // The list names the tracks whose path differs between the paths listed (every track when one path is).
      const varies = [0, 1].map((t) => sorted.length === 1 || sorted.some(([k]) => k.split('|')[t] !== topKey.split('|')[t]));
      const topLabel = ['incumbent', 'newcomer']
        .map((track, t) => `${track}: ${topKey.split('|')[t]}`)
        .filter((_, t) => varies[t])
        .join(' · ');
      for (const [key, then] of [['2', 'playBoth ›'], ['Enter', 'most frequent track paths']] as const) {
        tmux('send-keys', '-t', 'ex', key);
        s = await waitFor(then);
      }
      const share = proportion(topRuns.length, first.length);
      expect(s).toContain(`${topRuns.length.toLocaleString('en-US').padStart(7)} ${percent(share.p).padStart(6)} [${percent(share.lo)}, ${percent(share.hi)}]  ${topLabel}`.slice(0, 77));
      expect(s).toMatch(/newcomer +bid > /);
      for (const [key, then] of [['Enter', 'deal in'], ['Enter', 'as in runs.csv']] as const) {
        tmux('send-keys', '-t', 'ex', key);
        s = await waitFor(then);
      }
      expect(s).toMatch(new RegExp(`parley replay \\S+ --seed 7 --run ${topRuns[0]} --strategy playBoth`));

      // Condition: the overview recomputed on the kept runs, with their share.
      tmux('send-keys', '-t', 'ex', 'Escape', 'Escape', 'Escape', '1');
      await waitFor('Outcomes —');
      tmux('send-keys', '-t', 'ex', '/', 'newcomerRisk < 0.05', 'Enter');
      s = await waitFor('newcomerRisk < 0.05:');
      const kept = rows.filter((r) => Number(r.newcomerRisk) < 0.05).length;
      expect(s).toContain(`newcomerRisk < 0.05: kept ${percent(kept / rows.length)}`);
      expect(s).toContain(`${p((r) => Number(r.newcomerRisk) < 0.05)} [`);

      tmux('send-keys', '-t', 'ex', 'q');
      await waitFor('EXITED rc=0');

      // The first open wrote runs.columns; the second opens from it (no note about runs.csv) and
      // shows the same figures and paths.
      expect(existsSync(join(out, 'runs.columns'))).toBe(true);
      const err = join(dir, 'second-open.txt');
      again.tmux('new-session', '-d', '-s', 'ex2', '-x', '80', '-y', '24', '-c', repoRoot, `NO_COLOR=1 node ${join(repoRoot, 'bin/parley.js')} explore ${out} 2>${err}; echo "EXITED rc=$?"; sleep 60`);
      s = await again.waitFor('Outcomes —');
      expect(s).toContain(`${p(() => true)} [`);
      for (const [key, then] of [['2', 'playBoth ›'], ['Enter', 'most frequent track paths']] as const) {
        again.tmux('send-keys', '-t', 'ex2', key);
        s = await again.waitFor(then);
      }
      expect(s).toContain(`${topLabel}`.slice(0, 40));
      again.tmux('send-keys', '-t', 'ex2', 'q');
      await again.waitFor('EXITED rc=0');
      expect(readFileSync(err, 'utf8')).not.toMatch(/runs\.csv|runs\.columns/);
    },
  );

  it.skipIf(!hasTmux)(
    hasTmux ? 'runs a scenario live: pause and resume, then the figures and a run\'s path of `parley run` on the same batch, conditioned too' : 'SKIPPED: tmux is not installed',
    async () => {
      const args = ['scenarios/supplier-duel.json', '--runs', '30000', '--strategy', 'playBoth,random', '--seed', '11', '--workers', '2'];
      const out = join(dir, 'live-batch');
      const run = parley(['run', ...args, '--out', out, '--quiet']);
      expect(run.code, run.stderr).toBe(0);
      const rows = parse(readFileSync(join(out, 'runs.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
      const p = (keep: (r: Record<string, string>) => boolean) => {
        const arm = rows.filter((r, i) => i % 2 === 0 && keep(r));
        return percent(proportion(arm.filter((r) => r.outcome === 'newcomerDeal').length, arm.length).p);
      };

      liveTerminal.tmux('new-session', '-d', '-s', 'live', '-x', '120', '-y', '30', '-c', repoRoot, `NO_COLOR=1 node ${join(repoRoot, 'bin/parley.js')} explore ${args.join(' ')}; echo "EXITED rc=$?"; sleep 60`);
      let s = await liveTerminal.waitFor(/running [\d,]+\/30,000 runs|complete 30,000\/30,000 runs/);
      // Pause (p) and resume (p): the batch carries on from where it stopped.
      if (!s.includes('complete 30,000/30,000')) {
        liveTerminal.tmux('send-keys', '-t', 'live', 'p');
        s = await liveTerminal.waitFor(/paused [\d,]+\/30,000 runs|complete 30,000\/30,000 runs/);
        liveTerminal.tmux('send-keys', '-t', 'live', 'p');
      }
      s = await liveTerminal.waitFor('complete 30,000/30,000 runs');
      expect(s).toContain(`${p(() => true)} [`);

      // Drill to a path (the second most frequent when there are two, so that it is not simply the
      // common one), to a run on it, to that run's trace: the path shown, spelled out track by
      // track and above the runs, is the path runs.csv records for the run the trace replays.
      for (const [key, then] of [['2', 'playBoth ›'], ['Enter', 'most frequent track paths']] as const) {
        liveTerminal.tmux('send-keys', '-t', 'live', key);
        s = await liveTerminal.waitFor(then);
      }
      const listed = s.split('\n').filter((l) => /^[▶ ] +[\d,]+ +[\d.]+% \[/.test(l)).length;
      expect(listed).toBeGreaterThan(0);
      const k = Math.min(2, listed);
      if (k === 2) liveTerminal.tmux('send-keys', '-t', 'live', 'Down');
      s = await liveTerminal.waitFor(`path ${k}, track by track`);
      const lines = s.split('\n');
      const at = lines.findIndex((l) => l.startsWith(`path ${k}, track by track`));
      const shown = new Map(['incumbent', 'newcomer'].map((t) => [t, lines.slice(at + 1).find((l) => l.startsWith(`${t} `))?.slice(t.length).trim()]));
      liveTerminal.tmux('send-keys', '-t', 'live', 'Enter');
      s = await liveTerminal.waitFor(new RegExp(`› path ${k}\\n[^\\n]*\\n +run rounds`));
      expect(s).toContain(`incumbent: ${shown.get('incumbent')} · newcomer: ${shown.get('newcomer')}`);
      liveTerminal.tmux('send-keys', '-t', 'live', 'Enter');
      s = await liveTerminal.waitFor('as in runs.csv');
      const traced = /parley replay \S+ --seed 11 --run (\d+) --strategy playBoth/.exec(s);
      expect(traced, s).not.toBeNull();
      const row = rows.find((r) => r.run === traced![1] && r.strategy === 'playBoth')!;
      expect({ incumbent: shown.get('incumbent'), newcomer: shown.get('newcomer') }).toEqual({ incumbent: row.incumbent_path, newcomer: row.newcomer_path });
      liveTerminal.tmux('send-keys', '-t', 'live', 'Escape', 'Escape', 'Escape', '1');
      await liveTerminal.waitFor('Outcomes —');

      liveTerminal.tmux('send-keys', '-t', 'live', '/', 'newcomerRisk < 0.05', 'Enter');
      s = await liveTerminal.waitFor('newcomerRisk < 0.05:');
      const kept = rows.filter((r) => Number(r.newcomerRisk) < 0.05).length;
      expect(s).toContain(`newcomerRisk < 0.05: kept ${percent(kept / rows.length)}`);
      expect(s).toContain(`${p((r) => Number(r.newcomerRisk) < 0.05)} [`);
      liveTerminal.tmux('send-keys', '-t', 'live', 'q');
      await liveTerminal.waitFor('EXITED rc=0');
    },
  );
});
