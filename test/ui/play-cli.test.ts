import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { PlaySession } from '../../src/ui/play-session.js';
import { savedGameOf } from '../../src/ui/saved-game.js';
import { runChildSync } from '../run-child.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = join(root, 'test/ui/fixtures/duel.json');
const dir = mkdtempSync(join(tmpdir(), 'parley-play-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the built CLI without a terminal: stdin is an empty pipe, as in CI. */
function parley(...args: string[]) {
  return runChildSync(process.execPath, [join(root, 'bin/parley.js'), ...args], { input: '' });
}

function saveOf(rounds: number) {
  const { scenario } = loadScenario(readFileSync(fixture, 'utf8'), fixture);
  const session = new PlaySession(scenario!, { seed: '3', run: 0, strategy: 'playBoth' });
  for (let i = 0; i < rounds; i++) session.playRound([]);
  return savedGameOf(session);
}

describe('parley play without a terminal', () => {
  it('plays a scripted game with --moves and prints its timeline', () => {
    const moves = join(dir, 'moves.json');
    writeFileSync(moves, JSON.stringify([[{ move: 'newcomer.shortlist' }], 'wait', [{ move: 'newcomer.offer', offer: { price: 500 } }]]));
    const r = parley('play', fixture, '--seed', '3', '--moves', moves);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('seed 3, run 0, strategy scripted moves, then playBoth');
    expect(r.stdout).toContain('move      Newcomer: Make an offer  {price=500, maintenance=fiveYear}');
    expect(r.stdout).toMatch(/Outcome: /);
  });

  it('names the scripted round whose move is not available, and exits 2', () => {
    const moves = join(dir, 'bad-moves.json');
    writeFileSync(moves, JSON.stringify(['wait', [{ move: 'newcomer.offer' }]]));
    const r = parley('play', fixture, '--seed', '3', '--moves', moves);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/round 2 of the moves file .*newcomer\.offer.* is not available/);
  });

  describe('when a random response makes a scripted move unavailable (pair.json, seed 15: pushing A lifts the mood, and offering to B needs world.mood < 0.7)', () => {
    const pair = join(root, 'test/ui/fixtures/pair.json');

    it('still aborts on a move that is not optional (exit 2), saying why and naming "ifAvailable"', () => {
      const moves = join(dir, 'pair-required.json');
      writeFileSync(moves, JSON.stringify([[{ move: 'a.push' }], [{ move: 'b.offer' }]]));
      const r = parley('play', pair, '--seed', '15', '--moves', moves);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`parley: E_MOVE: ${moves}: round 2 of the moves file (game round 1): move 'b.offer' is not available now: its condition does not hold: world.mood < 0.7`);
      expect(r.stderr).toContain('hint: to skip it when it is not available, write {"move": "b.offer", "ifAvailable": true}');
    });

    it('skips a move marked "ifAvailable", plays the rest of the round and of the script, and reports which and why', () => {
      const moves = join(dir, 'pair-optional.json');
      writeFileSync(moves, JSON.stringify([[{ move: 'a.push' }], [{ move: 'b.offer', ifAvailable: true }, { move: 'a.offer' }], [{ firstAvailable: [{ move: 'b.offer' }, { move: 'b.ask' }] }]]));
      const r = parley('play', pair, '--seed', '15', '--moves', moves);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/2026-02 {2}\(round 2\)\n {2}move {6}A: Offer to A/);
      expect(r.stdout).toMatch(/2026-03 {2}\(round 3\)\n {2}move {6}B: Ask B/);
      expect(r.stdout).toContain('Skipped scripted moves (marked "ifAvailable", not available in their round)\n  round 2 of the moves file (game round 1): b.offer: its condition does not hold: world.mood < 0.7\n');
    });

    it('skips optional rounds after the end of the game, but not required ones', () => {
      const moves = join(dir, 'pair-long.json');
      const rounds = [[{ move: 'a.push' }], ...Array.from({ length: 8 }, () => [{ move: 'a.push', ifAvailable: true }])];
      writeFileSync(moves, JSON.stringify(rounds));
      const r = parley('play', pair, '--seed', '15', '--moves', moves);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/round 9 of the moves file \(game round \d+\): a\.push: (the game has ended|track 'a' has ended)/);
      writeFileSync(moves, JSON.stringify([...rounds, [{ move: 'a.push' }]]));
      const required = parley('play', pair, '--seed', '15', '--moves', moves);
      expect(required.code).toBe(2);
      expect(required.stderr).toContain('or mark their moves "ifAvailable": true');
    });
  });

  it('exits 2 with a clear message instead of failing on raw mode', () => {
    const r = parley('play', fixture);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('parley play needs an interactive terminal');
    expect(r.stderr).toContain('--moves');
  });

  it('refuses a saved game from a newer format version (exit 2)', () => {
    const file = join(dir, 'newer.json');
    writeFileSync(file, JSON.stringify({ ...saveOf(1), formatVersion: 99 }));
    const r = parley('play', '--load', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/format version 99; this parley reads up to 1/);
  });

  it('refuses a saved game whose scenario changed (exit 2)', () => {
    const file = join(dir, 'other.json');
    const save = saveOf(1);
    writeFileSync(file, JSON.stringify({ ...save, scenario: { ...save.scenario, hash: '0'.repeat(64) } }));
    const r = parley('play', '--load', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/different version of the scenario/);
  });

  it('continues a saved game with scripted moves', () => {
    const file = join(dir, 'saved.json');
    writeFileSync(file, JSON.stringify(saveOf(2)));
    const moves = join(dir, 'more.json');
    writeFileSync(moves, JSON.stringify([[{ move: 'newcomer.shortlist' }]]));
    const r = parley('play', '--load', file, '--moves', moves);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2026-03 {2}\(round 3\)\n {2}move {6}Newcomer: Shortlist the newcomer/);
  });
  it('refuses an offer outside its issue\'s range in a moves file, naming the file, the round and the range (it was clamped silently)', () => {
    const moves = join(dir, 'far-offer.json');
    writeFileSync(moves, JSON.stringify([[{ move: 'newcomer.shortlist' }], [{ move: 'newcomer.offer', offer: { price: 5000 } }]]));
    const r = parley('play', fixture, '--seed', '3', '--moves', moves);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`parley: E_OFFER: ${moves}: round 2 of the moves file`);
    expect(r.stderr).toMatch(/offer price = 5000 of move 'newcomer\.offer' is outside its range: a number from 450 to 650/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('refuses an offer for an issue the move does not offer, and an enum offer outside its values', () => {
    const moves = join(dir, 'wrong-issue.json');
    writeFileSync(moves, JSON.stringify([[{ move: 'newcomer.shortlist', offer: { price: 500 } }]]));
    const r = parley('play', fixture, '--seed', '3', '--moves', moves);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/E_OFFER: .*round 1 of the moves file .*'newcomer\.shortlist' does not offer 'price'/);
    writeFileSync(moves, JSON.stringify([[{ move: 'newcomer.shortlist' }], [{ move: 'newcomer.offer', offer: { maintenance: 'forever' } }]]));
    const e = parley('play', fixture, '--seed', '3', '--moves', moves);
    expect(e.code, e.stderr).toBe(2);
    expect(e.stderr).toMatch(/E_OFFER: .*round 2 of the moves file .*maintenance = "forever" .* is not one of its values/);
  });

  it('checks the snapshots of a tampered saved game before continuing it with --moves', () => {
    const moves = join(dir, 'continue.json');
    writeFileSync(moves, JSON.stringify([[{ move: 'newcomer.shortlist' }]]));
    const save = saveOf(2);
    const file = join(dir, 'tampered.json');
    const snapshots = save.snapshots.map((s, i) => (i === 1 ? { ...s, world: { ...s.world, [Object.keys(s.world)[0]!]: 12345 } } : s));
    writeFileSync(file, JSON.stringify({ ...save, snapshots }));
    const r = parley('play', '--load', file, '--moves', moves);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`parley: E_SAVE_REPLAY: ${file}: the saved game replays to a different position than it was saved at (decision point 2`);
    // Snapshots removed or added are refused too (the check used to look at the last one only, if any).
    writeFileSync(file, JSON.stringify({ ...save, snapshots: [] }));
    const none = parley('play', '--load', file, '--moves', moves);
    expect(none.code, none.stderr).toBe(2);
    expect(none.stderr).toMatch(/E_SAVE_REPLAY: .*records 0 decision points, its 2 rounds replay to 3/);
  });

  it('refuses a saved game cut short, naming the file (E_SAVE_JSON)', () => {
    const file = join(dir, 'cut.json');
    const text = JSON.stringify(saveOf(2), null, 2);
    writeFileSync(file, text.slice(0, Math.floor(text.length / 2)));
    const r = parley('play', '--load', file);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^parley: E_SAVE_JSON: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a saved game`, 'm'));
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
