import { utility, type RunResult, type Simulation } from '../engine/simulation.js';

/**
 * The host's utility of a finished run, as outcomes and metrics see `utility.host`: the signed deal's
 * worth to the host, or the host's reservation value (BATNA) when there is no deal.
 */
export function hostUtility(sim: Simulation, result: RunResult): number {
  const index = result.dealTrack === '' ? -1 : sim.scenario.tracks.findIndex((t) => t.id === result.dealTrack);
  if (index >= 0) return utility(sim.scenario.host, sim.trackView(index).terms);
  return sim.batna(0).host;
}
