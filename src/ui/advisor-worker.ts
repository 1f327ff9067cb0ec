import { readInputFile, SCENARIO_FILE } from '../report/input-file.js';
import { parentPort, workerData } from 'node:worker_threads';
import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { createMemos } from '../engine/simulation.js';
import type { TransitionMemo } from '../engine/transition-memo.js';
import { PlaySession, type LoggedRound } from './play-session.js';
import { RolloutRunner, type AdvisorOption, type AdvisorRequest, type RolloutBlock } from './advisor-rollouts.js';

/**
 * A worker thread of the advisor pool (advisor-pool.ts). It lives as long as the game: it loads the
 * scenario file once (compiled scenarios hold functions and cannot be posted), optionally warms up
 * (plays rollouts from the game's current position and throws them away, so V8 has compiled the
 * engine's hot code before the player first asks), then serves requests:
 *
 * - `job`: a request. The worker replays the game so its transition memos know every state the
 *   decision point may be in, and keeps the request until cancelled.
 * - `chunk`: play rollouts [from, to) of one option of a job and post them back as a block. The pool
 *   hands out chunks as workers finish them, so a slow worker simply plays fewer.
 * - `cancel`: forget a job and its queued chunks.
 *
 * Work is done one chunk per turn of the event loop, so messages (a cancel, more chunks) are read
 * between chunks. Warm-up runs only until the first request (which warms the worker up further), and
 * at most half the time (it pauses as long as each warm-up chunk took), so it leaves room on the
 * cores for the rest of the machine while the player reads the first screen.
 */
export interface AdvisorWorkerData {
  readonly scenarioPath: string;
  readonly scenarioHash: string;
  readonly warmup?: AdvisorWarmup;
}

/** Where and how much to warm up: rollouts of every move from the game's position after `log`. */
export interface AdvisorWarmup {
  readonly seed: string;
  readonly run: number;
  readonly strategy: string;
  readonly log: readonly LoggedRound[];
  readonly rollouts: number;
}

export type AdvisorWorkerCommand =
  | { readonly type: 'job'; readonly job: number; readonly request: AdvisorRequest }
  | { readonly type: 'chunk'; readonly job: number; readonly option: number; readonly from: number; readonly to: number }
  | { readonly type: 'cancel'; readonly job: number };

export type AdvisorWorkerMessage =
  | { readonly type: 'warm' }
  | { readonly type: 'block'; readonly job: number; readonly block: RolloutBlock }
  | { readonly type: 'error'; readonly job?: number; readonly message: string };

/** Warm-up rollouts per turn of the event loop. */
const WARMUP_CHUNK = 25;

interface Job {
  readonly request: AdvisorRequest;
  readonly error?: string;
}

const port = parentPort!;
const data = workerData as AdvisorWorkerData;
const jobs = new Map<number, Job>();
const chunks: Extract<AdvisorWorkerCommand, { type: 'chunk' }>[] = [];
let scenario: CompiledScenario | undefined;
let memos: readonly TransitionMemo[] = [];
let runner: RolloutRunner | undefined;
let loadError: string | undefined;
/** The warm-up: a request of this worker's own, played a chunk at a time when nothing else is asked. */
let warm: { job: Job; left: number; next: number; played: number } | undefined;
let immediate = false;
let pause: NodeJS.Timeout | undefined;
/** Warm-up waits until then after each chunk (as long as the chunk took). */
let pausedUntil = 0;

function post(message: AdvisorWorkerMessage): void {
  port.postMessage(message);
}

function load(): void {
  try {
    const loaded = loadScenario(readInputFile(data.scenarioPath, SCENARIO_FILE), data.scenarioPath).scenario;
    if (!loaded) throw new Error(`the scenario ${data.scenarioPath} no longer loads`);
    if (loaded.hash !== data.scenarioHash) throw new Error(`the scenario ${data.scenarioPath} changed on disk since the game started`);
    scenario = loaded;
    memos = createMemos(loaded);
    runner = new RolloutRunner(loaded, memos);
  } catch (error) {
    loadError = (error as Error).message;
  }
  if (scenario && data.warmup && data.warmup.rollouts > 0) {
    try {
      const w = data.warmup;
      const game = PlaySession.replay(scenario, { seed: w.seed, run: w.run, strategy: w.strategy, memos }, w.log);
      if (!game.done) {
        const options: AdvisorOption[] = game.sim.availableMoves().map((m) => ({ label: m.label, move: m.id, choices: [{ move: m.id }] }));
        options.push({ label: 'wait', choices: [] });
        // Shaped like a posted request (a structured clone), so V8 compiles the code for the objects
        // requests will bring, and set up like one.
        const request: AdvisorRequest = structuredClone({
          scenarioPath: data.scenarioPath,
          scenarioHash: scenario.hash,
          seed: w.seed,
          run: w.run,
          log: w.log,
          snapshot: game.history[game.history.length - 1]!,
          rolloutSeed: `${w.seed}:advisor-warmup`,
          strategy: w.strategy,
          options,
          rollouts: w.rollouts,
        });
        const job = prepare(request);
        if (!job.error) warm = { job, left: w.rollouts, next: 0, played: 0 };
      }
    } catch {
      // No warm-up then; requests will report any real problem.
    }
  }
  if (!warm) post({ type: 'warm' });
}

/** Checks a request and replays its game, so the memos know the states its snapshot may hold. */
function prepare(request: AdvisorRequest): Job {
  try {
    if (!scenario) throw new Error(loadError ?? 'the scenario did not load');
    if (request.scenarioHash !== scenario.hash) throw new Error(`the scenario ${request.scenarioPath} changed on disk since the game started`);
    PlaySession.replay(scenario, { seed: request.seed, run: request.run, strategy: request.strategy, memos }, request.log);
    return { request };
  } catch (error) {
    return { request, error: (error as Error).message };
  }
}

function setUp(id: number, request: AdvisorRequest): void {
  // A request warms the worker up better than the warm-up would: stop it.
  if (warm) endWarmup();
  const job = prepare(request);
  jobs.set(id, job);
  if (job.error) post({ type: 'error', job: id, message: job.error });
}

/** One unit of work per turn of the event loop: a chunk of a request if there is one, else a warm-up chunk. */
function work(): void {
  immediate = false;
  const chunk = chunks.shift();
  if (chunk) {
    const job = jobs.get(chunk.job);
    if (job && !job.error) {
      try {
        const block = runner!.play(job.request, job.request.options[chunk.option]!, chunk.option, chunk.from, chunk.to);
        post({ type: 'block', job: chunk.job, block });
      } catch (error) {
        // Not a failed rollout (those are counted) but a request that cannot be played, e.g. an unknown move.
        jobs.set(chunk.job, { request: job.request, error: (error as Error).message });
        post({ type: 'error', job: chunk.job, message: (error as Error).message });
      }
    }
  } else if (warm) {
    const wait = pausedUntil - Date.now();
    if (wait > 0) {
      pause = setTimeout(() => {
        pause = undefined;
        kick();
      }, wait);
      return;
    }
    const t = performance.now();
    const n = Math.min(WARMUP_CHUNK, warm.left);
    const { request } = warm.job;
    const option = warm.next % request.options.length;
    try {
      runner!.play(request, request.options[option]!, option, warm.played, warm.played + n);
    } catch {
      warm.left = 0; // requests will report any real problem
    }
    warm.next++;
    warm.played += n;
    warm.left -= n;
    pausedUntil = Date.now() + (performance.now() - t);
    if (warm.left <= 0) endWarmup();
  }
  if (chunks.length > 0 || warm) kick();
}

function endWarmup(): void {
  post({ type: 'warm' });
  warm = undefined;
}

/** Runs work() on the next turn of the event loop (at once: a warm-up pause is cut short). */
function kick(): void {
  if (pause) clearTimeout(pause);
  pause = undefined;
  if (immediate) return;
  immediate = true;
  setImmediate(work);
}

port.on('message', (m: AdvisorWorkerCommand) => {
  if (m.type === 'job') setUp(m.job, m.request);
  else if (m.type === 'chunk') {
    chunks.push(m);
    kick();
  } else {
    jobs.delete(m.job);
    for (let k = chunks.length - 1; k >= 0; k--) if (chunks[k]!.job === m.job) chunks.splice(k, 1);
  }
});

load();
kick();
