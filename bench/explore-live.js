// Live explore vs a quiet batch: the same batch run by runBatch without rows (what `parley run
// --quiet` does) and by the explorer's live batch (small blocks, every row parsed into columns).
// Usage: node bench/explore-live.js [scenario] [runs] [workers] [reps]
import { readFileSync } from 'node:fs';
import { loadScenario } from '../dist/scenario/load-scenario.js';
import { blockSizeFor } from '../dist/montecarlo/batch-plan.js';
import { runBatch } from '../dist/montecarlo/run-batch.js';
import { aggregateShape } from '../dist/montecarlo/run-block.js';
import { RunColumns } from '../dist/montecarlo/run-columns.js';
import { startLiveBatch } from '../dist/ui/explore/live-batch.js';
import { BLOCK_SIZE } from '../dist/montecarlo/batch-plan.js';

const [file = 'scenarios/supplier-duel.json', runsText = '200000', workersText = '2', repsText = '3'] = process.argv.slice(2);
const runs = Number(runsText), workers = Number(workersText), reps = Number(repsText);
const text = readFileSync(file, 'utf8');
const { scenario } = loadScenario(text, file);
const strategies = [...scenario.strategies.keys()];
const arms = strategies.map((s) => ({ label: s, strategy: s, sets: [], variant: 'base' }));
const plan = { scenarioText: text, scenarioFile: file, scenarioHash: scenario.hash, seed: '1', start: 0, end: runs, runs, arms, variants: false };
const shape = aggregateShape(scenario);
const info = { metrics: scenario.metrics.map((m) => m.id), tracks: scenario.tracks.map((t) => t.id), parameters: scenario.parameters.map((p) => p.name), variants: false };
const quiet = async () => (await runBatch(plan, shape, { workers, blockSize: blockSizeFor(runs, workers, false) })).elapsedMs;
const live = () => new Promise((resolve) => {
  const store = new RunColumns(info);
  const t = performance.now();
  const batch = startLiveBatch(plan, shape, store, { workers, blockSize: BLOCK_SIZE });
  batch.subscribe(() => { if (batch.status().state === 'complete') resolve(performance.now() - t); });
});
const rate = (ms) => Math.round((runs * arms.length) / (ms / 1000));
for (let i = 0; i < reps; i++) {
  const q = await quiet();
  const l = await live();
  console.log(`rep ${i + 1}: quiet ${rate(q)} runs/s, live explore ${rate(l)} runs/s (${((rate(l) / rate(q) - 1) * 100).toFixed(1)}%)`);
}
