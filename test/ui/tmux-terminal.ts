import { execFileSync, spawnSync } from 'node:child_process';
import { machineLoad } from '../run-child.js';

/** Whether tmux is installed (the terminal tests skip, saying so, where it is not). */
export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

/**
 * A real terminal for end-to-end tests: tmux on a private socket (so it neither sees nor disturbs
 * anyone else's tmux), one named session, keys sent with send-keys, the screen read with
 * capture-pane.
 */
export function tmuxTerminal(name: string) {
  const socket = `parley-${name}-e2e-${process.pid}`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const screen = () => tmux('capture-pane', '-p', '-t', name);
  const keys = (...k: string[]) => tmux('send-keys', '-t', name, ...k);
  /**
   * Waits until the screen shows `text`, then until it is drawn whole: a capture can catch a frame
   * half written (the header of the next round drawn, its panels not yet), so the screen returned
   * is one that still shows `text` and has not changed for 100 ms (or, on a screen that keeps moving,
   * the tenth that shows it). Text that is gone 100 ms later is returned as first seen. On time-out
   * fails with the screen and the machine's load.
   */
  const waitFor = async (text: string | RegExp, ms = 60_000): Promise<string> => {
    const until = Date.now() + ms;
    const shows = (s: string): boolean => (typeof text === 'string' ? s.includes(text) : new RegExp(text.source, text.flags.replace('g', '')).test(s));
    const pause = () => new Promise((r) => setTimeout(r, 100));
    let moving = 0;
    for (;;) {
      const s = screen();
      if (shows(s)) {
        await pause();
        const again = screen();
        if (!shows(again)) return s;
        if (again === s || ++moving >= 10) return again;
        continue;
      }
      if (Date.now() > until) throw new Error(`timed out after ${ms / 1000} s waiting for ${String(text)} (${machineLoad()}); the screen was:\n${s}`);
      await pause();
    }
  };
  /** Ends the tmux server (nothing if it is already gone). */
  const close = () => {
    if (!hasTmux) return;
    try {
      tmux('kill-server');
    } catch {
      // already gone
    }
  };
  return { tmux, screen, keys, waitFor, close };
}
