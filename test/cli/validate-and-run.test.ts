import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parley } from './run-cli.js';

describe('parley validate', () => {
  it('exits 0 and says ok for a clean scenario', () => {
    const r = parley(['validate', 'scenarios/supplier-duel.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('scenarios/supplier-duel.json: ok');
  });

  it('exits 2 with file:line:column, code and hint for each problem, and no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{\n  "formatVersion": 1,\n  "id": "bad",\n  "title": "Bad",\n  "question": "?",\n  "clock": { "start": "2026-01", "horizon": 5, "unti": "month" },\n  "parties": {}, "tracks": {}, "strategies": {}, "outcomes": {}\n}\n');
    const r = parley(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:6:48 error E_UNKNOWN_KEY: unknown key 'unti'`);
    expect(r.stderr).toContain("hint: did you mean 'unit'?");
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('exits 2 for a missing file with a clear message', () => {
    const r = parley(['validate', 'scenarios/nope.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('scenarios/nope.json:1:1 error E_FILE: no such file');
  });

  it('prints problems as JSON with --json', () => {
    const r = parley(['validate', '--json', 'scenarios/supplier-duel.json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ file: 'scenarios/supplier-duel.json', problems: [] }]);
  });
});

describe('parley run (one run)', () => {
  it('prints a readable timeline with the outcome and metrics', () => {
    const r = parley(['run', 'scenarios/supplier-duel.json', '--seed', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2026-01  (round 1)');
    expect(r.stdout).toMatch(/Outcome: (Deal with the newcomer|Deal with the incumbent|No deal)/);
    expect(r.stdout).toContain("City's utility:");
  });

  it('explains every choice with probabilities and draws under --trace', () => {
    const r = parley(['run', 'scenarios/supplier-duel.json', '--seed', '1', '--trace']);
    expect(r.stdout).toMatch(/→ \w.*\[.*\d+%.*draw 0\.\d{3}\]/);
  });

  it('prints the same run as JSON with --json, byte-identical for the same seed', () => {
    const a = parley(['run', 'scenarios/supplier-duel.json', '--seed', '9', '--json']);
    const b = parley(['run', 'scenarios/supplier-duel.json', '--seed', '9', '--json']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const run = JSON.parse(a.stdout);
    expect(run).toMatchObject({ formatVersion: 1, scenario: 'supplierDuel', seed: '9', strategy: 'playBoth' });
    expect(run.scenarioHash).toMatch(/^[0-9a-f]{64}$/);
    expect(run.trace.length).toBeGreaterThan(0);
  });

  it('rejects an unknown strategy with exit 2 and the list of strategies', () => {
    const r = parley(['run', 'scenarios/supplier-duel.json', '--strategy', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no strategy 'nope'");
    expect(r.stderr).toContain('playBoth');
  });

  it('rejects a bad option value with exit 2', () => {
    const r = parley(['run', 'scenarios/supplier-duel.json', '--run', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--run must be a whole number');
  });
});

describe('parley --help', () => {
  it('lists the commands', () => {
    const r = parley(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('validate');
    expect(r.stdout).toContain('run');
  });
});

describe('file problems in any command', () => {
  it('end with one line naming the file and the cause, exit 2 and no stack trace (sensitivity and pareto with --out on a file)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-outfile-'));
    const file = join(dir, 'taken');
    writeFileSync(file, 'not a folder');
    for (const args of [
      ['sensitivity', 'scenarios/supplier-duel.json', '--runs', '50', '--morris', '0', '--out', file, '--quiet'],
      ['pareto', 'scenarios/supplier-duel.json', '--runs', '50', '--out', file],
    ]) {
      const r = parley(args);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([`parley: E_WRITE_FAILED: cannot create ${file}: a file of that name is in the way (EEXIST)`]);
    }
  });
});
