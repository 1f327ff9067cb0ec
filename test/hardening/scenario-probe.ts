import { Worker } from 'node:worker_threads';
import type { SourceLocation } from '../../src/scenario/scenario-error.js';
import { machineLoad } from '../run-child.js';

export interface ProbeError {
  readonly simulation: boolean;
  readonly name?: string;
  readonly code?: string;
  readonly message: string;
  readonly stack?: string;
  readonly location?: SourceLocation;
}

export interface ProbeAnswer {
  /** The loader threw instead of returning problems. */
  readonly threw?: ProbeError;
  readonly problems: readonly { code: string; severity: string; location: SourceLocation; message: string }[];
  readonly loaded: boolean;
  readonly runErrors: readonly (ProbeError & { run: number })[];
  readonly runsDone: number;
  /** Changes to built-in prototypes seen after this scenario. */
  readonly pollution: readonly string[];
  /** No answer within the timeout: the worker was killed. Says how long it waited, and the machine's load. */
  readonly hung?: string;
}

/**
 * Loads and runs scenario texts in a worker thread (scenario-probe-worker.mjs) so that a scenario
 * that hangs the engine fails the property with its seed instead of hanging the test run.
 */
export class ScenarioProbe {
  private worker: Worker | undefined;
  private next = 0;

  constructor(private readonly timeoutMs = 30_000) {}

  async probe(text: string, options: { file?: string; runs?: number; seed?: string } = {}): Promise<ProbeAnswer> {
    const worker = (this.worker ??= new Worker(new URL('./scenario-probe-worker.mjs', import.meta.url)));
    const id = this.next++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        void worker.terminate();
        this.worker = undefined;
        resolve({ problems: [], loaded: false, runErrors: [], runsDone: 0, pollution: [], hung: `no answer within the probe's ${this.timeoutMs / 1000} s timeout; ${machineLoad()}` });
      }, this.timeoutMs);
      const onMessage = (answer: ProbeAnswer & { id: number }) => {
        if (answer.id !== id) return;
        cleanup();
        resolve(answer);
      };
      const onError = (error: Error) => {
        cleanup();
        this.worker = undefined;
        reject(error);
      };
      const cleanup = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage({ id, text, file: options.file ?? 'mutant.json', runs: options.runs ?? 20, seed: options.seed ?? 'hardening' });
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}

/**
 * What every answer must satisfy: the loader returned (never threw), every problem is Parley's own
 * (a stable code, a location inside the file), a scenario with errors did not load, runs failed only
 * with SimulationError, nothing hung, and no built-in prototype changed. Returns the violations.
 */
export function violations(answer: ProbeAnswer, text: string, file = 'mutant.json'): string[] {
  const out: string[] = [];
  if (answer.hung) return [`the worker did not answer in time, a hang: ${answer.hung}`];
  if (answer.threw) out.push(`the loader threw ${answer.threw.name}: ${answer.threw.message}\n${answer.threw.stack ?? ''}`);
  const lines = text.split('\n');
  for (const p of answer.problems) {
    if (!/^[EW]_[A-Z0-9_]+$/.test(p.code)) out.push(`problem code ${p.code} is not one of Parley's`);
    if (p.location.file !== file) out.push(`problem ${p.code} names file ${p.location.file}`);
    const line = lines[p.location.line - 1];
    if (line === undefined || p.location.line < 1) out.push(`problem ${p.code} at line ${p.location.line}, outside the file (${lines.length} lines)`);
    else if (p.location.column < 1 || p.location.column > line.length + 1) out.push(`problem ${p.code} at ${p.location.line}:${p.location.column}, outside its line (${line.length} characters)`);
  }
  const errors = answer.problems.filter((p) => p.severity === 'error').length;
  if (answer.loaded && errors > 0) out.push(`the scenario loaded despite ${errors} error(s)`);
  if (!answer.loaded && !answer.threw && errors === 0) out.push('the scenario did not load, yet no error was reported');
  for (const e of answer.runErrors) {
    if (!e.simulation) out.push(`run ${e.run} threw ${e.name} (not a SimulationError): ${e.message}\n${e.stack ?? ''}`);
    if (e.location && (e.location.file !== file || e.location.line < 1 || e.location.line > lines.length)) out.push(`run ${e.run}: ${e.code} located outside the file`);
  }
  for (const p of answer.pollution) out.push(`prototype polluted: ${p}`);
  return out;
}
