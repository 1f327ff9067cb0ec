import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import type { CompiledScenario } from '../../src/scenario/compiled-scenario.js';
import type { AdvisorOption, AdvisorRequest, RolloutTally } from '../../src/ui/advisor-rollouts.js';
import { PlaySession } from '../../src/ui/play-session.js';
import { startAdvisor as startInProcess, type AdvisorProgress } from '../../src/ui/start-advisor.js';

/**
 * The advisor's worker pool as the built CLI runs it: the pool and its worker threads come from
 * dist/ (the global setup builds it; workers cannot run the TypeScript sources). Checks results, not
 * speed (bench/advisor.js times it).
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const file = `${root}scenarios/supplier-duel.json`;
type PoolModule = typeof import('../../src/ui/advisor-pool.js');
type StartModule = typeof import('../../src/ui/start-advisor.js');
let AdvisorPool: PoolModule['AdvisorPool'];
let startAdvisor: StartModule['startAdvisor'];

function load(): CompiledScenario {
  const { scenario, problems } = loadScenario(readFileSync(file, 'utf8'), file);
  if (!scenario) throw new Error(problems.map((p) => p.message).join('\n'));
  return scenario;
}
const scenario = load();
const strategy = scenario.defaultStrategy;

function requestAt(rounds: readonly (readonly { move: string }[])[], rolloutSeed: string, rollouts: number): { request: AdvisorRequest; session: PlaySession } {
  const session = PlaySession.replay(scenario, { seed: '3', run: 0, strategy }, rounds);
  const options: AdvisorOption[] = session.sim.availableMoves().map((m) => ({ label: m.label, move: m.id, choices: [{ move: m.id }] }));
  options.push({ label: 'wait', choices: [] });
  const request: AdvisorRequest = {
    scenarioPath: file,
    scenarioHash: scenario.hash,
    seed: '3',
    run: 0,
    log: session.log,
    snapshot: session.history[session.history.length - 1]!,
    rolloutSeed,
    strategy,
    options,
    rollouts,
  };
  return { request, session };
}

function finish(start: (onProgress: (p: AdvisorProgress) => void) => unknown): Promise<AdvisorProgress> {
  return new Promise((resolve) => {
    start((p) => {
      if (p.done) resolve(p);
    });
  });
}

/** The in-process advisor (the TypeScript sources, on this thread): the reference. */
function reference(request: AdvisorRequest, session: PlaySession): Promise<readonly RolloutTally[]> {
  return finish((onProgress) => startInProcess(request, scenario, session.memos, onProgress, { backend: 'in-process', intervalMs: 0 })).then((p) => p.tallies);
}

beforeAll(async () => {
  const dist = (path: string) => pathToFileURL(`${root}dist/ui/${path}`).href;
  AdvisorPool = ((await import(dist('advisor-pool.js'))) as PoolModule).AdvisorPool;
  startAdvisor = ((await import(dist('start-advisor.js'))) as StartModule).startAdvisor;
  expect(AdvisorPool.available()).toBe(true);
});

describe('the advisor pool (worker threads kept for the game)', () => {
  let pool: InstanceType<PoolModule['AdvisorPool']>;
  afterAll(() => pool?.close());

  it('warms up, then answers request after request exactly as the in-process advisor does', async () => {
    pool = new AdvisorPool({ path: file, hash: scenario.hash }, { workers: 2, warmup: { seed: '3', run: 0, strategy, log: [], rollouts: 300 } });
    expect(pool.size).toBe(2);
    await pool.whenWarm();
    for (const [rounds, seed] of [
      [[], '3:advisor:0'],
      [[[{ move: 'newcomer.shortlist' }], []], '3:advisor:2'],
      [[], '3:advisor:0'],
    ] as const) {
      const { request, session } = requestAt(rounds, seed, 250);
      const progress: AdvisorProgress[] = [];
      const done = await finish((onProgress) =>
        startAdvisor(request, scenario, session.memos, (p) => {
          progress.push(p);
          onProgress(p);
        }, { pool, intervalMs: 0 }),
      );
      expect(done.error).toBeUndefined();
      expect(done.backend).toBe('workers');
      expect(done.workers).toBe(2);
      expect(done.tallies.every((t) => t.n + t.errors === 250)).toBe(true);
      expect(done.tallies).toEqual(await reference(request, session));
      // Progress came in steps, every option sharpening together.
      expect(progress.length).toBeGreaterThan(3);
      const mid = progress[Math.floor(progress.length / 2)]!;
      expect(mid.tallies.every((t) => t.n > 0 && t.n < 250)).toBe(true);
    }
  });

  it('drops a cancelled request and answers the next one correctly', async () => {
    const first = requestAt([], '3:advisor:0', 100_000);
    let seen = 0;
    let finished = false;
    const control = startAdvisor(first.request, scenario, first.session.memos, (p) => {
      seen++;
      finished ||= p.done;
    }, { pool, intervalMs: 0 });
    await new Promise((r) => setTimeout(r, 50));
    control.cancel();
    expect(finished).toBe(false);
    const after = seen;
    const next = requestAt([], '3:advisor:x', 200);
    const done = await finish((onProgress) => startAdvisor(next.request, scenario, next.session.memos, onProgress, { pool, intervalMs: 0 }));
    expect(seen).toBe(after); // nothing reported for the cancelled request after cancel()
    expect(done.tallies).toEqual(await reference(next.request, next.session));
  });

  it('reports a scenario that changed since the game started, and a pool started for one request also works', async () => {
    const { request, session } = requestAt([], '3:advisor:0', 50);
    const changed = await finish((onProgress) => startAdvisor({ ...request, scenarioHash: 'other' }, scenario, session.memos, onProgress, { pool }));
    expect(changed.error).toMatch(/changed on disk since the game started/);
    const own = await finish((onProgress) => startAdvisor(request, scenario, session.memos, onProgress, { workers: 1 }));
    expect(own.workers).toBe(1);
    expect(own.tallies).toEqual(await reference(request, session));
  });
});
