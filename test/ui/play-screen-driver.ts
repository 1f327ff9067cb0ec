import type { Key } from 'ink';
import type { CompiledScenario } from '../../src/scenario/compiled-scenario.js';
import { buildGameView } from '../../src/ui/game-view.js';
import { handlePlayInput } from '../../src/ui/play-input.js';
import { initialPlayScreenState, playScreenState, type PlayAction, type PlayScreenState } from '../../src/ui/play-screen-state.js';
import { PlaySession } from '../../src/ui/play-session.js';
import type { SavedGame } from '../../src/ui/saved-game.js';
import { trackMaxStages } from '../../src/ui/track-stages.js';
import { loadFixture } from '../load-fixture.js';

const cache = new Map<string, CompiledScenario>();
const STRATEGY = { duel: 'playBoth', pair: 'both' } as const;

/** duel: one move a round (incumbent.offer ✎, newcomer.shortlist); pair: two a round (a.push, a.offer ✎, b.ask, b.offer ✎). */
export type Fixture = keyof typeof STRATEGY;

export function fixtureSession(fixture: Fixture, seed = fixture === 'duel' ? '3' : '1'): PlaySession {
  let scenario = cache.get(fixture);
  if (!scenario) cache.set(fixture, (scenario = loadFixture(`test/ui/fixtures/${fixture}.json`)));
  return new PlaySession(scenario, { seed, run: 0, strategy: STRATEGY[fixture] });
}

export function initialState(session: PlaySession, intro = false): PlayScreenState {
  return initialPlayScreenState({ scenario: session.scenario, savePath: '/tmp/parley-test.json', view: buildGameView(session, trackMaxStages(session.scenario)), intro });
}

/** A key as Ink reports it: a string is typed text, an object names special keys. */
export type TypedKey = string | Partial<Key>;
export const ENTER: Partial<Key> = { return: true };
export const ESC: Partial<Key> = { escape: true, meta: true };
export const DOWN: Partial<Key> = { downArrow: true };
export const UP: Partial<Key> = { upArrow: true };
export const LEFT: Partial<Key> = { leftArrow: true };
export const RIGHT: Partial<Key> = { rightArrow: true };

/**
 * The play screen without rendering: the keys go through the same path as in PlayApp
 * (handlePlayInput: key presses, playKeys, runPlayCommand on a real session, playScreenState).
 */
export function drivePlayScreen(fixture: Fixture, options: { intro?: boolean; failSave?: boolean } = {}) {
  const session = fixtureSession(fixture);
  let state = initialState(session, options.intro);
  const saves: { path: string; save: SavedGame }[] = [];
  const exits: boolean[] = [];
  const farewells: string[] = [];
  const dispatch = (action: PlayAction) => {
    state = playScreenState(state, action);
  };
  const context = {
    session,
    maxStages: trackMaxStages(session.scenario),
    writeSave: (path: string, save: SavedGame) => {
      if (options.failSave) throw new Error('disk full');
      saves.push({ path, save });
    },
    exit: (interrupted: boolean, farewell?: string) => {
      exits.push(interrupted);
      if (farewell !== undefined) farewells.push(farewell);
    },
  };
  return {
    session,
    saves,
    exits,
    farewells,
    get state() {
      return state;
    },
    dispatch,
    /** Each argument is one chunk of input, as a terminal delivers it. */
    type(...chunks: TypedKey[]) {
      for (const c of chunks) handlePlayInput(typeof c === 'string' ? c : '', typeof c === 'string' ? {} : c, () => state, dispatch, context);
    },
  };
}
