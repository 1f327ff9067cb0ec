// Times the explorer's data path on 10^6 rows: building the columnar store from runs.csv bytes,
// then conditioning (filter + the overview's outcome table), against the 1 s target of issue 14;
// and opening the same rows from a binary runs file (runs.columns) instead of runs.csv.
// Usage: node bench/explore-filter.js [rows] [runs.csv of a supplier-duel batch to repeat]
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunsCsvColumns } from '../dist/report/read-run-columns.js';
import { readRunsColumnsFile, writeRunsColumnsFile } from '../dist/report/runs-columns-file.js';
import { RunColumns } from '../dist/montecarlo/run-columns.js';
import { filterRuns } from '../dist/montecarlo/run-filter.js';
import { outcomeTable, pairedDifference } from '../dist/ui/explore/explore-figures.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const shape = { metrics: ['cityUtility', 'price'], tracks: ['incumbent', 'newcomer'], parameters: ['newcomerRisk', 'incumbentPatience'], variants: false, paths: !process.argv[3] };
let text;
if (process.argv[3]) text = readFileSync(process.argv[3], 'utf8');
else {
  // A synthetic runs.csv of the supplier duel's shape, two arms.
  const outcomes = ['newcomerDeal', 'incumbentDeal', 'noDeal'];
  let s = 'run,strategy,outcome,rounds,dealRound,dealTrack,deals,cityUtility,price,incumbent,newcomer,incumbent_path,newcomer_path,newcomerRisk,incumbentPatience\n';
  const newcomerPaths = ['bid > shortlisted > contract', 'bid > contract', 'bid > shortlisted > lost'];
  let x = 1;
  const rnd = () => ((x = (x * 48271) % 2147483647) / 2147483647);
  for (let i = 0; i < rows / 2; i++) for (const strategy of ['playBoth', 'random']) {
    const o = outcomes[Math.floor(rnd() * 3)];
    s += `${i},${strategy},${o},${1 + Math.floor(rnd() * 12)},${o === 'noDeal' ? '' : Math.floor(rnd() * 12)},${o === 'noDeal' ? '' : 'newcomer'},${o === 'noDeal' ? '' : 'newcomer'},${rnd()},${o === 'noDeal' ? '' : 80 + 40 * rnd()},talks,contract,talks > contract,${newcomerPaths[Math.floor(rnd() * 3)]},${rnd() * 0.2},${Math.floor(rnd() * 6)}\n`;
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

// The same rows from runs.csv on disk (as `parley explore <dir>` reads it: chunks, hashed) and from
// runs.columns written from them.
const dir = mkdtempSync(join(tmpdir(), 'parley-bench-columns-'));
try {
  const csvFile = join(dir, 'runs.csv');
  writeFileSync(csvFile, bytes);
  t = performance.now();
  const fromCsv = await readRunsCsvColumns(csvFile, shape);
  const csvMs = performance.now() - t;
  const file = join(dir, 'runs.columns');
  t = performance.now();
  writeRunsColumnsFile(file, fromCsv.store, { scenarioHash: 'bench', seed: 'bench', runsCsv: fromCsv.runsCsv });
  const writeMs = performance.now() - t;
  t = performance.now();
  const fromColumns = readRunsColumnsFile(file, shape, { scenarioHash: 'bench', seed: 'bench', rows: fromCsv.store.length, runsCsv: { bytes: fromCsv.runsCsv.bytes, sha256: fromCsv.runsCsv.sha256 } });
  const columnsMs = performance.now() - t;
  if ('problem' in fromColumns) throw new Error(fromColumns.problem);
  console.log(
    `open ${fromCsv.store.length} rows: runs.csv file ${(csvMs / 1000).toFixed(2)} s (${(fromCsv.runsCsv.bytes / 1e6).toFixed(0)} MB); runs.columns ${(columnsMs / 1000).toFixed(2)} s (${(statSync(file).size / 1e6).toFixed(0)} MB, written in ${(writeMs / 1000).toFixed(2)} s); ${(csvMs / columnsMs).toFixed(1)}x faster`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
