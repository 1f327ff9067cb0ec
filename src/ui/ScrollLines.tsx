import type { ReactNode } from 'react';
import { Text } from 'ink';
import { scrollWindow } from './scroll-window.js';

export interface ScrollLinesProps {
  /** One line each (children should truncate, not wrap; '' is a blank line); keys are the array positions. */
  readonly lines: readonly ReactNode[];
  /** Lines of room, markers included. */
  readonly height: number;
  /** The first line shown (clamped: see scrollWindow). */
  readonly offset: number;
}

/**
 * Lines in a box of `height` with "↑ n more" above and "↓ n more" below when some are hidden, so a
 * reader always sees that there is more and how much (↑↓ scroll the screens that use it).
 */
export function ScrollLines({ lines, height, offset }: ScrollLinesProps) {
  const w = scrollWindow(lines.length, height, offset);
  return (
    <>
      {w.above > 0 ? <Text color="cyan">↑ {w.above} more</Text> : null}
      {lines.slice(w.start, w.end).map((line, i) => (
        <Text key={w.start + i} wrap="truncate-end">
          {line === '' ? ' ' : line}
        </Text>
      ))}
      {w.below > 0 ? <Text color="cyan">↓ {w.below} more</Text> : null}
    </>
  );
}
