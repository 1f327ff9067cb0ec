// Live explore vs a quiet batch (issue target: at most 5% fewer runs/s than `parley run --quiet`).
// The same batch, alternately: run as `parley run --quiet` runs it (runBatch, no rows, its own block
// size) and as `parley explore <scenario>` runs it (startLiveBatch: small blocks so the screens move,
// every row kept in the columnar store, built as columns by the workers). Both wall time (runs/s) and
// the process's CPU time (all threads) are printed; on a shared host the CPU ratio is the steadier one.
// Usage: node bench/explore-live.js [scenario] [runs] [workers] [reps]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { loadScenario } from '../dist/scenario/load-scenario.js';
import { blockSizeFor, BLOCK_SIZE } from '../dist/montecarlo/batch-plan.js';
import { runBatch } from '../dist/montecarlo/run-batch.js';
import { aggregateShape } from '../dist/montecarlo/run-block.js';
import { RunColumns } from '../dist/montecarlo/run-columns.js';
import { startLiveBatch } from '../dist/ui/explore/live-batch.js';

const [file = 'scenarios/turkey-rare-earths.yaml', runsText = '10000', workersText = '2', repsText = '3'] = process.argv.slice(2);
const runs = Number(runsText), workers = Number(workersText), reps = Number(repsText);
const text = readFileSync(file, 'utf8');
const { scenario } = loadScenario(text, file);
const arms = [...scenario.strategies.keys()].map((s) => ({ label: s, strategy: s, sets: [], variant: 'base' }));
const plan = { scenarioText: text, scenarioFile: file, scenarioHash: scenario.hash, seed: '1', start: 0, end: runs, runs, arms, variants: false };
const shape = aggregateShape(scenario);
const info = { metrics: scenario.metrics.map((m) => m.id), tracks: scenario.tracks.map((t) => t.id), parameters: scenario.parameters.map((p) => p.name), variants: false };
const quiet = () => runBatch(plan, shape, { workers, blockSize: blockSizeFor(runs, workers, false) });
const live = () =>
  new Promise((resolve, reject) => {
    const store = new RunColumns(info);
    const batch = startLiveBatch(plan, shape, store, { workers, blockSize: BLOCK_SIZE });
    batch.subscribe(() => {
      const s = batch.status();
      if (s.state === 'failed') reject(new Error(s.error));
      if (s.state === 'complete') resolve(store.length);
    });
  });
const measure = async (f) => {
  const c = process.cpuUsage();
  const t = performance.now();
  await f();
  const u = process.cpuUsage(c);
  return { ms: performance.now() - t, cpu: (u.user + u.system) / 1000 };
};
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const rows = runs * arms.length;
const wall = [], cpu = [];
console.log(`${file}: ${runs.toLocaleString('en-US')} runs x ${arms.length} strategies on ${workers} workers; live blocks of ${BLOCK_SIZE} runs`);
for (let i = 0; i < reps; i++) {
  // Alternate which goes first, so neither always follows the other.
  const [q, l] = i % 2 === 0 ? [await measure(quiet), await measure(live)] : [null, await measure(live)];
  const qq = q ?? (await measure(quiet));
  wall.push(qq.ms / l.ms);
  cpu.push(l.cpu / qq.cpu);
  console.log(`  rep ${i + 1}: quiet ${Math.round(rows / (qq.ms / 1000))} runs/s, live ${Math.round(rows / (l.ms / 1000))} runs/s (${((qq.ms / l.ms - 1) * 100).toFixed(1)}%); CPU live/quiet ${(l.cpu / qq.cpu).toFixed(3)}  (load ${loadavg()[0].toFixed(1)})`);
}
console.log(`  median: live runs/s ${((median(wall) - 1) * 100).toFixed(1)}% of quiet's; CPU live/quiet ${median(cpu).toFixed(3)}x  (target: at most 5% fewer runs/s)`);
