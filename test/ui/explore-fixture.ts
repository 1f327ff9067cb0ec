import { readFileSync } from 'node:fs';
import { createMemos } from '../../src/engine/simulation.js';
import { buildArms } from '../../src/cli/batch-options.js';
import type { BatchPlan } from '../../src/montecarlo/batch-plan.js';
import { BlockRunner } from '../../src/montecarlo/run-block.js';
import { RunColumns } from '../../src/montecarlo/run-columns.js';
import { runsCsvHeader } from '../../src/montecarlo/runs-csv.js';
import { scenarioInfo } from '../../src/montecarlo/batch-summary.js';
import type { ExploreSource } from '../../src/ui/explore/explore-source.js';
import { replayRow } from '../../src/ui/explore/replay-row.js';
import { loadFixture, repoRoot } from '../load-fixture.js';

/**
 * A small batch of the supplier duel played in this thread (no workers), as runs.csv text and as
 * the explorer's source: `runs` runs under two strategies, seed 7.
 */
export function duelBatch(runs = 300) {
  const scenario = loadFixture('scenarios/supplier-duel.json');
  const arms = buildArms(['playBoth', 'random'], [], []);
  const plan: BatchPlan = { scenarioText: readFileSync(`${repoRoot}scenarios/supplier-duel.json`, 'utf8'), scenarioFile: scenario.path, scenarioHash: scenario.hash, seed: '7', start: 0, end: runs, runs, arms, variants: false };
  const block = new BlockRunner(scenario, plan, createMemos(scenario)).run(0, runs, true);
  const info = scenarioInfo(scenario);
  const shape = { metrics: info.metrics.map((m) => m.id), tracks: info.tracks.map((t) => t.id), parameters: info.parameters.map((p) => p.name), variants: false };
  const csv = runsCsvHeader(shape) + new TextDecoder().decode(block.rows);
  const store = new RunColumns(shape, { withHeader: true });
  store.append(new TextEncoder().encode(csv));
  store.end();
  const source: ExploreSource = {
    store,
    scenario: { title: info.title, outcomes: info.outcomes, metrics: info.metrics, tracks: info.tracks, parameters: info.parameters },
    arms,
    seed: '7',
    origin: 'test',
    replay: (row) => replayRow(scenario, store, arms, '7', row),
  };
  return { scenario, shape, csv, store, source, arms };
}
