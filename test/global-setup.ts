import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The cli and e2e projects run the real CLI from dist/: build it once before them (both projects
 * name this setup; the environment variable keeps the second from building again). The unit project
 * runs the TypeScript sources and needs no build. Type errors are reported by `npm run typecheck`
 * (and .ci/run); tsc still emits, so they do not stop the tests here.
 */
export default function setup(): void {
  if (process.env.PARLEY_TEST_DIST_BUILT === '1') return;
  const root = fileURLToPath(new URL('..', import.meta.url));
  const r = spawnSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) process.stderr.write(`warning: tsc reported errors while building dist/ for the tests:\n${r.stdout}${r.stderr}`);
  process.env.PARLEY_TEST_DIST_BUILT = '1';
}
