import { parentPort, workerData } from 'node:worker_threads';
import { loadScenario } from '../scenario/load-scenario.js';
import { SimulationError } from '../engine/simulation-error.js';
import type { RunValue } from './optimize-objective.js';
import { PolicyRunner, type Policy } from './policy-evaluator.js';

/** What the pool sends a policy worker once, at its start. */
export interface PolicyWorkerData {
  readonly scenarioText: string;
  readonly scenarioFile: string;
  readonly scenarioHash: string;
  readonly value: RunValue;
}

export type PolicyWorkerRequest = { readonly id: number; readonly policies: readonly Policy[]; readonly seed: string; readonly start: number; readonly end: number };

export type PolicyWorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'values'; readonly id: number; readonly values: Float64Array }
  | { readonly type: 'error'; readonly code?: SimulationError['code']; readonly message: string; readonly where?: SimulationError['where'] };

// A worker thread of `parley optimize`: loads the scenario and builds the memos once, then plays the
// policies it is sent on the runs it is sent, replying with every run's objective value.
const port = parentPort!;
const data = workerData as PolicyWorkerData;

function fail(error: unknown): void {
  if (error instanceof SimulationError) port.postMessage({ type: 'error', code: error.code, message: error.message, where: error.where } satisfies PolicyWorkerReply);
  else port.postMessage({ type: 'error', message: String((error as Error)?.message ?? error) } satisfies PolicyWorkerReply);
}

try {
  const { scenario } = loadScenario(data.scenarioText, data.scenarioFile);
  if (!scenario) throw new Error(`the scenario ${data.scenarioFile} did not load in a worker`);
  if (scenario.hash !== data.scenarioHash) throw new Error('the scenario changed between the main thread and a worker');
  const runner = new PolicyRunner(scenario, data.value);
  port.on('message', (msg: PolicyWorkerRequest) => {
    try {
      const values = runner.play(msg.policies, msg.seed, msg.start, msg.end);
      // Copied, not transferred: detaching a buffer in this thread would invalidate V8's
      // ArrayBufferDetaching protector and deoptimise every typed-array access the engine compiled
      // (see batch-worker.ts). The values are a few kB.
      port.postMessage({ type: 'values', id: msg.id, values } satisfies PolicyWorkerReply);
    } catch (error) {
      fail(error);
    }
  });
  port.postMessage({ type: 'ready' } satisfies PolicyWorkerReply);
} catch (error) {
  fail(error);
}
