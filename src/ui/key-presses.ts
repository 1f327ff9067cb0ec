import type { Key } from 'ink';

/** One key as the screen handles it: Ink's `input` and `key` for a single key press. */
export interface KeyPress {
  readonly input: string;
  readonly key: Partial<Key>;
}

/**
 * Splits what Ink reports for one chunk of terminal input into single key presses. A terminal
 * delivers keys typed fast or sent together (`tmux send-keys j j j`) in one chunk, and Ink passes a
 * chunk of plain characters as one `input` ("jjj", "j\r"), which no key binding matches: each
 * character becomes its own press, control characters included (Enter, Tab, Backspace, Ctrl-letter).
 * An Enter typed before Ink switched the terminal to raw mode arrives as a line feed, which Ink does
 * not call `return`: it is one.
 */
export function keyPresses(input: string, key: Partial<Key>): KeyPress[] {
  if (input === '\n' || input === '\r\n') return [{ input: '', key: { ...key, return: true } }];
  if (input.length <= 1 || key.ctrl || key.meta) return [{ input, key }];
  return Array.from(input.replace(/\r\n/g, '\r'), plainPress);
}

function plainPress(char: string): KeyPress {
  switch (char) {
    case '\r':
    case '\n':
      return { input: '', key: { return: true } };
    case '\t':
      return { input: '', key: { tab: true } };
    case '\b':
      return { input: '', key: { backspace: true } };
    case '\x7f':
      return { input: '', key: { delete: true } };
  }
  const code = char.charCodeAt(0);
  if (code >= 1 && code <= 26) return { input: String.fromCharCode(code + 96), key: { ctrl: true } };
  return { input: char, key: {} };
}
