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
});
