import { repoRoot } from '../load-fixture.js';
import { runChild, type ChildResult } from '../run-child.js';

export type ParleyResult = ChildResult;

/**
 * Runs the real CLI (bin/parley.js, built by the global setup) without blocking the test process,
 * so fixture files can be checked concurrently. A hang is a failure: the child is killed after
 * `timeout` ms (default childTimeoutMs) and the promise rejects saying so, with what it printed.
 */
export function runParley(args: readonly string[], options: { timeout?: number; cwd?: string; env?: Record<string, string> } = {}): Promise<ParleyResult> {
  return runChild(process.execPath, [`${repoRoot}bin/parley.js`, ...args], {
    cwd: options.cwd ?? repoRoot,
    timeout: options.timeout,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env },
  });
}

/** Lines that look like a JavaScript stack trace ("    at fn (file:line:col)"). */
export function stackTraceLines(text: string): string[] {
  return text.split('\n').filter((line) => /^\s+at\s/.test(line));
}
