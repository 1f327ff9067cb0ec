// One batch in its own process, as `parley run --runs N --out DIR` runs it (workers, reorder window,
// runs.csv streamed to disk), timed around the batch alone. Prints one JSON line: runs, elapsedMs,
// the process's CPU time and peak RSS (worker threads included) from process.resourceUsage().
// Usage: node bench/batch-child.js <scenario> <runs> <workers> [outDir]
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { readScenario } from '../dist/cli/read-scenario.js';
import { runBatch } from '../dist/montecarlo/run-batch.js';
import { aggregateShape } from '../dist/montecarlo/run-block.js';
import { blockSizeFor } from '../dist/montecarlo/batch-plan.js';
import { AtomicFile } from '../dist/report/atomic-file.js';
import { runsCsvHeader } from '../dist/montecarlo/runs-csv.js';
import { readFileSync } from 'node:fs';

const [file, runsText, workersText, out] = process.argv.slice(2);
const runs = Number(runsText);
const workers = Number(workersText) || availableParallelism();
const { scenario } = readScenario(file);
if (!scenario) throw new Error(`${file} does not load`);
const plan = {
  scenarioText: readFileSync(file, 'utf8'),
  scenarioFile: scenario.path,
  scenarioHash: scenario.hash,
  seed: 'bench',
  start: 0,
  end: runs,
  runs,
  arms: [{ label: scenario.defaultStrategy, strategy: scenario.defaultStrategy, sets: [], variant: 'base' }],
  variants: false,
};
let csv;
if (out) {
  csv = new AtomicFile(join(out, 'runs.csv'));
  csv.write(runsCsvHeader({ metrics: scenario.metrics.map((m) => m.id), tracks: scenario.tracks.map((t) => t.id), parameters: scenario.parameters.map((p) => p.name), variants: false }));
}
// The CLI's block size rule.
const blockSize = blockSizeFor(runs, workers, false);
const result = await runBatch(plan, aggregateShape(scenario), { workers, blockSize, onRows: csv ? (rows) => csv.writeBytes(rows) : undefined });
csv?.commit();
const usage = process.resourceUsage();
// CPU time of the whole process (all threads): on a busy machine it tells whether the cores were ours.
const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
process.stdout.write(JSON.stringify({ runs: result.end, elapsedMs: result.elapsedMs, cpuMs, maxRssMB: usage.maxRSS / 1024 }) + '\n');
