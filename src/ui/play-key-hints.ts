import type { KeyHint } from './KeyHints.js';
import type { PlayScreenState } from './play-screen-state.js';

/** The keys the hint line shows for the screen's panel (on the game screen: fewer once the game is over). */
export function playKeyHints({ panel, view, plan }: PlayScreenState): KeyHint[] {
  const done = view.done;
  const planned = plan.length > 0;
  switch (panel.kind) {
    case 'help':
      return [
        { key: '↑↓/jk', label: 'scroll' },
        { key: 'PgUp/PgDn', label: 'page' },
        { key: 'Esc', label: 'close help' },
      ];
    case 'news':
      return [
        { key: '↑↓/jk', label: 'scroll' },
        { key: 'PgUp/PgDn', label: 'page' },
        { key: 'Esc', label: 'close the news' },
      ];
    case 'save':
      return [
        { key: 'Enter', label: 'save' },
        { key: 'Esc', label: 'cancel' },
        { key: 'Backspace', label: 'edit the path' },
      ];
    case 'quit':
      return [
        { key: 'y', label: 'quit without saving' },
        { key: 's', label: 'save and quit' },
        { key: 'Esc', label: 'stay' },
      ];
    case 'undo':
      return [
        { key: '↑↓', label: 'round' },
        { key: 'Enter', label: 'go back there' },
        { key: 'Esc', label: 'cancel' },
      ];
    case 'offer':
      return [
        { key: '↑↓', label: 'issue' },
        { key: '←→', label: 'change' },
        { key: 'PgUp/PgDn', label: '×5' },
        { key: 'Home/End', label: 'min/max' },
        { key: 'r', label: 'reset' },
        { key: 'Enter', label: 'make the offer' },
        { key: 'Esc', label: 'back' },
      ];
    case 'advisor':
      return [
        { key: '↑↓', label: 'option' },
        { key: 'Enter', label: 'do it' },
        { key: 'Esc', label: 'close (keeps running)' },
      ];
    case 'moves':
      if (done)
        return [
          { key: 'u', label: 'undo' },
          { key: 's', label: 'save' },
          { key: '?', label: 'help' },
          { key: 'q', label: 'quit' },
        ];
      return [
        { key: '↑↓/jk', label: 'move' },
        { key: 'Enter', label: 'choose' },
        { key: 'w', label: 'end round' },
        ...(planned ? [{ key: 'x', label: 'unplan' }] : []),
        { key: 'a', label: 'advisor' },
        { key: 'n', label: 'news' },
        { key: 'u', label: 'undo' },
        { key: 's', label: 'save' },
        { key: '?', label: 'help' },
        { key: 'q', label: 'quit' },
      ];
  }
}
