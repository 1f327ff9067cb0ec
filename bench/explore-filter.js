// Times the explorer's data path on 10^6 rows: building the columnar store from runs.csv bytes,
// then conditioning (filter + the overview's outcome table), against the 1 s target of issue 14.
// Usage: node bench/explore-filter.js [rows] [runs.csv of a supplier-duel batch to repeat]
import { readFileSync } from 'node:fs';
import { RunColumns } from '../dist/montecarlo/run-columns.js';
import { filterRuns } from '../dist/montecarlo/run-filter.js';
import { outcomeTable, pairedDifference } from '../dist/ui/explore/explore-figures.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const shape = { metrics: ['cityUtility', 'price'], tracks: ['incumbent', 'newcomer'], parameters: ['newcomerRisk', 'incumbentPatience'], variants: false };
let text;
if (process.argv[3]) text = readFileSync(process.argv[3], 'utf8');
else {
  // A synthetic runs.csv of the supplier duel's shape, two arms.
  const outcomes = ['newcomerDeal', 'incumbentDeal', 'noDeal'];
  let s = 'run,strategy,outcome,rounds,dealRound,dealTrack,deals,cityUtility,price,incumbent,newcomer,newcomerRisk,incumbentPatience\n';
  let x = 1;
  const rnd = () => ((x = (x * 48271) % 2147483647) / 2147483647);
  for (let i = 0; i < rows / 2; i++) for (const strategy of ['playBoth', 'random']) {
    const o = outcomes[Math.floor(rnd() * 3)];
    s += `${i},${strategy},${o},${1 + Math.floor(rnd() * 12)},${o === 'noDeal' ? '' : Math.floor(rnd() * 12)},${o === 'noDeal' ? '' : 'newcomer'},${o === 'noDeal' ? '' : 'newcomer'},${rnd()},${o === 'noDeal' ? '' : 80 + 40 * rnd()},talks,contract,${rnd() * 0.2},${Math.floor(rnd() * 6)}\n`;
  }
  text = s;
}
const bytes = new TextEncoder().encode(text);
let t = performance.now();
const store = new RunColumns(shape, { withHeader: true });
for (let at = 0; at < bytes.length; at += 1 << 20) store.append(bytes.subarray(at, Math.min(bytes.length, at + (1 << 20))));
store.end();
const load = performance.now() - t;
const times = [];
for (let rep = 0; rep < 5; rep++) {
  t = performance.now();
  const { mask, kept } = filterRuns(store, [
    { column: 'newcomerRisk', kind: 'range', lo: -Infinity, hi: 0.1, loInclusive: false, hiInclusive: false },
    { column: 'price', kind: 'range', lo: 90, hi: Infinity, loInclusive: true, hiInclusive: false },
  ]);
  outcomeTable(store, mask, 2, ['newcomerDeal', 'incumbentDeal', 'noDeal']);
  pairedDifference(store, mask, 2, 1, 0, 'newcomerDeal');
  times.push(performance.now() - t);
  if (rep === 0) console.log(`kept ${kept} of ${store.length} rows`);
}
console.log(`rows ${store.length}: load from runs.csv bytes ${(load / 1000).toFixed(2)} s (${(bytes.length / 1e6).toFixed(0)} MB); condition (2 ranges) + outcome table + paired difference: ${times.map((x) => x.toFixed(0)).join(', ')} ms (target < 1000 ms)`);
