import { useCallback, useRef, useState } from 'react';
import { playScreenState, type PlayAction, type PlayScreenState } from './play-screen-state.js';

/**
 * The play screen's state with a dispatch that applies each action at once (playScreenState) and a
 * getter for the latest state. Ink calls the input handler for every key of a chunk before React
 * renders again, so the handler reads the latest state through the getter, not the rendered one:
 * each key sees what the previous one left.
 */
export function usePlayScreen(init: () => PlayScreenState): readonly [PlayScreenState, (action: PlayAction) => void, () => PlayScreenState] {
  const [state, setState] = useState(init);
  const latest = useRef(state);
  const dispatch = useCallback((action: PlayAction) => {
    latest.current = playScreenState(latest.current, action);
    setState(latest.current);
  }, []);
  const read = useCallback(() => latest.current, []);
  return [state, dispatch, read];
}
