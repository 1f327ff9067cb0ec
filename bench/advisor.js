// The play-through's advisor on the flagship's first position: every option (13 on the flagship) x
// 1,000 rollouts, on worker threads, timed from the request to the last result. Run by `npm run bench`
// (last section) or alone after a build: `node bench/advisor.js`. Medians and minima of
// BENCH_ADVISOR_REPS repetitions (default 5); each repetition starts new worker threads.
//
//   per request    a pool started for the one request (cold workers: load, replay, JIT warm-up)
//   at start       a game's pool (AdvisorPool with warm-up), asked at once, before it is warm
//   first / later  the same pool asked again once warm: the first request, then the next ones
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readScenario } from '../dist/cli/read-scenario.js';
import { PlaySession } from '../dist/ui/play-session.js';
import { AdvisorPool } from '../dist/ui/advisor-pool.js';
import { startAdvisor } from '../dist/ui/start-advisor.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const REPS = Number(process.env.BENCH_ADVISOR_REPS ?? 5);
const ROLLOUTS = 1000;
const WARMUP = Number(process.env.BENCH_ADVISOR_WARMUP ?? 4000); // what PlayApp asks of each worker
const file = join(root, 'scenarios/turkey-rare-earths.yaml');
const { scenario } = readScenario(file);
if (!scenario) throw new Error(`${file} does not load`);
const workers = Math.min(availableParallelism(), 4);

const session = new PlaySession(scenario, { seed: '5', run: 0, strategy: scenario.defaultStrategy });
const snapshot = session.history[0];
const options = session.sim.availableMoves().map((m) => ({ label: m.label, move: m.id, choices: [{ move: m.id }] }));
options.push({ label: 'wait', choices: [] });
const request = {
  scenarioPath: file,
  scenarioHash: scenario.hash,
  seed: '5',
  run: 0,
  log: [],
  snapshot,
  rolloutSeed: '5:advisor:0',
  strategy: scenario.defaultStrategy,
  options,
  rollouts: ROLLOUTS,
};
const warmup = { seed: '5', run: 0, strategy: scenario.defaultStrategy, log: [], rollouts: WARMUP };

/** Seconds from the request to the last result, and the final tallies. */
function ask(pool) {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    startAdvisor(request, scenario, session.memos, (p) => {
      if (!p.done) return;
      if (p.error) reject(new Error(p.error));
      else resolve({ s: (performance.now() - t) / 1000, tallies: JSON.stringify(p.tallies) });
    }, { pool, workers });
  });
}

const times = { perRequest: [], atStart: [], warmup: [], first: [], later: [] };
const answers = new Set();
for (let r = 0; r < REPS; r++) {
  const cold = await ask(undefined);
  times.perRequest.push(cold.s);
  answers.add(cold.tallies);

  let pool = new AdvisorPool({ path: file, hash: scenario.hash }, { workers, warmup });
  const early = await ask(pool);
  times.atStart.push(early.s);
  answers.add(early.tallies);
  await pool.close();

  pool = new AdvisorPool({ path: file, hash: scenario.hash }, { workers, warmup });
  const t = performance.now();
  await pool.whenWarm();
  times.warmup.push((performance.now() - t) / 1000);
  const first = await ask(pool);
  times.first.push(first.s);
  answers.add(first.tallies);
  for (let k = 0; k < 3; k++) {
    const next = await ask(pool);
    times.later.push(next.s);
    answers.add(next.tallies);
  }
  await pool.close();
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const row = (label, xs, note = '') =>
  console.log(`  ${label.padEnd(46)} ${`${median(xs).toFixed(2)} s`.padStart(14)}  min ${Math.min(...xs).toFixed(2)} s${note ? `  ${note}` : ''}`);
console.log(`Advisor (${scenario.file.title}: ${options.length} options x ${ROLLOUTS} rollouts, ${workers} worker threads; ${REPS} repetitions, load average ${loadavg()[0].toFixed(1)})`);
row('pool per request (cold workers)', times.perRequest);
row('game pool, asked at once (not warm yet)', times.atStart);
row(`game pool warm-up (${WARMUP} rollouts a worker)`, times.warmup, 'in the background, at half duty');
row('game pool, first request once warm', times.first, 'target: about 1 s');
row('game pool, later requests', times.later);
console.log(`  ${'same tallies from every request'.padEnd(46)} ${String(answers.size === 1).padStart(14)}`);
process.exitCode = answers.size === 1 ? 0 : 1;
