import { createElement } from 'react';
import { render } from 'ink';
import { ExploreApp } from './ExploreApp.js';
import type { ExploreSource } from './explore-source.js';

const ENTER_ALTERNATE_SCREEN = '\x1b[?1049h\x1b[H';
const LEAVE_ALTERNATE_SCREEN = '\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';

/**
 * Runs the explorer full screen in the terminal's alternate screen (the shell comes back as it
 * was). q or Ctrl-C leave; a live batch is stopped first. NO_COLOR (any value but empty) turns
 * colours off.
 */
export async function startExploreApp(source: ExploreSource): Promise<void> {
  const out = process.stdout;
  let left = false;
  const leave = () => {
    if (left) return;
    left = true;
    out.write(SHOW_CURSOR + LEAVE_ALTERNATE_SCREEN);
  };
  const onSignal = () => {
    source.live?.stop();
    instance.unmount();
    leave();
    process.exit(130);
  };
  out.write(ENTER_ALTERNATE_SCREEN);
  process.on('exit', leave);
  const color = !process.env['NO_COLOR'];
  const instance = render(createElement(ExploreApp, { source, color }), { exitOnCtrlC: false, patchConsole: true, maxFps: 10 });
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
