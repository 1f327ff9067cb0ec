import { createElement } from 'react';
import { render } from 'ink';
import { PlayApp, PlayInterrupted } from './PlayApp.js';
import type { PlaySession } from './play-session.js';

const ENTER_ALTERNATE_SCREEN = '\x1b[?1049h\x1b[H';
const LEAVE_ALTERNATE_SCREEN = '\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';

/**
 * Runs the play-through full screen: in the terminal's alternate screen (like less, vim or lazygit),
 * so the game never scrolls the user's shell history and the shell comes back as it was. q,
 * Ctrl-C (exit code 130), a crash or SIGTERM all leave through `leave()`.
 */
export async function startPlayApp(props: { session: PlaySession; savePath: string; resumed: boolean }): Promise<void> {
  const out = process.stdout;
  let left = false;
  const leave = () => {
    if (left) return;
    left = true;
    out.write(SHOW_CURSOR + LEAVE_ALTERNATE_SCREEN);
  };
  const onSignal = () => {
    instance.unmount();
    leave();
    process.exit(130);
  };
  out.write(ENTER_ALTERNATE_SCREEN);
  process.on('exit', leave);
  const instance = render(createElement(PlayApp, props), { exitOnCtrlC: false, patchConsole: true, maxFps: 30 });
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  try {
    await instance.waitUntilExit();
  } catch (error) {
    if (!(error instanceof PlayInterrupted)) throw error;
    process.exitCode = 130;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    leave();
  }
}
