import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '../../src/scenario/limits.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { PlaySession } from '../../src/ui/play-session.js';
import { savedGameOf } from '../../src/ui/saved-game.js';
import { repoRoot } from '../load-fixture.js';
import { runParley, stackTraceLines, type ParleyResult } from './run-parley.js';

/**
 * Every file Parley reads (scenarios, saved games, moves files, summary.json, checkpoint.json,
 * runs.csv, sensitivity.json, pareto.json) goes through one bounded reader: a FIFO, a device such
 * as /dev/zero or a folder is refused before a byte is read, and no more than one byte past a
 * file's limit is ever read. Each case must end with exit 2, one line naming the file and a stable
 * code, no stack trace, and no hang (runParley fails the test on a time-out).
 */
const dir = mkdtempSync(join(tmpdir(), 'parley-input-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = `${repoRoot}test/ui/fixtures/duel.json`;
const fifo = join(dir, 'pipe.json');
execFileSync('mkfifo', [fifo]);

function expectRefused(r: ParleyResult, file: string, code: string, what: RegExp): void {
  expect(stackTraceLines(r.stderr)).toEqual([]);
  expect(r.code, r.stderr).toBe(2);
  const line = r.stderr.split('\n').find((l) => l.includes(file) && new RegExp(`\\b${code}\\b`).test(l));
  expect(line, `expected ${code} naming ${file} in:\n${r.stderr}`).toBeDefined();
  expect(line).toMatch(what);
}

function saveOf(rounds: number) {
  const { scenario } = loadScenario(readFileSync(fixture, 'utf8'), fixture);
  const session = new PlaySession(scenario!, { seed: '3', run: 0, strategy: 'playBoth' });
  for (let i = 0; i < rounds; i++) session.playRound([]);
  return savedGameOf(session);
}

describe('scenario files that are not regular files', () => {
  for (const command of ['validate', 'lint', 'run', 'graph', 'test']) {
    it(`${command} refuses /dev/zero, a FIFO with no writer and a folder without reading them`, async () => {
      expectRefused(await runParley([command, '/dev/zero']), '/dev/zero', 'E_FILE', /a device, not a scenario file/);
      expectRefused(await runParley([command, fifo]), fifo, 'E_FILE', /a pipe \(FIFO\), not a scenario file/);
      expectRefused(await runParley([command, dir]), dir, 'E_FILE', /a folder, not a scenario file/);
    });
  }

  it('reports the file at 1:1 with the code, as every scenario problem is', async () => {
    const r = await runParley(['validate', '/dev/zero']);
    expect(r.stderr).toMatch(/^\/dev\/zero:1:1 error E_FILE: /m);
  });
});

describe('saved games and moves files', () => {
  it("play --load refuses a save whose scenario.path is /dev/zero (it is never read)", async () => {
    const file = join(dir, 'zero-scenario.save.json');
    const save = saveOf(1);
    writeFileSync(file, JSON.stringify({ ...save, scenario: { ...save.scenario, path: '/dev/zero' } }));
    expectRefused(await runParley(['play', '--load', file, '--moves', join(dir, 'none.json')]), '/dev/zero', 'E_FILE', /a device/);
  });

  it('play --load and --moves refuse a FIFO and /dev/zero', async () => {
    expectRefused(await runParley(['play', '--load', fifo]), fifo, 'E_FILE', /a pipe \(FIFO\), not a saved game file/);
    expectRefused(await runParley(['play', '--load', '/dev/zero']), '/dev/zero', 'E_FILE', /a device, not a saved game file/);
    expectRefused(await runParley(['play', fixture, '--moves', '/dev/zero']), '/dev/zero', 'E_FILE', /a device, not a moves file/);
  });

  it(`play --load refuses a save over ${limits.saveBytes} bytes, naming the limit`, async () => {
    const file = join(dir, 'huge.save.json');
    const save = JSON.stringify(saveOf(1));
    writeFileSync(file, save.slice(0, -1) + `, "padding": "${'x'.repeat(limits.saveBytes)}"}`);
    expectRefused(await runParley(['play', '--load', file]), file, 'E_FILE_TOO_LARGE', new RegExp(`limit for a saved game file is ${limits.saveBytes}`));
  });
});

describe('batch files that are not regular files', () => {
  const batch = join(dir, 'batch');
  beforeAll(async () => {
    const r = await runParley(['run', fixture, '--runs', '40', '--seed', '1', '--out', batch, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
  });

  /** A copy of the batch folder with one file replaced by a link to /dev/zero or by a FIFO. */
  function variant(name: string, file: string, by: 'zero' | 'fifo'): string {
    const copy = join(dir, name);
    cpSync(batch, copy, { recursive: true });
    unlinkSync(join(copy, file));
    if (by === 'zero') symlinkSync('/dev/zero', join(copy, file));
    else execFileSync('mkfifo', [join(copy, file)]);
    return copy;
  }

  it('merge refuses a summary.json that is /dev/zero and a runs.csv that is a FIFO', async () => {
    const a = variant('merge-zero', 'summary.json', 'zero');
    expectRefused(await runParley(['merge', a, '--out', join(dir, 'merged-1')]), join(a, 'summary.json'), 'E_FILE', /a device, not a summary.json file/);
    const b = variant('merge-fifo', 'runs.csv', 'fifo');
    expectRefused(await runParley(['merge', b, '--out', join(dir, 'merged-2')]), join(b, 'runs.csv'), 'E_FILE', /a pipe \(FIFO\), not a runs.csv file/);
  });

  it('run --resume refuses a checkpoint.json that is /dev/zero and a runs.csv that is a FIFO', async () => {
    const a = variant('resume-zero', 'checkpoint.json', 'zero');
    expectRefused(await runParley(['run', fixture, '--runs', '80', '--seed', '1', '--out', a, '--resume', '--quiet']), join(a, 'checkpoint.json'), 'E_FILE', /a device, not a checkpoint.json file/);
    const b = variant('resume-fifo', 'runs.csv', 'fifo');
    expectRefused(await runParley(['run', fixture, '--runs', '80', '--seed', '1', '--out', b, '--resume', '--quiet']), join(b, 'runs.csv'), 'E_FILE', /a pipe \(FIFO\), not a runs.csv file/);
  });

  it('report refuses a sensitivity.json that is /dev/zero and a runs.csv that is a FIFO', async () => {
    const a = join(dir, 'report-zero');
    cpSync(batch, a, { recursive: true });
    symlinkSync('/dev/zero', join(a, 'sensitivity.json'));
    expectRefused(await runParley(['report', a, '--scenario', fixture, '-o', join(dir, 'r1.html')]), join(a, 'sensitivity.json'), 'E_FILE', /a device/);
    const b = variant('report-fifo', 'summary.json', 'fifo');
    expectRefused(await runParley(['report', b, '--scenario', fixture, '-o', join(dir, 'r2.html')]), join(b, 'summary.json'), 'E_FILE', /a pipe/);
  });

  it(`refuses a summary.json over ${limits.batchJsonBytes} bytes`, async () => {
    const a = join(dir, 'merge-huge');
    cpSync(batch, a, { recursive: true });
    const text = readFileSync(join(a, 'summary.json'), 'utf8').trimEnd();
    writeFileSync(join(a, 'summary.json'), text.slice(0, -1) + `, "padding": "${'x'.repeat(limits.batchJsonBytes)}"}\n`);
    expectRefused(await runParley(['merge', a, '--out', join(dir, 'merged-3')]), join(a, 'summary.json'), 'E_FILE_TOO_LARGE', new RegExp(String(limits.batchJsonBytes)));
  });
});

