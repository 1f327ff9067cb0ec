import { parentPort, workerData } from 'node:worker_threads';
import { loadScenario } from '../scenario/load-scenario.js';
import { createMemos } from '../engine/simulation.js';
import { SimulationError } from '../engine/simulation-error.js';
import type { BatchPlan } from './batch-plan.js';
import { BlockRunner, type BlockRows, type BlockRowsResult } from './run-block.js';
import type { ColumnBlock, ColumnBuffers } from './run-columns.js';

/** Messages from the batch runner to a worker. */
export type WorkerRequest =
  | { readonly type: 'block'; readonly index: number; readonly start: number; readonly end: number }
  /** A rows buffer the main thread has written out, back for reuse. */
  | { readonly type: 'recycle'; readonly buffer: SharedArrayBuffer }
  /** A column block's buffers the main thread has copied from, back for reuse. */
  | { readonly type: 'recycle-columns'; readonly buffers: ColumnBuffers };

/** Messages from a worker to the batch runner. */
export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'block'; readonly index: number; readonly start: number; readonly end: number; readonly aggregate?: unknown; readonly rows: Uint8Array; readonly columns?: ColumnBlock }
  | { readonly type: 'error'; readonly code?: SimulationError['code']; readonly message: string; readonly where?: SimulationError['where']; readonly stack?: string };

// A worker thread of a batch: loads the scenario and builds the memos once, then runs the blocks of
// run indices it is sent, replying with each block's aggregate and runs.csv lines.
const port = parentPort!;
const { plan, rows, aggregate } = workerData as { plan: BatchPlan; rows: BlockRows; aggregate: boolean };

function fail(error: unknown): void {
  if (error instanceof SimulationError) port.postMessage({ type: 'error', code: error.code, message: error.message, where: error.where } satisfies WorkerReply);
  else port.postMessage({ type: 'error', message: String((error as Error)?.message ?? error), stack: (error as Error)?.stack } satisfies WorkerReply);
}

try {
  const { scenario } = loadScenario(plan.scenarioText, plan.scenarioFile);
  if (!scenario) throw new Error(`the scenario ${plan.scenarioFile} did not load in a worker`);
  if (scenario.hash !== plan.scenarioHash) throw new Error('the scenario changed between the main thread and a worker');
  const runner = new BlockRunner(scenario, plan, createMemos(scenario));
  const spare: SharedArrayBuffer[] = [];
  const spareColumns: ColumnBuffers[] = [];
  port.on('message', (msg: WorkerRequest) => {
    if (msg.type === 'recycle') {
      if (spare.length < 4) spare.push(msg.buffer);
      return;
    }
    if (msg.type === 'recycle-columns') {
      if (spareColumns.length < 4) spareColumns.push(msg.buffers);
      return;
    }
    try {
      const block: BlockRowsResult =
        aggregate || rows === false ? runner.run(msg.start, msg.end, rows, spare.pop(), spareColumns.pop()) : runner.rowsOnly(msg.start, msg.end, rows, spare.pop(), spareColumns.pop());
      // The rows' buffers are SharedArrayBuffers: posted, not copied, and nothing is transferred. A
      // transfer detaches its buffer, and the first detach in a thread invalidates V8's
      // ArrayBufferDetaching protector: every optimised function that reads a typed array (the
      // engine's world state, the aggregate's tallies) is thrown away and recompiled with detach
      // checks. That cost a live batch 7-9% of its runs/s against a quiet one. The main thread
      // sends the buffers back once it has copied or written them.
      port.postMessage({ type: 'block', index: msg.index, start: msg.start, end: msg.end, aggregate: block.aggregate?.toWire(), rows: block.rows, columns: block.columns } satisfies WorkerReply);
    } catch (error) {
      fail(error);
    }
  });
  port.postMessage({ type: 'ready' } satisfies WorkerReply);
} catch (error) {
  fail(error);
}
