import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../load-fixture.js';
import { childTimeoutMs, machineLoad } from '../run-child.js';
import { runParley, stackTraceLines } from './run-parley.js';

/**
 * Batches that survive a hard kill (#18): a batch with --out checkpoints its finished prefix, and
 * after kill -9 at any moment `--resume` ends with files byte-identical to an uninterrupted batch.
 * Kills land at chosen points through the PARLEY_FAULT hook (before, halfway through and just after
 * a checkpoint write, between the two renames of the commit), which a timer cannot hit on a loaded
 * machine, and at random moments, where the assertions hold wherever the kill lands.
 */
const dir = mkdtempSync(join(tmpdir(), 'parley-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scenario = 'scenarios/supplier-duel.json';
// 6,000 runs on 2 workers: blocks of 500, so 13 checkpoints with --checkpoint-every 0 (the empty start included).
const batch = ['run', scenario, '--runs', '6000', '--seed', '9', '--workers', '2', '--quiet'];
const reference = join(dir, 'reference');

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Runs the CLI, letting it die by a signal (runParley treats that as a failure). */
function runUntilKilled(args: readonly string[], env: Record<string, string>, killAfterMs?: number): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [`${repoRoot}bin/parley.js`, ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`\`parley ${args.join(' ')}\` ran past the test's ${childTimeoutMs / 1000} s timeout (${((performance.now() - started) / 1000).toFixed(1)} s); ${machineLoad()}; stderr: ${stderr}`));
    }, childTimeoutMs);
    const killer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      if (killer) clearTimeout(killer);
      resolve({ code, signal, stderr });
    });
  });
}

/** What a folder holds beyond the batch's outputs: temporary files, the lock, the journal. */
function leftovers(folder: string): string[] {
  return readdirSync(folder).filter((f) => !['runs.csv', 'summary.json', 'checkpoint.json'].includes(f));
}

function expectSameAsReference(folder: string): void {
  expect(readFileSync(join(folder, 'runs.csv')).equals(readFileSync(join(reference, 'runs.csv'))), `${folder}/runs.csv differs from the uninterrupted batch's`).toBe(true);
  expect(readFileSync(join(folder, 'summary.json'), 'utf8')).toBe(readFileSync(join(reference, 'summary.json'), 'utf8'));
  expect(leftovers(folder)).toEqual([]);
}

async function resume(folder: string): Promise<void> {
  const r = await runParley([...batch, '--out', folder, '--resume']);
  expect(stackTraceLines(r.stderr)).toEqual([]);
  expect(r.code, r.stderr).toBe(0);
}

beforeAll(async () => {
  const r = await runParley([...batch, '--out', reference]);
  expect(r.code, r.stderr).toBe(0);
});

describe('kill -9 during a batch, then --resume', () => {
  it('an uninterrupted batch leaves runs.csv, summary.json and the checkpoint that matches them, nothing else', () => {
    expect(leftovers(reference)).toEqual([]);
    const cp = JSON.parse(readFileSync(join(reference, 'checkpoint.json'), 'utf8'));
    expect(cp.range).toEqual({ start: 0, end: 6000 });
    expect(cp.runsCsv.rows).toBe(6000);
    expect(cp.runsCsv.bytes).toBe(readFileSync(join(reference, 'runs.csv')).length);
    expect(cp.aggregate).toEqual(JSON.parse(readFileSync(join(reference, 'summary.json'), 'utf8')).aggregate);
  });

  const points: [fault: string, keeps: number][] = [
    ['kill:checkpoint:1:during', 0], // the fresh batch's first checkpoint, cut in half
    ['kill:checkpoint:3:before', 500],
    ['kill:checkpoint:5:during', 1500],
    ['kill:checkpoint:7:after', 3000],
    ['kill:checkpoint:13:before', 5500], // the last checkpoint, the one the commit writes
    ['kill:commit', 6000], // runs.csv renamed, summary.json not yet
  ];
  for (const [fault, keeps] of points) {
    it(`${fault}: the last checkpoint keeps ${keeps} runs and --resume ends byte-identical to the uninterrupted batch`, async () => {
      const out = join(dir, fault.replace(/:/g, '-'));
      const killed = await runUntilKilled([...batch, '--out', out, '--checkpoint-every', '0'], { PARLEY_FAULT: fault });
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      if (existsSync(join(out, 'checkpoint.json'))) {
        const cp = JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8'));
        expect(cp.range.end).toBe(keeps);
      } else expect(keeps).toBe(0);
      expect(readdirSync(out), 'the lock of the killed batch').toContain('.parley.lock');
      await resume(out);
      expectSameAsReference(out);
    });
  }

  it('at random moments (three kills in a row, each resumed), ends byte-identical whatever the kills hit', async () => {
    const out = join(dir, 'random');
    const seed = Math.floor(Math.random() * 2 ** 31);
    let x = seed;
    const next = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) % 3700) + 300;
    const delays = [next(), next(), next()];
    let args = [...batch, '--out', out, '--checkpoint-every', '0'];
    for (const delay of delays) {
      const r = await runUntilKilled(args, {}, delay);
      // Killed (the usual case) or finished before the kill: never an error.
      expect(r.signal === 'SIGKILL' || r.code === 0, `kill after ${delay} ms (seed ${seed}): ${r.stderr}`).toBe(true);
      args = [...batch, '--out', out, '--checkpoint-every', '0', '--resume'];
    }
    await resume(out);
    expectSameAsReference(out);
  });
});

describe('one writer per --out folder', () => {
  it('a folder locked by a live process on this host is refused with its pid and host, and left as it was', async () => {
    const out = join(dir, 'locked');
    cpSync(reference, out, { recursive: true });
    const lock = JSON.stringify({ pid: process.pid, host: hostname(), command: 'parley run another.json', since: '2026-01-01T00:00:00.000Z' });
    writeFileSync(join(out, '.parley.lock'), lock);
    const r = await runParley([...batch, '--out', out]);
    expect(stackTraceLines(r.stderr)).toEqual([]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('E_OUT_LOCKED');
    expect(r.stderr).toContain(`process ${process.pid} on ${hostname()}`);
    expect(readFileSync(join(out, '.parley.lock'), 'utf8')).toBe(lock);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(readFileSync(join(reference, 'summary.json'), 'utf8'));
  });

  it("a dead process's lock and temporary files are taken over and removed", async () => {
    const out = join(dir, 'stale');
    cpSync(reference, out, { recursive: true });
    // A pid that has exited: a child that ran and was reaped.
    const gone = await new Promise<number>((resolve) => {
      const c = spawn(process.execPath, ['-e', '0']);
      c.on('close', () => resolve(c.pid!));
    });
    writeFileSync(join(out, '.parley.lock'), JSON.stringify({ pid: gone, host: hostname(), command: 'parley run', since: '2026-01-01T00:00:00.000Z' }));
    writeFileSync(join(out, `.parley-tmp-${gone}-runs.csv`), 'run,strategy\n0,a\n');
    writeFileSync(join(out, `.parley-tmp-${gone}-checkpoint.json`), '{"formatVersion":1,"ki');
    const r = await runParley([...batch, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expectSameAsReference(out);
  });
});
