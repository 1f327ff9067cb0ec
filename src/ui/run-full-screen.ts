import type { ReactElement } from 'react';
import { render } from 'ink';

const ENTER_ALTERNATE_SCREEN = '\x1b[?1049h\x1b[H';
const LEAVE_ALTERNATE_SCREEN = '\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';

/**
 * Runs an Ink app full screen, in the terminal's alternate screen (like less, vim or lazygit), so it
 * never scrolls the user's shell history and the shell comes back as it was. Leaving, by the app's
 * own exit, a crash, SIGTERM or SIGHUP (exit code 130, after `onSignal`), always restores the
 * screen and the cursor. Resolves when the app exits; rejects with what it exits with.
 */
export async function runFullScreen(app: ReactElement, options: { readonly maxFps: number; readonly onSignal?: () => void }): Promise<void> {
  const out = process.stdout;
  let left = false;
  const leave = () => {
    if (left) return;
    left = true;
    out.write(SHOW_CURSOR + LEAVE_ALTERNATE_SCREEN);
  };
  const onSignal = () => {
    options.onSignal?.();
    instance.unmount();
    leave();
    process.exit(130);
  };
  out.write(ENTER_ALTERNATE_SCREEN);
  process.on('exit', leave);
  const instance = render(app, { exitOnCtrlC: false, patchConsole: true, maxFps: options.maxFps });
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  try {
    await instance.waitUntilExit();
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    leave();
  }
}
