// Loads and runs one scenario text per message, in a worker thread, from the built dist/ (the global
// setup builds it). The test thread kills this worker when an answer takes too long: a hang is a
// failure the main thread can still report.
import { parentPort } from 'node:worker_threads';
import { loadScenario } from '../../dist/scenario/load-scenario.js';
import { runOnce } from '../../dist/engine/run-once.js';
import { createMemos } from '../../dist/engine/simulation.js';
import { SimulationError } from '../../dist/engine/simulation-error.js';

const prototypes = { Object: Object.prototype, Array: Array.prototype, Function: Function.prototype, String: String.prototype, Number: Number.prototype };
const before = Object.fromEntries(Object.entries(prototypes).map(([k, p]) => [k, Object.getOwnPropertyNames(p).sort().join(',')]));
const protoOfPlain = Object.getPrototypeOf({});

/** What changed on the built-in prototypes since the worker started ([] when nothing). */
function pollution() {
  const found = [];
  for (const [k, p] of Object.entries(prototypes)) {
    const now = Object.getOwnPropertyNames(p).sort().join(',');
    if (now !== before[k]) found.push(`${k}.prototype: ${now}`);
  }
  if (Object.getPrototypeOf({}) !== protoOfPlain) found.push('the prototype of {} changed');
  for (const key of ['polluted', 'isAdmin', 'x']) if (key in {}) found.push(`({}).${key} is set`);
  return found;
}

function describeError(e) {
  return {
    simulation: e instanceof SimulationError,
    name: e?.name,
    code: e?.code,
    message: String(e?.message ?? e).slice(0, 500),
    stack: e instanceof SimulationError ? undefined : String(e?.stack ?? '').slice(0, 2000),
    location: e?.where?.location,
  };
}

parentPort.on('message', ({ id, text, file, runs, seed }) => {
  const answer = { id, threw: undefined, problems: [], loaded: false, runErrors: [], runsDone: 0, pollution: [] };
  try {
    const { scenario, problems } = loadScenario(text, file);
    answer.problems = problems.map((p) => ({ code: p.code, severity: p.severity, location: p.location, message: p.message }));
    if (scenario) {
      answer.loaded = true;
      const memos = createMemos(scenario);
      for (let run = 0; run < runs; run++) {
        try {
          runOnce(scenario, { seed, run, memos });
        } catch (e) {
          answer.runErrors.push({ run, ...describeError(e) });
        }
        answer.runsDone++;
      }
    }
  } catch (e) {
    answer.threw = describeError(e);
  }
  answer.pollution = pollution();
  parentPort.postMessage(answer);
});
