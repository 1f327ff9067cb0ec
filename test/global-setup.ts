import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The end-to-end tests run the real CLI from dist/: build it once before the suite. Type errors are
 * reported by `npm run typecheck` (and .ci/run); tsc still emits, so they do not stop the tests here.
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const r = spawnSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) process.stderr.write(`warning: tsc reported errors while building dist/ for the tests:\n${r.stdout}${r.stderr}`);
}
