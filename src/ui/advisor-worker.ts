import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { loadScenario } from '../scenario/load-scenario.js';
import { PlaySession } from './play-session.js';
import { emptyTally, runRollouts, type AdvisorRequest, type RolloutTally } from './advisor-rollouts.js';

/**
 * A worker thread of the advisor. It loads the scenario file itself (compiled scenarios hold
 * functions and cannot be posted), replays the game so its transition memos know every state the
 * decision point may be in (restore() looks states up there), then plays its share of the
 * rollouts: chunks of CHUNK rollouts of each option in turn, so every option's estimate sharpens
 * together. After each chunk it posts the chunk's tally.
 */
export interface AdvisorWorkerData {
  readonly request: AdvisorRequest;
  /** The rollout ranges this worker plays, per option: [from, to). */
  readonly ranges: readonly (readonly [number, number])[];
}

export type AdvisorWorkerMessage =
  | { readonly type: 'tally'; readonly option: number; readonly tally: RolloutTally }
  | { readonly type: 'done' }
  | { readonly type: 'error'; readonly message: string };

const CHUNK = 25;

function main(): void {
  const { request, ranges } = workerData as AdvisorWorkerData;
  const port = parentPort!;
  const { scenario } = loadScenario(readFileSync(request.scenarioPath, 'utf8').replace(/^\uFEFF/, ''), request.scenarioPath);
  if (!scenario) throw new Error(`the scenario ${request.scenarioPath} no longer loads`);
  if (scenario.hash !== request.scenarioHash) throw new Error(`the scenario ${request.scenarioPath} changed on disk since the game started`);
  const game = PlaySession.replay(scenario, { seed: request.seed, run: request.run, strategy: request.strategy }, request.log);
  const next = ranges.map(([from]) => from);
  for (let busy = true; busy; ) {
    busy = false;
    for (let o = 0; o < request.options.length; o++) {
      const [, to] = ranges[o]!;
      const from = next[o]!;
      if (from >= to) continue;
      busy = true;
      const end = Math.min(to, from + CHUNK);
      const tally = emptyTally(scenario);
      runRollouts(scenario, game.memos, request, request.options[o]!, from, end, tally);
      next[o] = end;
      port.postMessage({ type: 'tally', option: o, tally } satisfies AdvisorWorkerMessage);
    }
  }
  port.postMessage({ type: 'done' } satisfies AdvisorWorkerMessage);
}

try {
  main();
} catch (error) {
  parentPort!.postMessage({ type: 'error', message: (error as Error).message } satisfies AdvisorWorkerMessage);
}
