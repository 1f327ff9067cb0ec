import { relative } from 'node:path';
import type { MoveChoice } from '../engine/simulation.js';
import { SimulationError } from '../engine/simulation-error.js';
import { buildGameView } from './game-view.js';
import type { PlaySession } from './play-session.js';
import type { PlayAction } from './play-screen-state.js';
import { savedGameOf, type SavedGame } from './saved-game.js';

/** What a key asks of the session or the program, as opposed to a change of the screen alone (PlayAction). */
export type PlayCommand =
  | { readonly type: 'playRound'; readonly choices: readonly MoveChoice[] }
  | { readonly type: 'undoTo'; readonly index: number }
  | { readonly type: 'save'; readonly path: string; readonly then: 'stay' | 'exit' }
  | { readonly type: 'exit'; readonly interrupted?: boolean };

export interface PlayCommandContext {
  readonly session: PlaySession;
  readonly maxStages: readonly number[];
  readonly writeSave: (path: string, save: SavedGame) => void;
  /**
   * Leaves the program (Ctrl-C passes `interrupted`); `farewell` is printed in the shell once the
   * game's screen is gone (save-and-quit says where the game went).
   */
  readonly exit: (interrupted: boolean, farewell?: string) => void;
}

/** Carries out a command and says what became of it, for the screen state (nothing when the program leaves). */
export function runPlayCommand(command: PlayCommand, { session, maxStages, writeSave, exit }: PlayCommandContext): PlayAction | undefined {
  switch (command.type) {
    case 'playRound': {
      const round = session.sim.round;
      try {
        session.playRound(command.choices);
      } catch (error) {
        if (!(error instanceof SimulationError)) throw error;
        return { type: 'roundRejected', view: buildGameView(session, maxStages), reason: error.message };
      }
      return { type: 'roundPlayed', view: buildGameView(session, maxStages), round, waited: command.choices.length === 0 };
    }
    case 'undoTo': {
      const round = session.history[command.index]!.round;
      session.undoTo(command.index);
      return { type: 'undone', view: buildGameView(session, maxStages), round };
    }
    case 'save': {
      const { path } = command;
      try {
        writeSave(path, savedGameOf(session));
      } catch (error) {
        return { type: 'saveFailed', path, reason: (error as Error).message };
      }
      const relativePath = relative(process.cwd(), path);
      const shown = relativePath.startsWith('..') ? path : relativePath;
      if (command.then === 'exit') {
        exit(false, `Saved the game to ${path}\nResume with: parley play --load ${shown}`);
        return undefined;
      }
      return { type: 'saved', shownPath: shown };
    }
    case 'exit':
      exit(command.interrupted ?? false);
      return undefined;
  }
}
