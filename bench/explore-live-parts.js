// Where live explore's extra cost goes, measured in ways a shared host disturbs less than wall time
// (bench/explore-live.js gives the end-to-end figure):
//   workers: CPU time of a block that also builds its rows as columns minus one that builds none, on
//     one warmed block runner, the two alternating (paired medians), per row;
//   main thread: its busy time (performance.eventLoopUtilization) over a whole live batch and over a
//     quiet one, alternating (medians).
// Usage: node bench/explore-live-parts.js [scenario] [runs] [reps]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance as perf } from 'node:perf_hooks';
import { loadScenario } from '../dist/scenario/load-scenario.js';
import { blockSizeFor, BLOCK_SIZE } from '../dist/montecarlo/batch-plan.js';
import { runBatch } from '../dist/montecarlo/run-batch.js';
import { aggregateShape, BlockRunner } from '../dist/montecarlo/run-block.js';
import { createMemos } from '../dist/engine/simulation.js';
import * as runColumns from '../dist/montecarlo/run-columns.js';
import { startLiveBatch } from '../dist/ui/explore/live-batch.js';

const [file = 'scenarios/turkey-rare-earths.yaml', runsText = '2000', repsText = '5'] = process.argv.slice(2);
const runs = Number(runsText), reps = Number(repsText);
const text = readFileSync(file, 'utf8');
const { scenario } = loadScenario(text, file);
const arms = [...scenario.strategies.keys()].map((s) => ({ label: s, strategy: s, sets: [], variant: 'base' }));
const plan = { scenarioText: text, scenarioFile: file, scenarioHash: scenario.hash, seed: '1', start: 0, end: runs, runs, arms, variants: false };
const shape = aggregateShape(scenario);
const info = { metrics: scenario.metrics.map((m) => m.id), tracks: scenario.tracks.map((t) => t.id), parameters: scenario.parameters.map((p) => p.name), variants: false };
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

// Workers' part, in this thread.
const runner = new BlockRunner(scenario, plan, createMemos(scenario));
const block = 250;
for (let s = 0; s < 4 * block; s += block) runner.run(s, s + block, false);
const diff = [];
let spare;
for (let i = 0; i < 4 * reps; i++) {
  const times = {};
  for (const mode of i % 2 ? [false, 'columns'] : ['columns', false]) {
    const c = cpu();
    const b = runner.run(0, block, mode, undefined, spare);
    if (b.columns && runColumns.columnBuffers) spare = runColumns.columnBuffers(b.columns);
    times[mode] = cpu() - c;
  }
  diff.push(times.columns - times.false);
}
const rowsPerBlock = block * arms.length;
console.log(`${file}: ${arms.length} strategies (load ${loadavg()[0].toFixed(1)})`);
console.log(`  workers: building a row as columns costs ${((median(diff) * 1000) / rowsPerBlock).toFixed(2)} us (median of ${diff.length} paired blocks of ${rowsPerBlock} rows)`);

// Main thread's part, over whole batches on 2 workers.
const busy = async (f) => {
  const e = perf.eventLoopUtilization();
  await f();
  return perf.eventLoopUtilization(e).active;
};
const quiet = () => runBatch(plan, shape, { workers: 2, blockSize: blockSizeFor(runs, 2, false) });
const live = () =>
  new Promise((resolve, reject) => {
    const store = new runColumns.RunColumns(info);
    const batch = startLiveBatch(plan, shape, store, { workers: 2, blockSize: BLOCK_SIZE });
    batch.subscribe(() => {
      const s = batch.status();
      if (s.state === 'failed') reject(new Error(s.error));
      if (s.state === 'complete') resolve(store.length);
    });
  });
const q = [], l = [];
for (let i = 0; i < reps; i++) {
  if (i % 2 === 0) {
    q.push(await busy(quiet));
    l.push(await busy(live));
  } else {
    l.push(await busy(live));
    q.push(await busy(quiet));
  }
}
console.log(`  main thread busy per ${(runs * arms.length).toLocaleString('en-US')} rows: live ${median(l).toFixed(0)} ms, quiet ${median(q).toFixed(0)} ms (medians of ${reps}; load ${loadavg()[0].toFixed(1)})`);
