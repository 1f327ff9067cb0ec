// One `parley optimize` search in its own process, as the CLI runs it (a pool of worker threads kept
// for the whole search), timed around the search alone. Prints one JSON line: candidates evaluated,
// runs played, elapsedMs, the process's CPU time (worker threads included) and the load average at
// the start and the end.
// Usage: node bench/optimize-child.js <scenario> <strategy> <budgetRuns> <initial> <workers>
import { availableParallelism, loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { readScenario } from '../dist/cli/read-scenario.js';
import { parseObjective, runValueOf } from '../dist/analysis/optimize-objective.js';
import { searchPolicies } from '../dist/analysis/policy-search.js';
import { PolicyWorkerPool } from '../dist/analysis/policy-worker-pool.js';

const [file, strategy, budgetText, initialText, workersText] = process.argv.slice(2);
const workers = Number(workersText) || availableParallelism();
const { scenario } = readScenario(file);
if (!scenario) throw new Error(`${file} does not load`);
const objective = parseObjective(scenario, undefined, false);
if ('error' in objective) throw new Error(objective.error);
const loadBefore = loadavg()[0];
const started = performance.now();
const pool = new PolicyWorkerPool(scenario, readFileSync(file, 'utf8'), runValueOf(objective), workers);
let result;
try {
  result = await searchPolicies(scenario, pool, { strategy, objective, seed: 'bench', budgetRuns: Number(budgetText), initial: Number(initialText) });
} finally {
  await pool.close();
}
const elapsedMs = performance.now() - started;
const usage = process.resourceUsage();
const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
process.stdout.write(
  JSON.stringify({ candidates: result.candidates, runs: result.budget.used, elapsedMs, cpuMs, loadBefore, loadAfter: loadavg()[0], beatsBestNamed: result.confirmation.beatsBestNamed }) + '\n',
);
