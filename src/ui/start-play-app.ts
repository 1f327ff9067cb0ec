import { createElement } from 'react';
import { PlayApp, PlayInterrupted } from './PlayApp.js';
import type { PlaySession } from './play-session.js';
import { runFullScreen } from './run-full-screen.js';

/**
 * Runs the play-through full screen (run-full-screen.ts); q leaves, Ctrl-C leaves with exit code
 * 130. What the game asks to print on the way out (where save-and-quit saved) goes to stdout after
 * the screen is restored, so it stays in the shell.
 */
export async function startPlayApp(props: { session: PlaySession; savePath: string; resumed: boolean }): Promise<void> {
  let farewell: string | undefined;
  try {
    await runFullScreen(createElement(PlayApp, { ...props, onFarewell: (text: string) => (farewell = text) }), { maxFps: 30 });
    if (farewell !== undefined) process.stdout.write(`${farewell}\n`);
  } catch (error) {
    if (!(error instanceof PlayInterrupted)) throw error;
    process.exitCode = 130;
  }
}
