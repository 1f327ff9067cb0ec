import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parley } from '../cli/run-cli.js';
import { repoRoot } from '../load-fixture.js';

/**
 * The live explorer's batch on real worker threads (dist/, built by the global setup: workers cannot
 * run the TypeScript sources): its rows arrive as columns built by the workers, and the store must
 * hold exactly what runs.csv of the same batch says, whether the batch ran straight or was paused
 * and resumed.
 */
const dist = (path: string) => import(pathToFileURL(join(repoRoot, 'dist', path)).href);
const dir = mkdtempSync(join(tmpdir(), 'parley-live-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('live explore batch', () => {
  it('holds the rows of runs.csv, straight and after a pause', async () => {
    const file = join(repoRoot, 'scenarios/supplier-duel.json');
    const runs = 3000;
    const out = join(dir, 'duel');
    const r = parley(['run', file, '--runs', String(runs), '--seed', 'live', '--strategy', 'all', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const { loadScenario } = await dist('scenario/load-scenario.js');
    const { aggregateShape } = await dist('montecarlo/run-block.js');
    const { RunColumns } = await dist('montecarlo/run-columns.js');
    const { buildArms } = await dist('cli/batch-options.js');
    const { startLiveBatch } = await dist('ui/explore/live-batch.js');
    const text = readFileSync(file, 'utf8');
    const { scenario } = loadScenario(text, file);
    const shape = { metrics: scenario.metrics.map((m: { id: string }) => m.id), tracks: scenario.tracks.map((t: { id: string }) => t.id), parameters: scenario.parameters.map((p: { name: string }) => p.name), variants: false };
    const reference = new RunColumns(shape, { withHeader: true });
    reference.append(readFileSync(join(out, 'runs.csv')));
    reference.end();
    const arms = buildArms([...scenario.strategies.keys()], [], []);
    const plan = { scenarioText: text, scenarioFile: file, scenarioHash: scenario.hash, seed: 'live', start: 0, end: runs, runs, arms, variants: false };

    for (const pause of [false, true]) {
      const store = new RunColumns(shape);
      await new Promise<void>((resolve, reject) => {
        const batch = startLiveBatch(plan, aggregateShape(scenario), store, { workers: 2, blockSize: 100 });
        let paused = false;
        let resumed = false;
        batch.subscribe(() => {
          const s = batch.status();
          if (s.state === 'failed') reject(new Error(s.error));
          // One pause and one resume, as a person presses p twice ('paused' is announced twice: when
          // asked, and when the batch has stopped; resuming on each would pause again, forever).
          if (pause && !paused && s.state === 'running' && s.done > 0) {
            paused = true;
            batch.togglePause();
          } else if (s.state === 'paused' && !resumed) {
            resumed = true;
            setTimeout(() => batch.togglePause(), 50);
          }
          if (s.state === 'complete') resolve();
        });
      });
      expect(store.length).toBe(reference.length);
      for (const [i, c] of reference.columns.entries()) {
        if (c.kind === 'number') expect(Array.from(store.numbers(i).subarray(0, store.length)), c.name).toEqual(Array.from(reference.numbers(i).subarray(0, reference.length)));
        else {
          const a = reference.text(i);
          const b = store.text(i);
          const cells = (t: { codes: Uint32Array; values: readonly string[] }) => Array.from(t.codes.subarray(0, reference.length), (k) => t.values[k]);
          expect(cells(b), c.name).toEqual(cells(a));
        }
      }
    }
  });
});
