import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AdvisorRequest, RolloutBlock } from './advisor-rollouts.js';
import type { AdvisorWarmup, AdvisorWorkerCommand, AdvisorWorkerData, AdvisorWorkerMessage } from './advisor-worker.js';

const workerFile = new URL('./advisor-worker.js', import.meta.url);
/** Whether the compiled worker exists, looked up once (PlayApp asks on every render). */
let workerBuilt: boolean | undefined;

/** Rollouts per chunk handed to a worker (about 2-3 ms on the flagship once warm). */
const CHUNK = 25;
/** Chunks a worker holds at once: it starts the next while its last result is on the way. */
const IN_FLIGHT = 2;

export interface AdvisorJob {
  cancel(): void;
}

interface PoolWorker {
  readonly worker: Worker;
  /** Chunks of the current job posted to this worker and not yet back. */
  inFlight: number;
  warm: boolean;
  dead: boolean;
}

interface CurrentJob {
  readonly id: number;
  readonly chunks: readonly { readonly option: number; readonly from: number; readonly to: number }[];
  next: number;
  back: number;
  readonly onBlock: (block: RolloutBlock) => void;
  readonly onEnd: (error?: string) => void;
}

/**
 * The advisor's worker threads, kept for the whole game: started once (in the background, when the
 * game screen appears), each loads the scenario and warms up, and every advisor request after that
 * runs on them. One request at a time (a new one replaces the running one). A request is cut into
 * chunks of CHUNK rollouts of one option, options in turn, and a worker gets its next chunk when it
 * returns one, so the work splits by speed, not in fixed halves (a worker that shares its core with
 * something else plays fewer). Idle workers do not keep the process alive; close() ends them.
 */
export class AdvisorPool {
  /** Whether the compiled worker is there (the built CLI; not when tests run the TypeScript sources). */
  static available(): boolean {
    workerBuilt ??= workerFile.protocol === 'file:' && existsSync(fileURLToPath(workerFile));
    return workerBuilt;
  }

  private readonly workers: PoolWorker[] = [];
  private readonly data: AdvisorWorkerData;
  private job: CurrentJob | undefined;
  private jobs = 0;
  private closed = false;
  private warmWaiters: (() => void)[] = [];

  constructor(
    scenario: { readonly path: string; readonly hash: string },
    options: { readonly workers?: number; readonly warmup?: AdvisorWarmup } = {},
  ) {
    this.data = { scenarioPath: scenario.path, scenarioHash: scenario.hash, warmup: options.warmup };
    const count = Math.max(1, Math.min(options.workers ?? availableParallelism(), 4));
    for (let w = 0; w < count; w++) this.workers.push(this.spawn(this.data));
  }

  get size(): number {
    return this.workers.length;
  }

  /** Resolves when every worker has loaded the scenario and finished its warm-up (if it has one). */
  whenWarm(): Promise<void> {
    if (this.workers.every((w) => w.warm || w.dead)) return Promise.resolve();
    return new Promise((resolve) => this.warmWaiters.push(resolve));
  }

  /**
   * Plays `request` on the workers: `onBlock` gets each chunk's rollouts as they come, `onEnd` is
   * called once, when all are in or on the first error (with its message). Cancels the job before.
   */
  run(request: AdvisorRequest, onBlock: (block: RolloutBlock) => void, onEnd: (error?: string) => void): AdvisorJob {
    this.end();
    if (this.closed) {
      setImmediate(() => onEnd('the advisor was closed'));
      return { cancel: () => {} };
    }
    // A worker that died (it should not) is replaced, without warm-up.
    for (let w = 0; w < this.workers.length; w++) if (this.workers[w]!.dead) this.workers[w] = this.spawn({ ...this.data, warmup: undefined });
    const chunks = [];
    for (let from = 0; from < request.rollouts; from += CHUNK) {
      for (let option = 0; option < request.options.length; option++) chunks.push({ option, from, to: Math.min(request.rollouts, from + CHUNK) });
    }
    const job: CurrentJob = { id: ++this.jobs, chunks, next: 0, back: 0, onBlock, onEnd };
    this.job = job;
    for (const w of this.workers) {
      w.inFlight = 0;
      w.worker.ref(); // a running request keeps the process alive
      this.post(w, { type: 'job', job: job.id, request });
    }
    if (chunks.length === 0) this.end();
    else this.feed();
    return { cancel: () => this.job === job && this.end() };
  }

  /** Ends the workers; a running request is dropped without a call to its onEnd. */
  close(): Promise<void> {
    this.closed = true;
    this.job = undefined;
    for (const resolve of this.warmWaiters.splice(0)) resolve();
    return Promise.all(this.workers.map((w) => w.worker.terminate())).then(() => undefined);
  }

  private spawn(data: AdvisorWorkerData): PoolWorker {
    const worker = new Worker(workerFile, { workerData: data });
    const w: PoolWorker = { worker, inFlight: 0, warm: false, dead: false };
    worker.unref();
    worker.on('message', (m: AdvisorWorkerMessage) => this.receive(w, m));
    worker.on('error', (error) => this.lost(w, error.message));
    worker.on('exit', (code) => this.lost(w, `an advisor worker stopped (exit code ${code})`));
    return w;
  }

  private receive(w: PoolWorker, m: AdvisorWorkerMessage): void {
    if (m.type === 'warm') {
      w.warm = true;
      this.checkWarm();
      return;
    }
    const job = this.job;
    if (!job || m.job !== job.id) return; // a cancelled request's leftovers
    if (m.type === 'error') {
      this.end(m.message);
      return;
    }
    w.inFlight--;
    job.back++;
    job.onBlock(m.block);
    if (this.job !== job) return; // onBlock cancelled it
    if (job.back === job.chunks.length) this.end();
    else this.feed();
  }

  private lost(w: PoolWorker, message: string): void {
    if (w.dead) return;
    w.dead = true;
    w.warm = true;
    this.checkWarm();
    if (!this.closed && this.job) this.end(message);
  }

  /** Tops every worker up to IN_FLIGHT chunks. */
  private feed(): void {
    const job = this.job!;
    for (let k = 0; k < IN_FLIGHT; k++) {
      for (const w of this.workers) {
        if (w.dead || w.inFlight > k || job.next >= job.chunks.length) continue;
        const c = job.chunks[job.next++]!;
        w.inFlight++;
        this.post(w, { type: 'chunk', job: job.id, option: c.option, from: c.from, to: c.to });
      }
    }
  }

  /** Ends the current job (the workers forget it); calls its onEnd unless it was cancelled. */
  private end(error?: string): void {
    const job = this.job;
    if (!job) return;
    this.job = undefined;
    for (const w of this.workers) {
      if (w.dead) continue;
      this.post(w, { type: 'cancel', job: job.id });
      w.inFlight = 0;
      w.worker.unref();
    }
    const complete = error !== undefined || job.back === job.chunks.length;
    if (complete) job.onEnd(error);
  }

  private post(w: PoolWorker, command: AdvisorWorkerCommand): void {
    w.worker.postMessage(command);
  }

  private checkWarm(): void {
    if (this.workers.every((w) => w.warm || w.dead)) for (const resolve of this.warmWaiters.splice(0)) resolve();
  }
}
