#!/usr/bin/env node
// Ink draws only the last frame when it believes it runs in CI (a CI variable is set, as in some
// containers and cloud shells): the interactive screens must draw for a person at a terminal.
// Decided before Ink is imported, which reads the variable once.
if (['play', 'explore'].includes(process.argv[2]) && process.stdout.isTTY) process.env.CI = '0';
import('../dist/cli/main.js').then((m) => m.main(process.argv)).catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    process.stderr.write('parley: not built yet; run `npm ci` (or `npm run build`) first\n');
    process.exit(2);
  }
  throw error;
});
