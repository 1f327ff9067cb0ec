import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../load-fixture.js';
import { childTimeoutMs, machineLoad } from '../run-child.js';
import { runParley, stackTraceLines } from './run-parley.js';

/**
 * Ctrl-C during a batch (part 4 of #7, owned by the batch runner; these tests check it from outside):
 * the first SIGINT keeps the runs finished in order so far, written atomically, exits 130; --resume
 * continues to the same files an uninterrupted batch writes; a second SIGINT quits without leaving a
 * half-written file.
 */
const dir = mkdtempSync(join(tmpdir(), 'parley-interrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scenario = 'scenarios/supplier-duel.json';
const RUNS = '600000';

/** Starts a batch, sends SIGINT `times` times once it has made progress, resolves on exit. */
function interruptedBatch(out: string, times: number, delayMs = 1500): Promise<{ code: number | null; stderr: string; killed: string | false }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [`${repoRoot}bin/parley.js`, 'run', scenario, '--runs', RUNS, '--seed', '3', '--workers', '2', '--out', out], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let killed: string | false = false;
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const guard = setTimeout(() => {
      killed = `killed with SIGKILL by the test's ${childTimeoutMs / 1000} s timeout, ${((performance.now() - started) / 1000).toFixed(1)} s after it started (Ctrl-C sent ${delayMs / 1000} s after runs.partial.csv appeared); ${machineLoad()}; stderr so far: ${stderr || '(nothing)'}`;
      child.kill('SIGKILL');
    }, childTimeoutMs);
    // The batch handles Ctrl-C once it has created its rows file; on a loaded machine that can take
    // longer than any fixed delay, so wait for the file, then let the batch make progress.
    const poll = setInterval(() => {
      if (!existsSync(join(out, 'runs.partial.csv'))) return;
      clearInterval(poll);
      setTimeout(() => {
        child.kill('SIGINT');
        if (times > 1) setTimeout(() => child.kill('SIGINT'), 50);
      }, delayMs);
    }, 20);
    child.on('close', () => clearInterval(poll));
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stderr, killed });
    });
  });
}

function leftovers(folder: string): string[] {
  return readdirSync(folder).filter((f) => f.startsWith('.parley-tmp-'));
}

/** summary.json without what legitimately differs between two equal batches (timing). */
function summaryWithoutTiming(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'), (key, value) => (/elapsed|duration|seconds|time|date/i.test(key) && key !== 'timeToDeal' ? undefined : value));
}

describe('Ctrl-C during a batch, and --resume', () => {
  const whole = join(dir, 'whole');
  const cut = join(dir, 'cut');

  it('an uninterrupted batch (the reference)', async () => {
    const r = await runParley(['run', scenario, '--runs', RUNS, '--seed', '3', '--workers', '2', '--out', whole, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('the first Ctrl-C keeps the runs finished in order, written whole, and exits 130', async () => {
    const r = await interruptedBatch(cut, 1);
    expect(r.killed, 'the batch did not stop after Ctrl-C').toBe(false);
    expect(stackTraceLines(r.stderr)).toEqual([]);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain('--resume');
    const summary = JSON.parse(readFileSync(join(cut, 'summary.json'), 'utf8')) as { range: { start: number; end: number }; runs: number };
    expect(summary.range.start).toBe(0);
    expect(summary.range.end).toBeLessThan(Number(RUNS));
    const lines = readFileSync(join(cut, 'runs.csv'), 'utf8').split('\n').filter((l) => l.length > 0);
    expect(lines.length - 1).toBe(summary.range.end);
    // The rows kept are exactly the first rows of the uninterrupted batch.
    const reference = readFileSync(join(whole, 'runs.csv'), 'utf8').split('\n').slice(0, lines.length);
    expect(lines).toEqual(reference);
    expect(leftovers(cut)).toEqual([]);
  });

  it('--resume continues to the same runs.csv and summary as the uninterrupted batch', async () => {
    const r = await runParley(['run', scenario, '--runs', RUNS, '--seed', '3', '--workers', '2', '--out', cut, '--resume', '--quiet']);
    expect(stackTraceLines(r.stderr)).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(cut, 'runs.csv'), 'utf8') === readFileSync(join(whole, 'runs.csv'), 'utf8')).toBe(true);
    expect(summaryWithoutTiming(join(cut, 'summary.json'))).toEqual(summaryWithoutTiming(join(whole, 'summary.json')));
    expect(leftovers(cut)).toEqual([]);
  });

  it('--resume refuses a different seed with a usage error, not a stack trace', async () => {
    const r = await runParley(['run', scenario, '--runs', RUNS, '--seed', '4', '--out', cut, '--resume', '--quiet']);
    expect(stackTraceLines(r.stderr)).toEqual([]);
    expect(r.code, r.stderr).toBe(2);
  });

  // The SIGINT handler stays installed until runs.csv and summary.json are in place; a second
  // Ctrl-C while the batch runs aborts the temporary files and leaves the previous results as they were.
  it('a second Ctrl-C quits at once with 130, leaving either the previous results or a consistent partial pair', async () => {
    const before = readFileSync(join(whole, 'summary.json'), 'utf8');
    const r = await interruptedBatch(whole, 2);
    expect(r.killed, 'the batch did not stop after two Ctrl-C').toBe(false);
    expect(stackTraceLines(r.stderr)).toEqual([]);
    expect(r.code).toBe(130);
    expect(leftovers(whole), 'temporary files left behind by a second Ctrl-C').toEqual([]);
    // The first Ctrl-C may already have written the partial batch; what must never happen is a
    // runs.csv that disagrees with summary.json.
    const after = readFileSync(join(whole, 'summary.json'), 'utf8');
    const summary = JSON.parse(after);
    const rows = readFileSync(join(whole, 'runs.csv'), 'utf8').trimEnd().split('\n').length - 1;
    expect(rows).toBe((summary.range.end - summary.range.start) * summary.arms.length);
    if (after !== before) expect(summary.stop.reason).toBe('interrupted');
  });
});
