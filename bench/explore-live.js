// Live explore vs a quiet batch (issue target: at most 5% fewer runs/s than `parley run --quiet`).
// The same batch three ways, in rotating order:
//   quiet:  as `parley run --quiet` runs it (runBatch, no rows, its own block size);
//   live:   as `parley explore <scenario>` runs it (startLiveBatch: small blocks so the screens move,
//           every row kept in the columnar store, built as columns by the workers), no screen;
//   screen: live, with the explorer's overview drawn by Ink as `parley explore` draws it (React's
//           production build, the explorer's frame rate) into a 120x40 terminal that discards
//           what it is sent: the whole main-thread cost of the explorer but the terminal's own.
// Both wall time (runs/s, counting rows as the CLI does) and the process's CPU time (all threads) are
// printed; on a shared host the CPU ratio is the steadier one.
// Usage: node bench/explore-live.js [scenario] [runs] [workers] [reps]
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

// As bin/parley.js does before Ink and React load.
process.env.NODE_ENV ??= 'production';
process.env.CI = '0';
const { createElement } = await import('react');
const { render } = await import('ink');
const { loadScenario } = await import('../dist/scenario/load-scenario.js');
const { blockSizeFor, BLOCK_SIZE } = await import('../dist/montecarlo/batch-plan.js');
const { runBatch } = await import('../dist/montecarlo/run-batch.js');
const { aggregateShape } = await import('../dist/montecarlo/run-block.js');
const { scenarioInfo } = await import('../dist/montecarlo/batch-summary.js');
const { RunColumns } = await import('../dist/montecarlo/run-columns.js');
const { startLiveBatch } = await import('../dist/ui/explore/live-batch.js');
const { ExploreApp } = await import('../dist/ui/explore/ExploreApp.js');

const [file = 'scenarios/turkey-rare-earths.yaml', runsText = '10000', workersText = '2', repsText = '3'] = process.argv.slice(2);
const runs = Number(runsText), workers = Number(workersText), reps = Number(repsText);
const text = readFileSync(file, 'utf8');
const { scenario } = loadScenario(text, file);
const arms = [...scenario.strategies.keys()].map((s) => ({ label: s, strategy: s, sets: [], variant: 'base' }));
const plan = { scenarioText: text, scenarioFile: file, scenarioHash: scenario.hash, seed: '1', start: 0, end: runs, runs, arms, variants: false };
const shape = aggregateShape(scenario);
const info = scenarioInfo(scenario);
const columns = { metrics: info.metrics.map((m) => m.id), tracks: info.tracks.map((t) => t.id), parameters: info.parameters.map((p) => p.name), variants: false };

/** A terminal that takes Ink's frames and drops them. */
class NullTerminal extends EventEmitter {
  isTTY = true;
  columns = 120;
  rows = 40;
  frames = 0;
  write() {
    this.frames++;
    return true;
  }
}
/** A keyboard nobody types on. */
class IdleKeyboard extends EventEmitter {
  isTTY = true;
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read() {
    return null;
  }
}

const quiet = () => runBatch(plan, shape, { workers, blockSize: blockSizeFor(runs, workers, false) });
const live = (screen) =>
  new Promise((resolve, reject) => {
    const store = new RunColumns(columns);
    const batch = startLiveBatch(plan, shape, store, { workers, blockSize: BLOCK_SIZE });
    let ink;
    if (screen) {
      const source = { store, scenario: { title: info.title, outcomes: info.outcomes, metrics: info.metrics, tracks: info.tracks, parameters: info.parameters }, arms, seed: '1', origin: `${file}, live`, live: batch };
      const stdout = new NullTerminal();
      ink = render(createElement(ExploreApp, { source, color: true, width: stdout.columns, height: stdout.rows }), { stdout, stdin: new IdleKeyboard(), stderr: new NullTerminal(), exitOnCtrlC: false, patchConsole: false, maxFps: 10 });
    }
    batch.subscribe(() => {
      const s = batch.status();
      if (s.state === 'failed') reject(new Error(s.error));
      if (s.state === 'complete') {
        ink?.unmount();
        resolve(store.length);
      }
    });
  });
const modes = { quiet, live: () => live(false), screen: () => live(true) };
const names = Object.keys(modes);
const measure = async (f) => {
  const c = process.cpuUsage();
  const t = performance.now();
  await f();
  const u = process.cpuUsage(c);
  return { ms: performance.now() - t, cpu: (u.user + u.system) / 1000 };
};
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const rows = runs * arms.length;
const rate = (ms) => Math.round(rows / (ms / 1000));
const pct = (x) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const ratios = { live: { wall: [], cpu: [] }, screen: { wall: [], cpu: [] } };
console.log(`${file}: ${runs.toLocaleString('en-US')} runs x ${arms.length} strategies on ${workers} workers; live blocks of ${BLOCK_SIZE} runs; runs/s count rows`);
// One batch first, not counted: the process's first batch pays for loading the workers' modules.
await quiet();
for (let i = 0; i < reps; i++) {
  // Each rep in a rotated order, so that no mode always follows another.
  const order = names.map((_, k) => names[(k + i) % names.length]);
  const r = {};
  for (const m of order) r[m] = await measure(modes[m]);
  for (const m of ['live', 'screen']) {
    ratios[m].wall.push(r.quiet.ms / r[m].ms - 1);
    ratios[m].cpu.push(r[m].cpu / r.quiet.cpu);
  }
  console.log(`  rep ${i + 1}: quiet ${rate(r.quiet.ms)} runs/s; live ${rate(r.live.ms)} (${pct(ratios.live.wall[i])}, CPU x${ratios.live.cpu[i].toFixed(3)}); screen ${rate(r.screen.ms)} (${pct(ratios.screen.wall[i])}, CPU x${ratios.screen.cpu[i].toFixed(3)})  (load ${loadavg()[0].toFixed(1)})`);
}
for (const m of ['live', 'screen']) console.log(`  median ${m}: runs/s ${pct(median(ratios[m].wall))} against quiet; CPU ${m}/quiet ${median(ratios[m].cpu).toFixed(3)}x  (target: at most 5% fewer runs/s)`);
