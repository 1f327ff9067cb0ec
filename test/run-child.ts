import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';

/**
 * How long a test lets a child process (the CLI, a batch) run before killing it. Generous on
 * purpose: the tests run on 2-core machines shared with other test runs, where a command that takes
 * 5 s alone has taken over 60 s. A hang still fails, with a message that says it was the timeout.
 * The cli and e2e projects' test timeout (vitest.config.ts) leaves room for two such children.
 */
export const childTimeoutMs = 240_000;

export interface ChildResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall-clock milliseconds from spawn to exit. */
  readonly elapsedMs: number;
}

export interface ChildOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed; without it stdin is empty. */
  readonly input?: string;
  /** Milliseconds before the child is killed with SIGKILL (default childTimeoutMs). */
  readonly timeout?: number;
}

/**
 * Runs a child process to completion and returns its exit code and output. A child killed by a
 * signal, by the timeout or otherwise, throws an error that names the command, the signal, the
 * timeout, the time it ran and the machine's load, with what it printed so far: never an empty
 * stderr and a null exit code for the test to puzzle over.
 */
export function runChildSync(command: string, args: readonly string[], options: ChildOptions = {}): ChildResult {
  refuseInUnitProject(args);
  const timeout = options.timeout ?? childTimeoutMs;
  const started = performance.now();
  const r = spawnSync(command, args, { cwd: options.cwd, env: options.env, input: options.input ?? '', encoding: 'utf8', timeout, killSignal: 'SIGKILL', maxBuffer: 256 << 20 });
  const result = { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', elapsedMs: performance.now() - started };
  if (r.error && (r.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw r.error;
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  if (timedOut || result.signal !== null) throw new Error(abnormalExit(args, result, timedOut, timeout));
  return result;
}

/** runChildSync without blocking the test's thread, so several children can run concurrently. */
export function runChild(command: string, args: readonly string[], options: ChildOptions = {}): Promise<ChildResult> {
  refuseInUnitProject(args);
  const timeout = options.timeout ?? childTimeoutMs;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin.on('error', () => {}); // a child that exits without reading its input
    child.stdin.end(options.input ?? '');
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeout);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const result = { code, signal, stdout, stderr, elapsedMs: performance.now() - started };
      if (timedOut || signal !== null) reject(new Error(abnormalExit(args, result, timedOut, timeout)));
      else resolve(result);
    });
  });
}

/** The machine's load, for messages about time: "load average 3.1 on 2 cores". */
export function machineLoad(): string {
  return `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`;
}

function abnormalExit(args: readonly string[], r: ChildResult, timedOut: boolean, timeout: number): string {
  const command = args.map((a) => a.replace(/^.*\/bin\/parley\.js$/, 'parley')).join(' ');
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const why = timedOut
    ? `was killed with ${r.signal ?? 'SIGKILL'} by the test's ${seconds(timeout)} timeout after running ${seconds(r.elapsedMs)}`
    : `was killed by ${r.signal} after ${seconds(r.elapsedMs)} (not by the test's ${seconds(timeout)} timeout)`;
  const tail = (text: string) => (text.length > 4000 ? `...${text.slice(-4000)}` : text) || '(nothing)';
  return `\`${command}\` ${why}; ${machineLoad()}.\nstderr so far: ${tail(r.stderr)}\nstdout so far: ${tail(r.stdout)}`;
}

/**
 * The unit project (vitest.config.ts) does not build dist/ and must stay fast: a test that starts
 * a child process belongs to the cli or e2e project. This says so instead of running a stale build.
 */
function refuseInUnitProject(args: readonly string[]): void {
  if (process.env.PARLEY_TEST_PROJECT === 'unit') {
    throw new Error(`this test starts a child process (${args.slice(0, 2).join(' ')}): list its file under the cli or e2e project in vitest.config.ts`);
  }
}
