import { Worker } from 'node:worker_threads';
import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { SimulationError } from '../engine/simulation-error.js';
import type { RunValue } from './optimize-objective.js';
import type { Policy, PolicyEvaluator } from './policy-evaluator.js';
import type { PolicyWorkerData, PolicyWorkerReply, PolicyWorkerRequest } from './policy-worker.js';

interface Task {
  readonly policies: readonly number[];
  readonly start: number;
  readonly end: number;
}

/**
 * A PolicyEvaluator on worker threads, kept for a whole search. An evaluation is cut into tasks (a
 * group of policies on a range of runs) handed to whichever worker is free; each run's value depends
 * on (seed, run) alone, so the result does not depend on the number of workers or their timing.
 */
export class PolicyWorkerPool implements PolicyEvaluator {
  private readonly workers: Worker[] = [];
  private readonly ready: Promise<void>;
  private closed = false;

  constructor(scenario: CompiledScenario, scenarioText: string, value: RunValue, count: number) {
    const data: PolicyWorkerData = { scenarioText, scenarioFile: scenario.path, scenarioHash: scenario.hash, value };
    const started: Promise<void>[] = [];
    for (let i = 0; i < Math.max(1, count); i++) {
      const w = new Worker(new URL('./policy-worker.js', import.meta.url), { workerData: data });
      this.workers.push(w);
      started.push(
        new Promise((resolve, reject) => {
          const onMessage = (msg: PolicyWorkerReply) => {
            w.off('message', onMessage);
            if (msg.type === 'ready') resolve();
            else if (msg.type === 'error') reject(replyError(msg));
          };
          w.on('message', onMessage);
          w.once('error', reject);
        }),
      );
    }
    this.ready = Promise.all(started).then(() => undefined);
    // A failed start is reported by the first evaluate(); do not let it go unhandled meanwhile.
    this.ready.catch(() => {});
  }

  async evaluate(policies: readonly Policy[], seed: string, start: number, end: number): Promise<Float64Array[]> {
    await this.ready;
    const n = end - start;
    const out = policies.map(() => new Float64Array(n));
    if (n <= 0 || policies.length === 0) return out;
    const tasks = splitTasks(policies.length, start, end, this.workers.length);
    let next = 0;
    let id = 0;
    await new Promise<void>((resolve, reject) => {
      let pending = 0;
      let failed = false;
      const give = (w: Worker): void => {
        if (failed) return;
        if (next >= tasks.length) {
          if (pending === 0) resolve();
          return;
        }
        const task = tasks[next++]!;
        const taskId = id++;
        pending++;
        const onMessage = (msg: PolicyWorkerReply) => {
          if (msg.type === 'ready') return;
          w.off('message', onMessage);
          w.off('error', onError);
          pending--;
          if (msg.type === 'error') {
            failed = true;
            reject(replyError(msg));
            return;
          }
          if (msg.id !== taskId) throw new Error('a policy worker answered out of turn');
          const m = task.end - task.start;
          task.policies.forEach((p, k) => out[p]!.set(msg.values.subarray(k * m, (k + 1) * m), task.start - start));
          give(w);
        };
        const onError = (error: Error) => {
          failed = true;
          reject(error);
        };
        w.on('message', onMessage);
        w.once('error', onError);
        w.postMessage({ id: taskId, policies: task.policies.map((p) => policies[p]!), seed, start: task.start, end: task.end } satisfies PolicyWorkerRequest);
      };
      for (const w of this.workers) give(w);
    });
    return out;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** About four tasks per worker: run ranges of at least 25 runs, then groups of policies. */
function splitTasks(policies: number, start: number, end: number, workers: number): Task[] {
  const n = end - start;
  const want = 4 * workers;
  const runChunks = Math.max(1, Math.min(want, Math.floor(n / 25)));
  const groups = Math.max(1, Math.min(policies, Math.ceil(want / runChunks)));
  const tasks: Task[] = [];
  for (let g = 0; g < groups; g++) {
    const members: number[] = [];
    for (let p = g; p < policies; p += groups) members.push(p);
    for (let c = 0; c < runChunks; c++) {
      const s = start + Math.floor((c * n) / runChunks);
      const e = start + Math.floor(((c + 1) * n) / runChunks);
      if (e > s) tasks.push({ policies: members, start: s, end: e });
    }
  }
  return tasks;
}

function replyError(msg: Extract<PolicyWorkerReply, { type: 'error' }>): Error {
  return msg.code ? new SimulationError(msg.code, msg.message, msg.where) : new Error(`a policy worker failed: ${msg.message}`);
}
