import type { CompiledMove, CompiledResponse, CompiledScenario } from '../scenario/compiled-scenario.js';
import { compileChances, type ResponseChances } from './responses.js';
import { compileEffects, type GeneratedEffects } from './effects.js';
import { compileRoundEvents, type RoundEvents } from './round-events.js';

/** A response list (a move's responses, an event's branches): its generated chances and each response's effects. */
export interface ListSite {
  readonly list: readonly CompiledResponse[];
  readonly chances: ResponseChances | undefined;
  /** By the response's position in the list. */
  readonly effects: readonly (GeneratedEffects | undefined)[];
}

export interface MoveSite {
  /** The move these were generated for: the engine uses them only for this very object. */
  readonly move: CompiledMove;
  readonly effects: GeneratedEffects | undefined;
  readonly responses: ListSite;
}

export interface EventSite {
  readonly effects: GeneratedEffects | undefined;
  readonly branches: ListSite;
}

/**
 * The generated functions of a scenario (round-events.ts, responses.ts, effects.ts): the round's
 * event loop, and tables the engine indexes by track and move slot and by event, so each is found
 * without a lookup by object. (Strategies' are made with their choosers: strategy-rules.ts.)
 */
export interface ScenarioSites {
  /** The round's event loop; undefined where it could not be generated. */
  readonly roundEvents: RoundEvents | undefined;
  readonly moves: readonly (readonly MoveSite[])[];
  readonly events: readonly EventSite[];
}

function listSite(list: readonly CompiledResponse[]): ListSite {
  return { list, chances: compileChances(list), effects: list.map((r) => compileEffects(r.effects)) };
}

const compiled = new WeakMap<CompiledScenario, ScenarioSites>();

/** The scenario's generated sites, made once per scenario. */
export function sitesOf(scenario: CompiledScenario): ScenarioSites {
  let sites = compiled.get(scenario);
  if (sites === undefined) {
    sites = {
      roundEvents: compileRoundEvents(scenario),
      moves: scenario.tracks.map((t) => {
        const bySlot: MoveSite[] = [];
        for (const move of t.moves) bySlot[move.slot] = { move, effects: compileEffects(move.effects), responses: listSite(move.responses) };
        return bySlot;
      }),
      events: scenario.events.map((e) => ({ effects: compileEffects(e.effects), branches: listSite(e.branches) })),
    };
    compiled.set(scenario, sites);
  }
  return sites;
}
