import { parentPort, workerData } from 'node:worker_threads';
import { loadScenario } from '../scenario/load-scenario.js';
import { createMemos } from '../engine/simulation.js';
import { SimulationError } from '../engine/simulation-error.js';
import type { BatchPlan } from './batch-plan.js';
import { BlockRunner } from './run-block.js';

/** Messages from the batch runner to a worker. */
export type WorkerRequest = { readonly type: 'block'; readonly index: number; readonly start: number; readonly end: number };

/** Messages from a worker to the batch runner. */
export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'block'; readonly index: number; readonly start: number; readonly end: number; readonly aggregate: unknown; readonly rows: Uint8Array }
  | { readonly type: 'error'; readonly code?: string; readonly message: string; readonly where?: SimulationError['where']; readonly stack?: string };

// A worker thread of a batch: loads the scenario and builds the memos once, then runs the blocks of
// run indices it is sent, replying with each block's aggregate and runs.csv lines.
const port = parentPort!;
const { plan, rows } = workerData as { plan: BatchPlan; rows: boolean };

function fail(error: unknown): void {
  if (error instanceof SimulationError) port.postMessage({ type: 'error', code: error.code, message: error.message, where: error.where } satisfies WorkerReply);
  else port.postMessage({ type: 'error', message: String((error as Error)?.message ?? error), stack: (error as Error)?.stack } satisfies WorkerReply);
}

try {
  const { scenario } = loadScenario(plan.scenarioText, plan.scenarioFile);
  if (!scenario) throw new Error(`the scenario ${plan.scenarioFile} did not load in a worker`);
  if (scenario.hash !== plan.scenarioHash) throw new Error('the scenario changed between the main thread and a worker');
  const runner = new BlockRunner(scenario, plan, createMemos(scenario));
  port.on('message', (msg: WorkerRequest) => {
    try {
      const block = runner.run(msg.start, msg.end, rows);
      // Copy the used bytes into their own buffer and transfer it: no second copy, nothing kept here.
      const bytes = block.rows.slice();
      port.postMessage({ type: 'block', index: msg.index, start: msg.start, end: msg.end, aggregate: block.aggregate.toJSON(), rows: bytes } satisfies WorkerReply, [bytes.buffer]);
    } catch (error) {
      fail(error);
    }
  });
  port.postMessage({ type: 'ready' } satisfies WorkerReply);
} catch (error) {
  fail(error);
}
