import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import type { TransitionMemo } from '../engine/transition-memo.js';
import { RolloutBoard, RolloutRunner, type AdvisorLead, type AdvisorRequest, type RolloutTally } from './advisor-rollouts.js';
import { AdvisorPool } from './advisor-pool.js';

export interface AdvisorProgress {
  /** Per option, the rollouts finished so far. */
  readonly tallies: readonly RolloutTally[];
  /** The best option's paired lead over the runner-up, on the rollouts played so far. */
  readonly lead: AdvisorLead | undefined;
  readonly done: boolean;
  readonly error?: string;
  /** Where the rollouts run: worker threads, or small chunks on the UI thread between renders. */
  readonly backend: 'workers' | 'in-process';
  readonly workers: number;
}

export interface AdvisorControl {
  cancel(): void;
}

export interface StartAdvisorOptions {
  readonly backend?: 'workers' | 'in-process';
  /** Worker threads kept for the game (see AdvisorPool); without one, a pool is started for this request and ended after it. */
  readonly pool?: AdvisorPool;
  /** Workers of a pool started for this request (default: the machine's cores, at most 4). */
  readonly workers?: number;
  readonly intervalMs?: number;
}

/**
 * Runs the advisor's rollouts without blocking the UI and reports progress (at most every
 * `intervalMs`, and once at the end). On worker threads when the compiled worker is there (the
 * built CLI); otherwise (tests run the TypeScript sources) in chunks on this thread with
 * setImmediate between them, so input and rendering go on. Results do not depend on the backend or
 * the number of workers: rollout i is always run i of the rollout seed, and tallies sum the
 * rollouts in rollout order (RolloutBoard) whatever order they were played in.
 */
export function startAdvisor(
  request: AdvisorRequest,
  scenario: CompiledScenario,
  memos: readonly TransitionMemo[],
  onProgress: (progress: AdvisorProgress) => void,
  options: StartAdvisorOptions = {},
): AdvisorControl {
  const useWorkers = (options.backend ?? 'workers') === 'workers' && (options.pool !== undefined || AdvisorPool.available());
  const board = new RolloutBoard(scenario, request.options.length, request.rollouts);
  const interval = options.intervalMs ?? 100;
  let last = 0;
  let timer: NodeJS.Timeout | undefined;
  let finished = false;
  const backend = useWorkers ? 'workers' : 'in-process';
  let workerCount = 0;
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
    const tallies = board.tallies();
    onProgress({ tallies, lead: board.lead(tallies), done, error, backend, workers: workerCount });
  };

  if (!useWorkers) {
    const runner = new RolloutRunner(scenario, memos);
    const STEP = 10;
    let from = 0;
    let option = 0;
    let cancelled = false;
    // One step of one option per turn of the event loop, options in turn.
    const step = () => {
      if (cancelled) return;
      if (from >= request.rollouts || request.options.length === 0) {
        report(true);
        return;
      }
      const to = Math.min(request.rollouts, from + STEP);
      board.add(runner.play(request, request.options[option]!, option, from, to));
      if (++option === request.options.length) {
        option = 0;
        from = to;
      }
      report(false);
      setImmediate(step);
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

  const own = options.pool === undefined;
  const pool = options.pool ?? new AdvisorPool({ path: scenario.path, hash: scenario.hash }, { workers: options.workers });
  workerCount = pool.size;
  const job = pool.run(
    request,
    (block) => {
      board.add(block);
      report(false);
    },
    (error) => {
      report(true, error);
      if (own) void pool.close();
    },
  );
  return {
    cancel: () => {
      finished = true;
      if (timer) clearTimeout(timer);
      job.cancel();
      if (own) void pool.close();
    },
  };
}
