import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../load-fixture.js';
import { childTimeoutMs, machineLoad } from '../run-child.js';
import { runParley, stackTraceLines, type ParleyResult } from './run-parley.js';

/**
 * Command-line input a batch cannot honour, and batch files given to report (#22 items 4, 9, 10,
 * 13 and "Also"; #18 part 4): each is refused with exit 2 and a message that says what to do, never
 * a stack trace, a hang or unbounded memory.
 */
const dir = mkdtempSync(join(tmpdir(), 'parley-batch-arguments-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scenario = 'scenarios/supplier-duel.json';

function expectRefused(r: ParleyResult, message: RegExp): void {
  expect(stackTraceLines(r.stderr), r.stderr).toEqual([]);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
}

// A batch given ',' or ' ' ran zero arms, then died with a TypeError stack trace.
describe('--strategy that names no strategy (#22 item 10)', () => {
  const commands: [string, string[]][] = [
    ['run (batch)', ['run', scenario, '--runs', '10']],
    ['run (one run)', ['run', scenario]],
    ['replay', ['replay', scenario, '--seed', '1', '--run', '0']],
    ['play', ['play', scenario]],
    ['pareto', ['pareto', scenario, '--runs', '10']],
    ['sensitivity', ['sensitivity', scenario, '--runs', '10']],
    ['optimize', ['optimize', scenario]],
    ['explore', ['explore', scenario, '--runs', '10']],
  ];
  for (const [name, args] of commands) {
    for (const value of [',', ' ', '']) {
      it(`${name} refuses --strategy ${JSON.stringify(value)}`, async () => {
        expectRefused(await runParley([...args, '--strategy', value]), /names no strategy/);
      });
    }
  }
});

describe('--runs beyond what a command can count or hold (#22 item 9)', () => {
  it('run refuses 10^20 and 10^15 + 1 at once (10^20 hung, allocating its blocks)', async () => {
    expectRefused(await runParley(['run', scenario, '--runs', '100000000000000000000', '--quiet']), /--runs must be at most 1,000,000,000,000,000/);
    expectRefused(await runParley(['run', scenario, '--runs', '1000000000000001', '--quiet']), /--runs must be at most 1,000,000,000,000,000/);
  });

  it('run refuses more rows than runs.csv counts exactly (runs x arms past 2^53 - 1)', async () => {
    expectRefused(await runParley(['run', scenario, '--runs', '1000000000000000', '--strategy', 'all', '--compare-set', 'newcomerRisk=0.02', '--compare-set', 'newcomerRisk=0.05', '--quiet']), /more rows than runs\.csv can count exactly/);
  });

  it('commands that keep every run in memory refuse more than they can hold (sensitivity gave a RangeError stack trace)', async () => {
    expectRefused(await runParley(['sensitivity', scenario, '--runs', '1000000000000']), /--runs must be at most 100,000/);
    expectRefused(await runParley(['pareto', scenario, '--runs', '1000000000000']), /--runs must be at most 1,000,000/);
    expectRefused(await runParley(['backtest', 'test/fixtures/backtest/resolved', '--runs', '1000000000000']), /--runs must be at most 1,000,000/);
    expectRefused(await runParley(['lint', scenario, '--runs', '1000000000000']), /--runs must be at most 1,000,000/);
    expectRefused(await runParley(['explore', scenario, '--runs', '1000000000000']), /--runs must be at most 1,000,000/);
  });

  it('a batch of 10^15 runs starts at once, in bounded memory, and Ctrl-C keeps what it ran (10^12 ran out of memory)', async () => {
    const out = join(dir, 'huge');
    const r = await new Promise<{ code: number | null; stderr: string; killed: string | false }>((resolve) => {
      const child = spawn(process.execPath, [`${repoRoot}bin/parley.js`, 'run', scenario, '--runs', '1000000000000000', '--seed', '5', '--workers', '1', '--quiet', '--out', out, '--checkpoint-every', '0'], {
        cwd: repoRoot,
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      let killed: string | false = false;
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const guard = setTimeout(() => {
        killed = `killed by the test's ${childTimeoutMs / 1000} s timeout before its first block was checkpointed; ${machineLoad()}; stderr: ${stderr || '(nothing)'}`;
        child.kill('SIGKILL');
      }, childTimeoutMs);
      // Ctrl-C once a block of runs is checkpointed: the batch is running, not allocating.
      const poll = setInterval(() => {
        try {
          if (JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8')).range.end > 0) {
            clearInterval(poll);
            child.kill('SIGINT');
          }
        } catch {
          // not written yet, or being renamed into place
        }
      }, 50);
      child.on('close', (code) => {
        clearInterval(poll);
        clearTimeout(guard);
        resolve({ code, stderr, killed });
      });
    });
    expect(r.killed).toBe(false);
    expect(r.code, r.stderr).toBe(130);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.batchRuns).toBe(1e15);
    expect(summary.runs).toBeGreaterThan(0);
  });
});

describe('--shard and --set that name no slice or no value (#18 part 4)', () => {
  const cases: [string[], RegExp][] = [
    [['--shard', '3/2'], /k runs from 1 to 2/],
    [['--shard', '0/0'], /needs n >= 1/],
    [['--shard', '-1/2'], /must look like k\/n/],
    [['--shard', '1/0'], /needs n >= 1/],
    [['--shard', '1/99999999999999999999'], /n up to 1,000,000/],
    [['--set', 'nope=1'], /no parameter 'nope'/],
    [['--set', 'newcomerRisk=NaN'], /must be a number/],
    [['--set', 'newcomerRisk=1e400'], /must be a number/],
    [['--set', 'newcomerRisk='], /must be a number/],
    [['--set', 'newcomerRisk'], /expected name=value/],
    [['--compare-set', 'newcomerRisk=Infinity'], /must be a number/],
  ];
  for (const [args, message] of cases) {
    it(`refuses ${args.join(' ')}`, async () => {
      expectRefused(await runParley(['run', scenario, '--runs', '10', '--quiet', ...args]), message);
    });
  }
});

describe('--workers above the available cores (#22, Also)', () => {
  it(`is lowered to the cores, with a note, and gives the batch one worker would (100 workers on 2 cores took 2.7 GB)`, async () => {
    const wide = join(dir, 'workers-100');
    const one = join(dir, 'workers-1');
    const r = await runParley(['run', scenario, '--runs', '2000', '--seed', '4', '--quiet', '--workers', '100', '--out', wide]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`--workers 100 lowered to ${availableParallelism()}, the cores available here`);
    expect((await runParley(['run', scenario, '--runs', '2000', '--seed', '4', '--quiet', '--workers', '1', '--out', one])).code).toBe(0);
    expect(readFileSync(join(wide, 'summary.json'), 'utf8')).toBe(readFileSync(join(one, 'summary.json'), 'utf8'));
  });
});

describe('metric values whose sums would overflow (#22 item 13)', () => {
  const fixture = 'test/fixtures/batch/metric-overflow.json';
  it('stop a batch with E_METRIC_RANGE at the metric, for one batch and for each shard alike', async () => {
    for (const extra of [[], ['--shard', '2/2']]) {
      const r = await runParley(['run', fixture, '--runs', '400', '--quiet', ...extra]);
      expectRefused(r, /E_METRIC_RANGE: metric 'huge' is -?1\.7e\+308 in run \d+/);
      expect(r.stderr).toContain(`${fixture}:60:40 `);
    }
  });

  it('merge refuses a shard whose stored sums overflowed (written before the bound)', async () => {
    const shards = [1, 2].map((k) => join(dir, `overflow-shard-${k}`));
    for (const [i, out] of shards.entries()) expect((await runParley(['run', scenario, '--runs', '2000', '--quiet', '--shard', `${i + 1}/2`, '--out', out])).code).toBe(0);
    const file = join(shards[0]!, 'summary.json');
    const s = JSON.parse(readFileSync(file, 'utf8'));
    s.aggregate[0].metrics[0].sum = ['-Infinity'];
    writeFileSync(file, JSON.stringify(s, null, 2));
    const r = await runParley(['merge', ...shards, '--out', join(dir, 'overflow-merged'), '--quiet']);
    expectRefused(r, /E_BATCH_FILE: .*summary\.json: aggregate\[0\]\.metrics\[0\]: its sums must be finite numbers/);
  });
});

describe('report of a batch folder it cannot trust (#22 Also; #18 part 4)', () => {
  const batch = join(dir, 'report-batch');
  beforeAll(async () => {
    expect((await runParley(['run', scenario, '--runs', '2000', '--quiet', '--out', batch])).code).toBe(0);
  });
  const copy = (name: string) => {
    const folder = join(dir, name);
    cpSync(batch, folder, { recursive: true });
    return folder;
  };

  it('refuses a sensitivity.json of another version of the scenario, and leaves it out with --skip-mismatched', async () => {
    const folder = copy('report-mismatched');
    const other = join(dir, 'other-duel.json');
    writeFileSync(other, readFileSync(`${repoRoot}${scenario}`, 'utf8') + '\n');
    expect((await runParley(['sensitivity', other, '--runs', '20', '--quiet', '--out', folder])).code).toBe(0);
    const html = join(dir, 'mismatched.html');
    expectRefused(await runParley(['report', folder, '-o', html]), /E_BATCH_FILE: .*sensitivity\.json: computed on another version of the scenario/);
    expect(existsSync(html)).toBe(false);
    const skipped = await runParley(['report', folder, '-o', html, '--skip-mismatched']);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(skipped.stderr).toContain('leaving');
    expect(readFileSync(html, 'utf8')).not.toContain('other-duel.json');
  });

  it('refuses a runs.csv missing rows (the chart showed some of the runs as all of them), and --no-runs makes the report without it', async () => {
    const folder = copy('report-short-runs');
    writeFileSync(join(folder, 'runs.csv'), readFileSync(join(folder, 'runs.csv'), 'utf8').split('\n').slice(0, 501).join('\n') + '\n');
    expectRefused(await runParley(['report', folder, '-o', join(dir, 'short.html')]), /runs\.csv: has 500 rows, its summary\.json counts 2000/);
    expect((await runParley(['report', folder, '-o', join(dir, 'short.html'), '--no-runs'])).code).toBe(0);
  });

  it('refuses a tampered summary.json with the checks merge makes (it drew a negative count as a probability before)', async () => {
    const folder = copy('report-tampered');
    const s = JSON.parse(readFileSync(join(folder, 'summary.json'), 'utf8'));
    s.aggregate[0].outcomes[0] = -5;
    writeFileSync(join(folder, 'summary.json'), JSON.stringify(s));
    expectRefused(await runParley(['report', folder, '-o', join(dir, 'tampered.html')]), /E_BATCH_FILE: .*outcomes must be a list of counts/);
  });
});
