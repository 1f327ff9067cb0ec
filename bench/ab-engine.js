// A/B of two engine builds in one process: runs of the same scenario alternate between the builds in
// short slices, and each build's CPU time is summed over its slices, so a slow spell of the host
// (common on shared machines) weighs on both alike. Prints per build the CPU microseconds per run
// (median over slices, and the total) and the ratio B/A; results must agree run for run.
// Usage: node bench/ab-engine.js <distA> <distB> [scenario] [slices] [runsPerSlice]
// A build may name its own scenario file as <dist>=<scenario> (e.g. an engine and its flagship at an
// older commit against today's): then the cost of what changed in both is compared, and results are
// not expected to agree.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [distA, distB, file = 'scenarios/turkey-rare-earths.yaml', slicesText = '40', sliceText = '1000'] = process.argv.slice(2);
if (!distA || !distB) throw new Error('usage: node bench/ab-engine.js <distA> <distB> [scenario] [slices] [runsPerSlice]');
async function player(spec) {
  const [dist, own] = spec.split('=');
  const base = pathToFileURL(resolve(dist)).href;
  const { readScenario } = await import(`${base}/cli/read-scenario.js`);
  const { RunPlayer } = await import(`${base}/engine/run-player.js`);
  const { scenario } = readScenario(own ?? file);
  if (!scenario) throw new Error(`${own ?? file} does not load with ${dist}`);
  return new RunPlayer(scenario);
}
const players = [await player(distA), await player(distB)];
const sameScenario = !distA.includes('=') && !distB.includes('=');
const slices = Number(slicesText);
const perSlice = Number(sliceText);
const times = [[], []];
const checks = [0, 0];
let next = 0;
// Warm both builds up first (JIT), untimed.
for (const p of players) for (let i = 0; i < 3000; i++) p.play({ seed: 'ab', run: i });
for (let s = 0; s < slices; s++) {
  // Alternate which build goes first, so neither always follows the other.
  const order = s % 2 === 0 ? [0, 1] : [1, 0];
  for (const b of order) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < perSlice; i++) checks[b] += players[b].play({ seed: 'ab', run: next + i }).rounds;
    const c = process.cpuUsage(c0);
    times[b].push((c.user + c.system) / perSlice);
  }
  next += perSlice;
}
if (sameScenario && checks[0] !== checks[1]) throw new Error(`the builds disagree: ${checks[0]} vs ${checks[1]} rounds in total`);
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const total = (a) => a.reduce((x, y) => x + y, 0) / a.length;
const ratios = times[0].map((a, i) => times[1][i] / a);
console.log(JSON.stringify({
  A: { dist: distA, medianUs: +median(times[0]).toFixed(2), meanUs: +total(times[0]).toFixed(2) },
  B: { dist: distB, medianUs: +median(times[1]).toFixed(2), meanUs: +total(times[1]).toFixed(2) },
  ratioBA: { ofMeans: +(total(times[1]) / total(times[0])).toFixed(3), medianPaired: +median(ratios).toFixed(3) },
}));
