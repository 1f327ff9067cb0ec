import { createElement } from 'react';
import { ExploreApp } from './ExploreApp.js';
import type { ExploreSource } from './explore-source.js';
import { runFullScreen } from '../run-full-screen.js';

/**
 * Runs the explorer full screen (run-full-screen.ts). q or Ctrl-C leave; a live batch is stopped
 * first. NO_COLOR (any value but empty) turns colours off.
 */
export async function startExploreApp(source: ExploreSource): Promise<void> {
  const color = !process.env['NO_COLOR'];
  await runFullScreen(createElement(ExploreApp, { source, color }), { maxFps: 10, onSignal: () => source.live?.stop() });
}
