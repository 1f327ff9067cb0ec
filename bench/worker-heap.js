// How much a batch worker's old generation grows per block (promoted garbage), without workers:
// runs blocks of 5,000 runs the way a worker does and prints V8's heap spaces every few blocks.
// A flat "old" line means peak memory stays flat in the number of runs. With GC=1 (and
// node --expose-gc) it collects before printing: then "old" is the live set alone.
// Usage: npm run build && node [--expose-gc] bench/worker-heap.js [scenario] [rows|norows] [blocks]
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
import { loadScenario } from '../dist/scenario/load-scenario.js';
import { createMemos } from '../dist/engine/simulation.js';
import { BlockRunner } from '../dist/montecarlo/run-block.js';

const file = process.argv[2] ?? 'scenarios/turkey-rare-earths.yaml';
const rows = process.argv[3] !== 'norows';
const blocks = Number(process.argv[4] ?? 60);
const { scenario } = loadScenario(readFileSync(file, 'utf8'), file);
if (!scenario) throw new Error(`${file} does not load`);
const plan = { seed: 'heap', arms: [{ strategy: scenario.defaultStrategy, sets: [], variant: '' }], variants: false, start: 0, end: 1e9 };
const runner = new BlockRunner(scenario, plan, createMemos(scenario));
const mb = (x) => (x / 1048576).toFixed(1);
let buffer;
for (let b = 0; b < blocks; b++) {
  const block = runner.run(b * 5000, (b + 1) * 5000, rows, buffer);
  structuredClone(block.aggregate.toWire()); // what a worker posts
  buffer = block.rows.buffer.byteLength > 0 ? block.rows.buffer : undefined;
  if (b % Math.max(1, Math.floor(blocks / 10)) === 0 || b === blocks - 1) {
    if (process.env.GC && globalThis.gc) globalThis.gc();
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.space_used_size]));
    console.log(`block ${String(b).padStart(4)}  runs ${String((b + 1) * 5000).padStart(8)}  old ${mb(spaces.old_space).padStart(6)} MB  new ${mb(spaces.new_space).padStart(5)} MB  large ${mb(spaces.large_object_space)} MB`);
  }
}
