import { useEffect } from 'react';
import type { PlaySession } from './play-session.js';
import type { AdvisorQuery, PlayAction } from './play-screen-state.js';
import { startAdvisor } from './start-advisor.js';
import { useAdvisorPool } from './use-advisor-pool.js';

/**
 * Runs the advisor's rollouts for `query` from the session's current decision point and reports
 * progress as `advisorProgress` actions. A new query (a new position, plan or offer) cancels the
 * running one; the same query keeps running when the panel closes; no query cancels it.
 */
export function useAdvisor(
  session: PlaySession,
  query: AdvisorQuery | undefined,
  options: { readonly rollouts: number; readonly backend: 'workers' | 'in-process' | undefined; readonly active: boolean },
  dispatch: (action: PlayAction) => void,
): void {
  const { rollouts, backend, active } = options;
  const advisorPool = useAdvisorPool(session, active, backend);
  useEffect(() => {
    if (!query) return;
    const { scenario } = session;
    // The query is made (and replaced) on the position it asks about: this is that position.
    const snapshot = session.history[session.history.length - 1]!;
    const request = {
      scenarioPath: scenario.path,
      scenarioHash: scenario.hash,
      seed: session.options.seed,
      run: session.options.run,
      log: session.log,
      snapshot,
      rolloutSeed: `${session.options.seed}:advisor:${snapshot.round}`,
      strategy: session.options.strategy,
      options: query.options,
      rollouts,
    };
    const control = startAdvisor(request, scenario, session.memos, (progress) => dispatch({ type: 'advisorProgress', key: query.key, progress }), {
      backend,
      pool: advisorPool(),
      // Each progress frame re-renders the whole screen on this thread, which the workers need
      // the cores for: five frames a second show the progress without slowing the rollouts down.
      intervalMs: 200,
    });
    return () => control.cancel();
  }, [query, session, rollouts, backend, advisorPool, dispatch]);
}
