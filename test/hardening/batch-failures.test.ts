import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { runOnce } from '../../src/engine/run-once.js';
import { SimulationError } from '../../src/engine/simulation-error.js';
import { repoRoot } from '../load-fixture.js';
import { runParley, stackTraceLines } from './run-parley.js';

/**
 * A batch whose scenario fails at run time in some runs only must stop (never hang), exit 2 without
 * a stack trace, and name the scenario, the located code and the run index, so that
 * `parley replay --run I` reproduces the failure.
 */
const dir = mkdtempSync(join(tmpdir(), 'parley-batch-failures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The hardening base scenario, plus a parameter that makes an effect divide by zero in ~1% of runs. */
function narrowFailure(): string {
  const base = readFileSync(`${repoRoot}test/fixtures/bad/nan-division-by-zero.json`, 'utf8').replace(/^\/\/.*\n/gm, '');
  const s = JSON.parse(base);
  s.parameters.rare = { label: 'Rare', dist: { type: 'uniform', min: 0, max: 1 } };
  s.tracks.main.moves.offer.effects = { pressure: 'world.pressure + 0.01 / (param.rare > 0.99 ? 0.0 : 1.0)' };
  return JSON.stringify(s, null, 2);
}

function runIndexIn(stderr: string): number {
  const m = /\brun (\d+)\b/.exec(stderr);
  expect(m, stderr).not.toBeNull();
  return Number(m![1]);
}

describe('batches that fail at run time', () => {
  const text = narrowFailure();
  const file = join(dir, 'narrow.json');
  writeFileSync(file, text);

  it('stop with the located code and the run index, and replay --run reproduces that run', async () => {
    const batch = await runParley(['run', file, '--runs', '3000', '--seed', '1', '--workers', '2', '--quiet']);
    expect(stackTraceLines(batch.stderr)).toEqual([]);
    expect(batch.code, batch.stderr).toBe(2);
    expect(batch.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ E_NOT_FINITE`));
    const run = runIndexIn(batch.stderr);

    // The run named really fails, in the engine, for the reason given: its parameter is in the range.
    const { scenario } = loadScenario(text, file);
    let thrown: unknown;
    try {
      runOnce(scenario!, { seed: '1', run });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SimulationError);
    expect((thrown as SimulationError).code).toBe('E_NOT_FINITE');
    expect((thrown as SimulationError).where.run).toBe(run);

    const replay = await runParley(['replay', file, '--seed', '1', '--run', String(run)]);
    expect(stackTraceLines(replay.stderr)).toEqual([]);
    expect(replay.code, replay.stderr).toBe(2);
    expect(replay.stderr.split('\n')[0]).toBe(batch.stderr.split('\n')[0]);
  });

  it('with one worker, name the first failing run', async () => {
    const batch = await runParley(['run', file, '--runs', '3000', '--seed', '1', '--workers', '1', '--quiet']);
    expect(batch.code, batch.stderr).toBe(2);
    const run = runIndexIn(batch.stderr);
    const { scenario } = loadScenario(text, file);
    for (let i = 0; i < run; i++) expect(() => runOnce(scenario!, { seed: '1', run: i }), `run ${i}`).not.toThrow();
  });

  it('name the run index for errors raised inside a track machine (eventless cycle budget)', async () => {
    const batch = await runParley(['run', 'test/fixtures/bad/loop-always-guarded.json', '--runs', '100', '--seed', '1', '--quiet']);
    expect(stackTraceLines(batch.stderr)).toEqual([]);
    expect(batch.code, batch.stderr).toBe(2);
    expect(batch.stderr).toContain('E_STEP_BUDGET');
    expect(batch.stderr).toMatch(/track main, state open, run \d+, round \d+/);
  });
});
