#!/usr/bin/env node
// Ink draws only the last frame when it believes it runs in CI (a CI variable is set, as in some
// containers and cloud shells): the interactive screens must draw for a person at a terminal.
// Decided before Ink is imported, which reads the variable once. chalk, which Ink colours with,
// reads CI too (any CI turns its colours off), so its level is decided first, from the terminal
// (Node's getColorDepth reads TERM, COLORTERM, NO_COLOR and FORCE_COLOR), through FORCE_COLOR.
if (['play', 'explore'].includes(process.argv[2]) && process.stdout.isTTY) {
  if (!('FORCE_COLOR' in process.env)) process.env.FORCE_COLOR = String({ 1: 0, 4: 1, 8: 2, 24: 3 }[process.stdout.getColorDepth()] ?? 0);
  process.env.CI = '0';
}
// NO_COLOR (https://no-color.org: set and not empty) turns colours off everywhere, the Ink screens
// included: chalk reads FORCE_COLOR, not NO_COLOR.
if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0';
// React (under Ink) runs its development build unless NODE_ENV says production: several times the
// work per frame, taken from the batch workers while `parley explore` runs a batch live. A user's
// own NODE_ENV is kept.
if (!('NODE_ENV' in process.env)) process.env.NODE_ENV = 'production';
import('../dist/cli/main.js').then((m) => m.main(process.argv)).catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    process.stderr.write('parley: not built yet; run `npm ci` (or `npm run build`) first\n');
    process.exit(2);
  }
  throw error;
});
