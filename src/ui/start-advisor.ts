import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import type { TransitionMemo } from '../engine/transition-memo.js';
import { emptyTally, mergeTally, runRollouts, type AdvisorRequest, type RolloutTally } from './advisor-rollouts.js';
import type { AdvisorWorkerData, AdvisorWorkerMessage } from './advisor-worker.js';

export interface AdvisorProgress {
  /** Per option, the rollouts finished so far. */
  readonly tallies: readonly RolloutTally[];
  readonly done: boolean;
  readonly error?: string;
  /** Where the rollouts run: worker threads, or small chunks on the UI thread between renders. */
  readonly backend: 'workers' | 'in-process';
  readonly workers: number;
}

export interface AdvisorControl {
  cancel(): void;
}

const workerFile = new URL('./advisor-worker.js', import.meta.url);

/**
 * Runs the advisor's rollouts without blocking the UI and reports progress (at most every
 * `intervalMs`, and once at the end). On worker threads when the compiled worker is there (the
 * built CLI); otherwise (tests run the TypeScript sources) in chunks on this thread with
 * setImmediate between them, so input and rendering go on. Results do not depend on the backend or
 * the number of workers: rollout i is always run i of the rollout seed.
 */
export function startAdvisor(
  request: AdvisorRequest,
  scenario: CompiledScenario,
  memos: readonly TransitionMemo[],
  onProgress: (progress: AdvisorProgress) => void,
  options: { backend?: 'workers' | 'in-process'; workers?: number; intervalMs?: number } = {},
): AdvisorControl {
  const useWorkers = (options.backend ?? 'workers') === 'workers' && workerFile.protocol === 'file:' && existsSync(fileURLToPath(workerFile));
  const tallies = request.options.map(() => emptyTally(scenario));
  const interval = options.intervalMs ?? 100;
  let last = 0;
  let timer: NodeJS.Timeout | undefined;
  let finished = false;
  const backend = useWorkers ? 'workers' : 'in-process';
  const workerCount = useWorkers ? Math.max(1, Math.min(options.workers ?? availableParallelism(), 4)) : 0;
  const report = (done: boolean, error?: string) => {
    if (finished) return;
    const now = Date.now();
    if (!done && now - last < interval) {
      timer ??= setTimeout(() => {
        timer = undefined;
        report(false);
      }, interval);
      return;
    }
    if (timer) clearTimeout(timer);
    timer = undefined;
    last = now;
    if (done) finished = true;
    onProgress({ tallies: tallies.map((t) => ({ ...t, outcomes: [...t.outcomes] })), done, error, backend, workers: workerCount });
  };

  if (!useWorkers) {
    const CHUNK = 10;
    const next = request.options.map(() => 0);
    let option = 0;
    let cancelled = false;
    const step = () => {
      if (cancelled) return;
      // One chunk of one option per turn of the event loop, options in turn.
      for (let k = 0; k < request.options.length; k++) {
        const o = (option + k) % request.options.length;
        if (next[o]! >= request.rollouts) continue;
        const end = Math.min(request.rollouts, next[o]! + CHUNK);
        runRollouts(scenario, memos, request, request.options[o]!, next[o]!, end, tallies[o]!);
        next[o] = end;
        option = o + 1;
        report(false);
        setImmediate(step);
        return;
      }
      report(true);
    };
    setImmediate(step);
    return {
      cancel: () => {
        cancelled = true;
        finished = true;
        if (timer) clearTimeout(timer);
      },
    };
  }

  const workers: Worker[] = [];
  let running = workerCount;
  const per = Math.ceil(request.rollouts / workerCount);
  for (let w = 0; w < workerCount; w++) {
    const from = Math.min(request.rollouts, w * per);
    const to = Math.min(request.rollouts, from + per);
    const data: AdvisorWorkerData = { request, ranges: request.options.map(() => [from, to] as const) };
    const worker = new Worker(workerFile, { workerData: data });
    workers.push(worker);
    worker.on('message', (m: AdvisorWorkerMessage) => {
      if (m.type === 'tally') {
        mergeTally(tallies[m.option]!, m.tally);
        report(false);
      } else if (m.type === 'error') {
        stop();
        report(true, m.message);
      } else if (--running === 0) {
        stop();
        report(true);
      }
    });
    worker.on('error', (error) => {
      stop();
      report(true, error.message);
    });
  }
  function stop(): void {
    for (const w of workers) void w.terminate();
    workers.length = 0;
  }
  return {
    cancel: () => {
      finished = true;
      if (timer) clearTimeout(timer);
      stop();
    },
  };
}
