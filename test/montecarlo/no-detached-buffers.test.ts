import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../load-fixture.js';
import { runChildSync } from '../run-child.js';

/**
 * Batch workers must never detach an ArrayBuffer (transfer it in postMessage): the first detach in
 * a thread invalidates V8's ArrayBufferDetaching protector, and every optimised function that reads
 * a typed array is thrown away and recompiled with detach checks. It cost a live explore batch 7-9%
 * of its runs/s against a quiet one (bench/explore-live.js). V8 reports each invalidation with
 * --trace-protector-invalidation (worker threads inherit the flag); the batches here run the paths
 * that hand rows from workers to the main thread: runs.csv lines (`run --out`), a live explore
 * batch's columns, and the policy workers of `optimize`. (The CLI's main thread must not detach
 * one either, so Ink, whose WebAssembly memory grows by detaching, loads only for the screens.)
 */
const dir = mkdtempSync(join(tmpdir(), 'parley-detach-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const duel = join(repoRoot, 'scenarios/supplier-duel.json');
const FLAG = '--trace-protector-invalidation';

function node(args: string[]) {
  const r = runChildSync(process.execPath, [FLAG, ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' } });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout + r.stderr;
}

describe('batch workers detach no buffers', () => {
  it('the flag reports a detach (so its silence below means something)', () => {
    const out = node(['--input-type=module', '-e', 'const b = new ArrayBuffer(8); structuredClone(b, { transfer: [b] });']);
    expect(out).toContain('ArrayBufferDetaching');
  });

  it('run --out (runs.csv lines from the workers)', () => {
    const out = node([join(repoRoot, 'bin/parley.js'), 'run', duel, '--runs', '1200', '--strategy', 'all', '--seed', 'd', '--out', join(dir, 'run'), '--quiet', '--workers', '2']);
    expect(out).not.toContain('ArrayBufferDetaching');
  });

  it('a live explore batch (columns from the workers)', () => {
    const dist = (p: string) => pathToFileURL(join(repoRoot, 'dist', p)).href;
    const script = `
      import { readFileSync } from 'node:fs';
      const { loadScenario } = await import(${JSON.stringify(dist('scenario/load-scenario.js'))});
      const { aggregateShape } = await import(${JSON.stringify(dist('montecarlo/run-block.js'))});
      const { RunColumns } = await import(${JSON.stringify(dist('montecarlo/run-columns.js'))});
      const { startLiveBatch } = await import(${JSON.stringify(dist('ui/explore/live-batch.js'))});
      const file = ${JSON.stringify(duel)};
      const text = readFileSync(file, 'utf8');
      const { scenario } = loadScenario(text, file);
      const arms = [...scenario.strategies.keys()].map((s) => ({ label: s, strategy: s, sets: [], variant: 'base' }));
      const plan = { scenarioText: text, scenarioFile: file, scenarioHash: scenario.hash, seed: 'd', start: 0, end: 1200, runs: 1200, arms, variants: false };
      const store = new RunColumns({ metrics: scenario.metrics.map((m) => m.id), tracks: scenario.tracks.map((t) => t.id), parameters: scenario.parameters.map((p) => p.name), variants: false });
      const batch = startLiveBatch(plan, aggregateShape(scenario), store, { workers: 2, blockSize: 100 });
      batch.subscribe(() => {
        const s = batch.status();
        if (s.state === 'failed') { console.error(s.error); process.exit(1); }
        if (s.state === 'complete') console.log('rows', store.length);
      });`;
    const file = join(dir, 'live.mjs');
    writeFileSync(file, script);
    const out = node([file]);
    expect(out).toContain(`rows ${1200 * 4}`);
    expect(out).not.toContain('ArrayBufferDetaching');
  });

  it('optimize (policy workers)', () => {
    const out = node([join(repoRoot, 'bin/parley.js'), 'optimize', duel, '--strategy', 'tunedDuel', '--budget-runs', '4000', '--seed', 'd', '--workers', '2']);
    expect(out).not.toContain('ArrayBufferDetaching');
  });
});
