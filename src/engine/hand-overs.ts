/**
 * How often generated code handed a step back to the generic path, by site, in this process. A
 * hand-over is right when an expression fails (the generic path then reports it with its file
 * position) and wrong anywhere else: a shipped scenario should play with none, which the tests
 * assert (test/engine/generated-sites.test.ts), as the transition memo's tests assert few misses.
 * Counted only on the hand-over path, so the hot path pays nothing.
 */
export const handOvers = {
  /** The round's event loop (round-events.ts). */
  roundEvents: 0,
  /** A response list's probabilities (responses.ts). */
  chances: 0,
  /** An effect list (effects.ts). */
  effects: 0,
  /** A strategy's rule tests (strategy-rules.ts). */
  strategyRules: 0,
};

export type HandOverSite = keyof typeof handOvers;

/** Total hand-overs so far. */
export function handOverCount(): number {
  return handOvers.roundEvents + handOvers.chances + handOvers.effects + handOvers.strategyRules;
}

/** Sets every count to zero (tests, before counting a batch). */
export function resetHandOvers(): void {
  for (const site of Object.keys(handOvers) as HandOverSite[]) handOvers[site] = 0;
}
