import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { hasTmux, tmuxTerminal } from './tmux-terminal.js';

/**
 * Drives the real `parley play` in a real terminal: tmux on a private socket (so it neither sees
 * nor disturbs anyone else's tmux), 120x40, keys sent with send-keys, the screen read with
 * capture-pane. The built CLI comes from the global setup.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'parley-play-'));
const { tmux, screen, keys, waitFor, close } = tmuxTerminal('play');

/** Presses a key and waits for the screen to show what it should lead to. */
async function press(key: string, then: string | RegExp, ms?: number): Promise<string> {
  keys(key);
  return waitFor(then, ms);
}

/**
 * The first key after the program starts: a key typed before Ink has put the terminal in raw mode
 * can be swallowed by the line discipline (a person would press it again), so press it again, but
 * only while the prompt it answers is still on the screen.
 */
async function pressFirst(key: string, then: string | RegExp, prompt: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    keys(key);
    try {
      return await waitFor(then, 3000);
    } catch (error) {
      if (attempt >= 9 || !screen().includes(prompt)) return waitFor(then);
    }
  }
}

function start(args: string): void {
  try {
    tmux('kill-session', '-t', 'play');
  } catch {
    // no session yet
  }
  const command = `node ${join(root, 'bin/parley.js')} play ${args}; echo "EXITED rc=$?"; sleep 60`;
  tmux('new-session', '-d', '-s', 'play', '-x', '120', '-y', '40', '-c', dir, command);
}

afterAll(() => {
  close();
  rmSync(dir, { recursive: true, force: true });
});

describe('parley play in a terminal', () => {
  it.skipIf(!hasTmux)(
    hasTmux ? 'plays rounds, undoes one, saves, quits, resumes with --load and finishes the game' : 'SKIPPED: tmux is not installed (.ci/run installs it with apt-get)',
    async () => {
      const scenario = join(root, 'scenarios/supplier-duel.json');
      start(`${scenario} --seed 3`);
      const intro = await waitFor('Press Enter to start.');
      expect(intro).toContain('Supplier duel: a city buys electric buses');
      expect(intro).toContain('You play City transit agency');

      let s = await pressFirst('Enter', 'Moves ·', 'Press Enter to start.');
      expect(s).toContain('round 1/12 · 2026-01');
      expect(s).toMatch(/╭─ Incumbent/);
      expect(s).toMatch(/╭─ Newcomer/);
      expect(s).toContain('Enter choose │ w end round │ a advisor │ u undo │ s save │ ? help │ q quit');
      // The frame is one line short of the terminal: Ink never has to clear the screen.
      expect(s.split('\n').filter((l) => l.trim() !== '').length).toBe(39);

      // Round 1: shortlist the newcomer (second move in the list).
      s = await press('j', /› Newcomer\s+Shortlist the newcomer/);
      s = await press('Enter', 'round 2/12');
      expect(s).toContain('You → Newcomer: Shortlist the newcomer');
      expect(s).toMatch(/╭─ Newcomer[^\n]*\n[^\n]*shortlisted/);
      // Round 2: wait.
      s = await press('w', 'round 3/12');
      expect(s).toContain('you waited');

      // Undo round 2.
      s = await press('u', 'Undo — go back to the start of a round');
      expect(s).toContain('Round 2 · 2026-02 — you then: waited');
      s = await press('Enter', 'Back at the start of round 2.');
      expect(s).toContain('round 2/12 · 2026-02');

      // Save, and quit without a question (nothing unsaved).
      await press('s', 'Save to:');
      await press('Enter', 'Saved. Resume with: parley play --load supplierDuel-seed3.parley-save.json');
      const file = join(dir, 'supplierDuel-seed3.parley-save.json');
      expect(existsSync(file)).toBe(true);
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { formatVersion: number; seed: string; rounds: unknown[] };
      expect(saved).toMatchObject({ formatVersion: 1, seed: '3', rounds: [[{ move: 'newcomer.shortlist' }]] });
      s = await press('q', 'EXITED rc=0');
      expect(s).not.toContain('Moves ·'); // the alternate screen is gone: the shell is back as it was

      // Resume, and play to the end.
      start(`--load ${file}`);
      await waitFor('Press Enter to resume the saved game at round 2.');
      s = await pressFirst('Enter', 'round 2/12', 'Press Enter to resume');
      expect(s).toMatch(/╭─ Newcomer[^\n]*\n[^\n]*shortlisted/);
      for (let i = 0; i < 14 && !screen().includes('Game over'); i++) {
        const before = screen().match(/round (\d+)\/12/)?.[1];
        keys('w');
        await waitFor((before ? new RegExp(`round (?!${before}/)\\d+/12|Game over`) : /Game over/) as RegExp);
      }
      s = await waitFor('simulated runs with “Play both bidders”', 120_000);
      expect(s).toContain('Game over');
      expect(s).toMatch(/your utility \(City transit agency\) \d/);
      expect(s).toContain('Key moments');
      expect(s).toContain('You → Newcomer: Shortlist the newcomer');

      // Quitting after unsaved rounds asks first.
      await press('q', 'You have unsaved progress. Quit anyway?');
      await press('y', 'EXITED rc=0');
    },
    180_000,
  );
});

describe('Ctrl-C in parley play', () => {
  it.skipIf(!hasTmux)(hasTmux ? 'leaves at once with exit code 130 and the shell screen back' : 'SKIPPED: tmux is not installed', async () => {
    start(`${join(root, 'scenarios/supplier-duel.json')} --seed 4`);
    await waitFor('Press Enter to start.');
    await pressFirst('Enter', 'Moves ·', 'Press Enter to start.');
    const s = await press('C-c', 'EXITED rc=130');
    // The alternate screen is gone: the game's panels are no longer on the screen.
    expect(s).not.toContain('Moves ·');
  });
});
