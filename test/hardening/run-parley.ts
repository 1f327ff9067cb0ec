import { spawn } from 'node:child_process';
import { repoRoot } from '../load-fixture.js';

export interface ParleyResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The process did not finish within the timeout and was killed. */
  readonly timedOut: boolean;
}

/**
 * Runs the real CLI (bin/parley.js, built by the global setup) without blocking the test process,
 * so fixture files can be checked concurrently; kills it after `timeout` ms (a hang is a failure).
 */
export function runParley(args: readonly string[], options: { timeout?: number; cwd?: string } = {}): Promise<ParleyResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${repoRoot}bin/parley.js`, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeout ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** Lines that look like a JavaScript stack trace ("    at fn (file:line:col)"). */
export function stackTraceLines(text: string): string[] {
  return text.split('\n').filter((line) => /^\s+at\s/.test(line));
}
