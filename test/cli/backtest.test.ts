import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parley } from './run-cli.js';

const RESOLVED = 'test/fixtures/backtest/resolved';

describe('parley backtest', () => {
  it('scores each resolved scenario against its real outcome and a base rate, and skips the unresolved', () => {
    const r = parley(['backtest', RESOLVED, '--runs', '2000', '--workers', '1', '--seed', '3']);
    expect(r.code, r.stderr).toBe(0);
    // A certain, right forecast: Brier 0, CRPS 0; the uniform base rate: Brier 0.25.
    expect(r.stdout).toMatch(/certainDeal\s+2025-12-20\s+deal\s+1\.000\s+0\.500\s+0\.000\s+0\.250\s+0\.000\s+0\.693\s+0\.000/);
    expect(r.stdout).toContain('Reliability');
    expect(r.stdout).toContain(`skipped ${RESOLVED}/unresolved.json: no "resolution"`);
  });

  it('prints the scores as JSON with --json, with the known answers of the hand-made cases', () => {
    const r = parley(['backtest', RESOLVED, '--runs', '4000', '--workers', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ formatVersion: 1, kind: 'parley-backtest', runs: 4000, seed: '1' });
    const [certain, coin] = report.cases;
    expect(certain).toMatchObject({ id: 'certainDeal', strategy: 'waitThenSign', baseRateSource: 'uniform', model: { brier: 0, crps: 0 } });
    expect(certain.resolution.dealRound).toBe(2);
    // A coin flip that came up "refused": Brier about 0.25; CRPS 0.5^2 for each of 6 rounds = 1.5.
    expect(coin.model.brier).toBeCloseTo(0.25, 1);
    expect(coin.model.crps).toBeCloseTo(1.5, 1);
    expect(coin.baseRateSource).toBe('declared');
    expect(coin.baseline.brier).toBeCloseTo(0.0625, 12);
    expect(report.skipped).toEqual([{ file: `${RESOLVED}/unresolved.json`, reason: 'no "resolution": not a resolved case' }]);
    expect(report.reliability).toHaveLength(5);
  });

  it('gives the same JSON for the same seed whatever the number of workers', () => {
    const one = parley(['backtest', RESOLVED, '--runs', '1500', '--workers', '1', '--json']);
    const two = parley(['backtest', RESOLVED, '--runs', '1500', '--workers', '2', '--json']);
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
  });

  it('writes backtest.json atomically to --out, with a format version, leaving no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-backtest-'));
    const r = parley(['backtest', RESOLVED, '--runs', '500', '--workers', '1', '--out', dir, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(readdirSync(dir)).toEqual(['backtest.json']);
    const report = JSON.parse(readFileSync(join(dir, 'backtest.json'), 'utf8'));
    expect(report.formatVersion).toBe(1);
    expect(report.cases.map((c: { hash: string }) => c.hash)).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/), expect.stringMatching(/^[0-9a-f]{64}$/)]);
  });

  it('exits 2 with every located problem of a bad scenario and scores nothing', () => {
    const r = parley(['backtest', 'test/fixtures/backtest/bad', '--runs', '100']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('test/fixtures/backtest/bad/bad-resolution.json:36:27 error E_RESOLUTION_DATE');
    expect(r.stderr).toMatch(/bad-resolution\.json:36:\d+ error E_UNKNOWN_OUTCOME: no outcome 'refusd'\n {4}hint: did you mean 'refused'\?/);
    expect(r.stderr).toContain('E_BASE_RATE');
    expect(r.stderr).toContain('1 of 2 scenario files have errors; nothing was scored');
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('exits 2 with a code for a missing folder and for a folder with no resolved scenario', () => {
    const missing = parley(['backtest', 'test/fixtures/backtest/nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('parley: E_BACKTEST_FOLDER: test/fixtures/backtest/nope: no such folder');
    const dir = mkdtempSync(join(tmpdir(), 'parley-unresolved-'));
    copyFileSync(`${RESOLVED}/unresolved.json`, join(dir, 'unresolved.json'));
    const none = parley(['backtest', dir]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`parley: E_NO_RESOLUTION: ${dir}: none of its 1 scenario records a real outcome`);
    expect(none.stderr).not.toMatch(/^\s+at /m);
  });
});
