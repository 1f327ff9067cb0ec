import { spawnSync } from 'node:child_process';
import { repoRoot } from '../load-fixture.js';

/** Runs the real CLI (bin/parley.js, built by the global setup) as a user would. */
export function parley(args: string[], options: { cwd?: string; input?: string; timeout?: number } = {}) {
  const r = spawnSync(process.execPath, [`${repoRoot}bin/parley.js`, ...args], {
    cwd: options.cwd ?? repoRoot,
    input: options.input,
    encoding: 'utf8',
    timeout: options.timeout ?? 60_000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}
