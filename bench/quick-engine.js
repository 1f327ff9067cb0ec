// Engine speed alone, in one thread: CPU microseconds per run of a scenario's default strategy on one
// reused RunPlayer, as the minimum and median of several repetitions. For A/B comparisons of engine
// changes (build both, run them interleaved); `npm run bench` gives the figures that matter.
// Usage: node bench/quick-engine.js [scenario] [runs] [reps] [distDir]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [file = 'scenarios/turkey-rare-earths.yaml', runsText = '20000', repsText = '7', dist = 'dist'] = process.argv.slice(2);
const base = pathToFileURL(resolve(dist)).href;
const { readScenario } = await import(`${base}/cli/read-scenario.js`);
const { RunPlayer } = await import(`${base}/engine/run-player.js`);
const { scenario } = readScenario(file);
if (!scenario) throw new Error(`${file} does not load`);
const runs = Number(runsText);
const player = new RunPlayer(scenario);
const times = [];
let check = 0;
for (let r = 0; r < Number(repsText); r++) {
  // CPU time of this thread (user + system): less disturbed than wall time by other processes.
  const c0 = process.cpuUsage();
  for (let i = 0; i < runs; i++) check += player.play({ seed: 'bench', run: i }).rounds;
  const c = process.cpuUsage(c0);
  times.push((c.user + c.system) / runs);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ dist, minUs: +times[0].toFixed(2), medianUs: +times[times.length >> 1].toFixed(2), check }));
