import type { Key } from 'ink';
import { keyPresses } from './key-presses.js';
import { runPlayCommand, type PlayCommandContext } from './play-commands.js';
import { isPlayCommand, playKeys } from './play-keys.js';
import type { PlayAction, PlayScreenState } from './play-screen-state.js';

/**
 * Handles one chunk of terminal input as Ink reports it: each key press in turn (keyPresses), each
 * of its intents in turn (playKeys), commands carried out on the session (runPlayCommand) and every
 * resulting action dispatched before the next intent reads the state again.
 */
export function handlePlayInput(input: string, key: Partial<Key>, state: () => PlayScreenState, dispatch: (action: PlayAction) => void, context: PlayCommandContext): void {
  for (const press of keyPresses(input, key)) {
    for (const intent of playKeys(state(), press)) {
      const outcome = isPlayCommand(intent) ? runPlayCommand(intent, context) : intent;
      if (outcome) dispatch(outcome);
    }
  }
}
