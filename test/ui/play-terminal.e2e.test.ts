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

function start(args: string, size: { readonly columns: number; readonly rows: number } = { columns: 120, rows: 40 }, env = ''): void {
  try {
    tmux('kill-session', '-t', 'play');
  } catch {
    // no session yet
  }
  const command = `${env} node ${join(root, 'bin/parley.js')} play ${args}; echo "EXITED rc=$?"; sleep 60`;
  tmux('new-session', '-d', '-s', 'play', '-x', String(size.columns), '-y', String(size.rows), '-c', dir, command);
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
      expect(s).toContain('Enter choose │ w end round │ a advisor │ n news │ u undo │ s save │ ? help │ q quit');
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

describe('colours in parley play', () => {
  /** SGR sequences that set a foreground or background colour (bold and inverse are not colours). */
  const colour = /\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m/;
  const coloured = () => tmux('capture-pane', '-e', '-p', '-t', 'play');

  it.skipIf(!hasTmux)(hasTmux ? 'are on in a terminal and off everywhere, the game screen included, under NO_COLOR' : 'SKIPPED: tmux is not installed', async () => {
    const scenario = join(root, 'scenarios/supplier-duel.json');
    start(`${scenario} --seed 3`, { columns: 80, rows: 24 });
    await waitFor('Press Enter to start.');
    await pressFirst('Enter', 'Moves ·', 'Press Enter to start.');
    expect(coloured()).toMatch(colour);
    keys('q');
    await waitFor('EXITED rc=0');
    start(`${scenario} --seed 3`, { columns: 80, rows: 24 }, 'NO_COLOR=1');
    await waitFor('Press Enter to start.');
    expect(coloured()).not.toMatch(colour);
    await pressFirst('Enter', 'Moves ·', 'Press Enter to start.');
    expect(coloured()).not.toMatch(colour);
    await press('?', 'Help — ↑↓ scroll');
    expect(coloured()).not.toMatch(colour);
    keys('q');
    await press('q', 'EXITED rc=0');
  });
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

describe('parley play at 80x24, the smallest screen it supports', () => {
  const small = { columns: 80, rows: 24 };
  /** The lines of the screen between the first line that matches `from` and the panel's bottom border. */
  const panelBelow = (s: string, from: RegExp): string[] => {
    const lines = s.split('\n');
    const i = lines.findIndex((l) => from.test(l));
    const rest = lines.slice(i + 1);
    return rest.slice(0, rest.findIndex((l) => l.includes('╰')));
  };

  it.skipIf(!hasTmux)(
    hasTmux ? 'shows every screen of the flagship with its key numbers: a scrolling intro, responses before descriptions, scrolling help with the glossary, the news' : 'SKIPPED: tmux is not installed',
    async () => {
      start(`${join(root, 'scenarios/turkey-rare-earths.yaml')} --seed 253944`, small);
      // The intro does not fit: it says how much more there is, and scrolls.
      let s = await waitFor('Press Enter to start.');
      expect(s).toMatch(/↓ \d+ more/);
      s = await pressFirst('j', /↑ 1 more/, 'Press Enter to start.');
      s = await press('Enter', 'Moves ·');
      expect(s).toContain('round 1/36');
      // The selected move: its responses' probabilities first, then the values.
      const detail = panelBelow(s, /╭─ China: /);
      expect(detail[0]).toMatch(/│\s+\d+(\.\d)?% [█░]+ \S/);
      expect(detail.findIndex((l) => /\d+(\.\d)?% [█░]/.test(l))).toBeLessThan(detail.findIndex((l) => l.includes('worth to you')));
      expect(s).toMatch(/worth to you \d\.\d{3} \(your BATNA \d\.\d{3}\)/);
      // More moves than fit: a marker says how many.
      expect(s).toMatch(/↓ \d+ more/);
      // Help scrolls down to the glossary.
      s = await press('?', 'Help — ↑↓ scroll');
      expect(s).toMatch(/↓ \d+ more/);
      s = await press('G', /seed\s+fixes the game's dice/);
      expect(s).toMatch(/↑ \d+ more/);
      s = await press('k', /↓ \d+ more/);
      expect(s).toMatch(/↑ \d+ more/);
      // Page through the whole help from the top: every glossary entry shows on some page.
      let seen = await press('g', /Each round, world events happen first/);
      for (let page = 0; page < 12; page++) {
        const before = screen();
        keys('PageDown');
        let now = before;
        for (let t = 0; t < 100 && now === before; t++) {
          await new Promise((r) => setTimeout(r, 100));
          now = screen();
        }
        if (now === before) break; // the last page
        seen += now;
      }
      for (const term of ['utility', 'BATNA', 'reservation', 'surplus', 'stage bar', 'stance']) expect(seen).toMatch(new RegExp(`│ ${term}\\s`));
      s = await press('Escape', 'Moves ·');
      // Wait a round, then the whole news.
      s = await press('w', 'round 2/36');
      s = await press('n', 'News of the game');
      expect(s).toMatch(/2025-11 · round 1|2025-12 · round 2/);
      s = await press('Escape', 'Moves ·');
      // Save and quit: the shell shows where the game went.
      await press('q', 'Quit anyway?');
      s = await press('s', 'EXITED rc=0');
      const saved = join(dir, 'turkeyRareEarths-seed253944.parley-save.json');
      expect(s.replace(/\n/g, '')).toContain(`Saved the game to ${saved}`);
      expect(s).toContain('Resume with: parley play --load turkeyRareEarths-seed253944.parley-save.json');
      expect(existsSync(saved)).toBe(true);
    },
    180_000,
  );

  it.skipIf(!hasTmux)(
    hasTmux ? 'shows the offer editor with the chance of "accepts", and the advisor with its paired verdict, on the supplier duel' : 'SKIPPED: tmux is not installed',
    async () => {
      start(`${join(root, 'scenarios/supplier-duel.json')} --seed 3`, small);
      await waitFor('Press Enter to start.');
      let s = await pressFirst('Enter', 'Moves ·', 'Press Enter to start.');
      // The incumbent's offer (first move) opens the editor.
      s = await press('Enter', 'Offer to Incumbent bus maker');
      expect(s).toMatch(/\d+(\.\d)?% [█░]+ accepts/);
      expect(s).toMatch(/\d+(\.\d)?% [█░]+ holds firm/);
      expect(s).toMatch(/worth to you \d\.\d{3}/);
      s = await press('Escape', 'Moves ·');
      s = await press('a', /done · \d+\/\d+ rollouts/, 120_000);
      expect(s).toMatch(/(★ lead over the runner-up:|no clear best: top two differ by) [+−]\d\.\d{3} ±\d\.\d{3} \(paired, 1000 rollouts\)/);
      expect(s).toMatch(/Newcomer: Shortlist[^\n]*?\s0\.\d{3} ±0\.\d{3}/);
      expect(s).toMatch(/\d+(\.\d)?% \[\d/);
      await press('Escape', 'Moves ·');
      await press('q', 'EXITED rc=0');
    },
    180_000,
  );
});
