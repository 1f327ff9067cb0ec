// What checkpointing costs a batch with --out: runs/s of the real CLI (`parley run --runs N --out DIR
// --quiet`), timed around the whole command in a child process, for builds and checkpoint settings
// run alternately, so a slow spell of the host weighs on all of them alike.
//
// Usage: node bench/checkpoint.js [runs] [reps] [scenario]
//   Compares dist/ with its default checkpoints (every 30 s), dist/ checkpointing after every block
//   (--checkpoint-every 0, the worst case), and, when dist-base/ exists, the build before checkpoints
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
  process.stdout.write(JSON.stringify({ ms: performance.now() - started, code: process.exitCode ?? 0 }) + '\n');
} else {
  const runs = Number(process.argv[2] ?? 200_000);
  const reps = Number(process.argv[3] ?? 5);
  const scenario = process.argv[4] ?? join(root, 'scenarios/supplier-duel.json');
  const settings = [
    ...(existsSync(join(root, 'dist-base/cli/main.js')) ? [{ name: 'dist-base (no checkpoints)', dist: 'dist-base', extra: [] }] : []),
    { name: 'dist, checkpoints every 30 s (default)', dist: 'dist', extra: [] },
    { name: 'dist, checkpoint after every block', dist: 'dist', extra: ['--checkpoint-every', '0'] },
    { name: 'dist, no --out (no files at all)', dist: 'dist', extra: [], noOut: true },
  ];
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-checkpoint-'));
  const rates = settings.map(() => []);
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
      loads.push(loadavg()[0]);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const base = median(rates[0]);
  for (const [i, s] of settings.entries()) {
    const m = median(rates[i]);
    const range = `${Math.round(Math.min(...rates[i])).toLocaleString('en-US')}-${Math.round(Math.max(...rates[i])).toLocaleString('en-US')}`;
    console.log(`  ${s.name.padEnd(42)} ${Math.round(m).toLocaleString('en-US').padStart(9)} runs/s  (range ${range})  ${(m / base).toFixed(3)}x`);
  }
  console.log(`  load average during the runs: ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)} on ${availableParallelism()} cores`);
}
