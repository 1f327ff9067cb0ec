#!/usr/bin/env node
import('../dist/cli/main.js').then((m) => m.main(process.argv)).catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    process.stderr.write('parley: not built yet; run `npm ci` (or `npm run build`) first\n');
    process.exit(2);
  }
  throw error;
});
