import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

describe('parley run --knob', () => {
  const duel = 'scenarios/supplier-duel.json';

  it('plays one run with the knobs given, and the defaults for the others', () => {
    const given = parley(['run', duel, '--strategy', 'tunedDuel', '--seed', '1', '--knob', 'lead=incumbent', '--knob', 'opening=600', '--json']);
    expect(given.code).toBe(0);
    const run = JSON.parse(given.stdout);
    expect(run.knobs).toEqual({ lead: 'incumbent', opening: 600 });
    expect(run.trace[0]).toMatchObject({ kind: 'move', track: 'incumbent', move: 'offer', offer: { price: 600, maintenance: 'fiveYear' } });
    const plain = JSON.parse(parley(['run', duel, '--strategy', 'tunedDuel', '--seed', '1', '--json']).stdout);
    expect(plain.trace[0]).toMatchObject({ kind: 'move', track: 'newcomer', move: 'shortlist' });
    expect(plain.knobs).toBeUndefined();
    const text = parley(['run', duel, '--strategy', 'tunedDuel', '--seed', '1', '--knob', 'lead=incumbent,opening=600']);
    expect(text.stdout).toContain('strategy tunedDuel (lead=incumbent, opening=600)');
    expect(text.stdout).toContain('Incumbent: Make an offer  {price=600, maintenance=fiveYear}');
  });

  it('plays a batch with the knobs on the strategy that declares them, records them, and replays a run of it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-knob-'));
    const args = ['run', duel, '--runs', '300', '--seed', '4', '--workers', '1', '--quiet', '--strategy', 'tunedDuel,playBoth'];
    expect(parley([...args, '--knob', 'lead=incumbent', '--knob', 'switchAt=3', '--out', join(dir, 'k')]).code).toBe(0);
    expect(parley([...args, '--out', join(dir, 'd')]).code).toBe(0);
    const knobbed = JSON.parse(readFileSync(join(dir, 'k', 'summary.json'), 'utf8'));
    const plain = JSON.parse(readFileSync(join(dir, 'd', 'summary.json'), 'utf8'));
    expect(knobbed.arms.map((a: { knobs?: unknown }) => a.knobs)).toEqual([{ lead: 'incumbent', switchAt: 3 }, undefined]);
    expect(knobbed.results[0].outcomes).not.toEqual(plain.results[0].outcomes);
    expect(knobbed.results[1].outcomes).toEqual(plain.results[1].outcomes);
    const row = readFileSync(join(dir, 'k', 'runs.csv'), 'utf8').split('\n')[1]!.split(',');
    const replay = JSON.parse(parley(['replay', duel, '--seed', '4', '--run', row[0]!, '--strategy', 'tunedDuel', '--knob', 'lead=incumbent', '--knob', 'switchAt=3', '--json']).stdout);
    expect(replay.knobs).toEqual({ lead: 'incumbent', switchAt: 3 });
    expect(replay.outcome).toBe(row[row.indexOf('tunedDuel') + 1]);
  });

  it.each([
    [['--knob', 'leed=incumbent'], "E_KNOB_VALUE: --knob leed=incumbent: no knob 'leed' in strategy tunedDuel", "did you mean 'lead'? the knobs are lead: one of newcomer, incumbent; switchAt: a number from 0 to 11 in steps of 1"],
    [['--knob', 'switchAt=12'], "E_KNOB_VALUE: --knob switchAt=12: 12 is outside the knob's range [0, 11]", "knob 'switchAt' of strategy 'tunedDuel' takes a number from 0 to 11 in steps of 1"],
    [['--knob', 'opening=525'], "E_KNOB_VALUE: --knob opening=525: 525 is not on the knob's grid (nearest: 520 or 530)", 'takes a number from 460 to 620 in steps of 10 (460, 470, 480, ..., 620)'],
    [['--knob', 'maintenance=forever'], "E_KNOB_VALUE: --knob maintenance=forever: 'forever' is not a choice of the knob", "knob 'maintenance' of strategy 'tunedDuel' takes one of inHouse, fiveYear, tenYear"],
    [['--knob', 'walkAway=high'], 'E_KNOB_VALUE: --knob walkAway=high: the value must be a number', 'takes a number from 500 to 650 in steps of 10'],
    [['--knob', 'lead'], "E_KNOB_VALUE: --knob 'lead': expected name=value", 'for example --knob lead=newcomer'],
  ])('rejects %j with exit 2, the code and the knob\'s domain, one run or a batch', (knob, message, hint) => {
    for (const extra of [[], ['--runs', '10']]) {
      const r = parley(['run', duel, '--strategy', 'tunedDuel', ...extra, ...knob]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`parley: ${message}`);
      expect(r.stderr).toContain(hint);
      expect(r.stderr).not.toMatch(/^\s+at /m);
    }
  });

  it('rejects a knob of a strategy without knobs', () => {
    const r = parley(['run', duel, '--strategy', 'playBoth', '--runs', '10', '--knob', 'lead=incumbent']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("E_KNOB_VALUE: --knob lead=incumbent: no knob 'lead' in strategy playBoth");
    expect(r.stderr).toContain('playBoth declares no knobs');
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
