import { repoRoot } from '../load-fixture.js';
import { runChildSync, type ChildResult } from '../run-child.js';

/**
 * Runs the real CLI (bin/parley.js, built by the global setup) as a user would, without colour.
 * A run killed by its timeout (default childTimeoutMs, generous for loaded machines) fails the test
 * with a message that says so, with the time it ran and what it printed.
 */
export function parley(args: string[], options: { cwd?: string; input?: string; timeout?: number } = {}): ChildResult {
  return runChildSync(process.execPath, [`${repoRoot}bin/parley.js`, ...args], {
    cwd: options.cwd ?? repoRoot,
    input: options.input,
    timeout: options.timeout,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
}
