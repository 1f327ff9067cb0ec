// What checkpointing costs a batch with --out: runs/s of the real CLI (`parley run --runs N --out DIR
// --quiet`), timed around the whole command in a child process, for builds and checkpoint settings
// run alternately, so a slow spell of the host weighs on all of them alike.
//
// Usage: node bench/checkpoint.js [runs] [reps] [scenario]
//   Compares dist/ with its default checkpoints (every 30 s), every second (30 times as often: a batch
//   short enough to time sees few 30 s checkpoints, so this one measures their cost, /30), after
//   every block (--checkpoint-every 0, the worst case), without --out, and, when dist-base/ exists, the build before checkpoints
//   (`git worktree add /tmp/b <commit> && (cd /tmp/b && npx tsc -p tsconfig.build.json) && cp -r /tmp/b/dist dist-base`).
// Prints each setting's median runs/s and its ratio to the first one, with the load average.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

if (process.argv[2] === '--child') {
  // One command of one build, timed from here (module loading included, the same for every build).
  const [dist, ...args] = process.argv.slice(3);
  const started = performance.now();
  const { main } = await import(join(root, dist, 'cli/main.js'));
  await main([process.execPath, 'parley', ...args]);
  const usage = process.resourceUsage();
  // CPU time of every thread (workers included): less swayed than wall time by other processes.
  process.stdout.write(JSON.stringify({ ms: performance.now() - started, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, code: process.exitCode ?? 0 }) + '\n');
} else {
  const runs = Number(process.argv[2] ?? 200_000);
  const reps = Number(process.argv[3] ?? 5);
  const scenario = process.argv[4] ?? join(root, 'scenarios/supplier-duel.json');
  const settings = [
    ...(existsSync(join(root, 'dist-base/cli/main.js')) ? [{ name: 'dist-base (no checkpoints)', dist: 'dist-base', extra: [] }] : []),
    { name: 'dist, checkpoints every 30 s (default)', dist: 'dist', extra: [] },
    { name: 'dist, checkpoints every 1 s (30x the default)', dist: 'dist', extra: ['--checkpoint-every', '1'] },
    { name: 'dist, checkpoint after every block', dist: 'dist', extra: ['--checkpoint-every', '0'] },
    { name: 'dist, no --out (no files at all)', dist: 'dist', extra: [], noOut: true },
  ];
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-checkpoint-'));
  const rates = settings.map(() => []);
  const cpuPerRun = settings.map(() => []);
  const loads = [];
  console.log(`checkpoint overhead · ${runs.toLocaleString('en-US')} runs of ${scenario.split('/').pop()} · ${availableParallelism()} cores · ${reps} rounds, settings alternated`);
  for (let rep = 0; rep < reps; rep++) {
    // Rotate the order each round so no setting always runs first (or right after a given other).
    for (let k = 0; k < settings.length; k++) {
      const i = (k + rep) % settings.length;
      const s = settings[i];
      const out = join(dir, `out-${i}`);
      rmSync(out, { recursive: true, force: true });
      const args = ['run', scenario, '--runs', String(runs), '--seed', 'bench', '--quiet', ...(s.noOut ? [] : ['--out', out]), ...s.extra];
      const r = JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', s.dist, ...args], { encoding: 'utf8' }).trim().split('\n').pop());
      if (r.code !== 0) throw new Error(`${s.name}: exit ${r.code}`);
      rates[i].push(runs / (r.ms / 1000));
      cpuPerRun[i].push((r.cpuMs * 1000) / runs);
      loads.push(loadavg()[0]);
    }
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const base = median(rates[0]);
  const baseCpu = median(cpuPerRun[0]);
  console.log('  wall clock (runs/s, median and range) and CPU of all threads per run (median), as ratios to the first line:');
  for (const [i, s] of settings.entries()) {
    const m = median(rates[i]);
    const range = `${Math.round(Math.min(...rates[i])).toLocaleString('en-US')}-${Math.round(Math.max(...rates[i])).toLocaleString('en-US')}`;
    const cpu = median(cpuPerRun[i]);
    console.log(`  ${s.name.padEnd(46)} ${Math.round(m).toLocaleString('en-US').padStart(9)} runs/s (${range}) ${(m / base).toFixed(3)}x · ${cpu.toFixed(1)} us CPU/run ${(baseCpu / cpu).toFixed(3)}x`);
  }
  console.log(`  load average during the runs: ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)} on ${availableParallelism()} cores`);

  // The same cost measured directly, which a loaded machine's noise cannot hide: what one checkpoint
  // costs (fsync of the rows, the aggregate as JSON, write, fsync, rename, folder fsync) on this
  // batch's real aggregate, and what hashing the rows costs per run; over runs/s at one checkpoint
  // every 30 s, that is the share of a second the main thread spends on checkpoints.
  const { RunsJournal } = await import(join(root, 'dist/report/runs-journal.js'));
  const { writeCheckpoint } = await import(join(root, 'dist/report/batch-checkpoint.js'));
  const { readFileSync } = await import('node:fs');
  const finished = join(dir, 'out-' + settings.findIndex((s) => s.dist === 'dist' && !s.noOut));
  const cp = JSON.parse(readFileSync(join(finished, 'checkpoint.json'), 'utf8'));
  const rows = readFileSync(join(finished, 'runs.csv'));
  const header = rows.subarray(0, rows.indexOf(10) + 1).toString();
  const probe = join(dir, 'probe');
  const journal = RunsJournal.create(probe, header);
  const slice = rows.subarray(header.length, header.length + Math.min(rows.length - header.length, 1 << 20));
  const each = [];
  for (let k = 0; k < 15; k++) {
    journal.append(slice, 1); // rows since the last checkpoint (unsynced page cache, as in a batch)
    const t = performance.now();
    writeCheckpoint(probe, { ...cp, runsCsv: journal.sync() });
    each.push(performance.now() - t);
  }
  journal.close();
  const { createHash } = await import('node:crypto');
  const t = performance.now();
  for (let k = 0; k < 5; k++) createHash('sha256').update(rows).digest();
  const hashNsPerByte = ((performance.now() - t) * 1e6) / 5 / rows.length;
  const perRunBytes = rows.length / Math.max(1, cp.runsCsv.rows);
  const checkpointMs = median(each);
  const rate = median(rates[settings.findIndex((s) => s.dist === 'dist' && !s.noOut)]);
  const share = checkpointMs / 30_000 + (rate * perRunBytes * hashNsPerByte) / 1e9;
  console.log(`  one checkpoint: ${checkpointMs.toFixed(1)} ms median (${Math.min(...each).toFixed(1)}-${Math.max(...each).toFixed(1)}), aggregate ${(JSON.stringify(cp).length / 1024).toFixed(1)} kB`);
  console.log(`  hashing rows: ${hashNsPerByte.toFixed(2)} ns/byte, ${perRunBytes.toFixed(0)} bytes/run (${((perRunBytes * hashNsPerByte) / 1000).toFixed(3)} us/run)`);
  console.log(`  => checkpoint work at ${Math.round(rate).toLocaleString('en-US')} runs/s, one checkpoint per 30 s: ${(share * 100).toFixed(2)}% of the main thread's time`);
  rmSync(dir, { recursive: true, force: true });
}
