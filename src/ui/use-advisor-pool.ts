import { useCallback, useEffect, useRef } from 'react';
import { AdvisorPool } from './advisor-pool.js';
import type { PlaySession } from './play-session.js';

/** Rollouts each advisor worker plays to warm up when the game starts (about a second of one core on the flagship, spread over two). */
const ADVISOR_WARMUP = 4000;
/** How long after the game screen first shows the advisor's workers start. */
const ADVISOR_START_MS = 250;

/**
 * The advisor's worker threads for a game: started in the background shortly after `active` turns
 * true (they load the scenario and warm up with rollouts from the game's start), kept for every
 * request, ended when `active` turns false or the screen goes. Returns a getter that starts them at
 * once when a request comes first; it returns undefined while inactive, with the in-process
 * backend, and where the compiled worker is missing (tests of the TypeScript sources).
 */
export function useAdvisorPool(session: PlaySession, active: boolean, backend: 'workers' | 'in-process' | undefined): () => AdvisorPool | undefined {
  const pool = useRef<AdvisorPool | undefined>(undefined);
  const usesWorkers = active && backend !== 'in-process' && AdvisorPool.available();
  const getPool = useCallback(() => {
    if (!usesWorkers) return undefined;
    if (!pool.current) {
      const { scenario, options } = session;
      const { seed, run, strategy } = options;
      pool.current = new AdvisorPool({ path: scenario.path, hash: scenario.hash }, { warmup: { seed, run, strategy, log: session.log, rollouts: ADVISOR_WARMUP } });
    }
    return pool.current;
  }, [session, usesWorkers]);
  useEffect(() => {
    if (!usesWorkers) return;
    const timer = setTimeout(getPool, ADVISOR_START_MS);
    return () => {
      clearTimeout(timer);
      void pool.current?.close();
      pool.current = undefined;
    };
  }, [usesWorkers, getPool]);
  return getPool;
}
