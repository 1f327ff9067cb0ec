import { createElement } from 'react';
import { PlayApp, PlayInterrupted } from './PlayApp.js';
import type { PlaySession } from './play-session.js';
import { runFullScreen } from './run-full-screen.js';

/** Runs the play-through full screen (run-full-screen.ts); q leaves, Ctrl-C leaves with exit code 130. */
export async function startPlayApp(props: { session: PlaySession; savePath: string; resumed: boolean }): Promise<void> {
  try {
    await runFullScreen(createElement(PlayApp, props), { maxFps: 30 });
  } catch (error) {
    if (!(error instanceof PlayInterrupted)) throw error;
    process.exitCode = 130;
  }
}
