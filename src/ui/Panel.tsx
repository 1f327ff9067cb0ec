import type { ReactNode } from 'react';
import { Box, Text } from 'ink';

export interface PanelProps {
  readonly title: string;
  /** Outer width and height in cells, borders included. */
  readonly width: number;
  readonly height: number;
  /** Border colour: highlight the panel that has the keyboard. */
  readonly color?: string;
  readonly children?: ReactNode;
}

/**
 * A bordered box with its title in the top border, like lazygit's panels: the title costs no line.
 * Content gets `width - 4` columns and `height - 2` lines; children should truncate, not wrap.
 */
export function Panel({ title, width, height, color = 'gray', children }: PanelProps) {
  const room = Math.max(0, width - 5);
  const shown = title.length > room ? title.slice(0, Math.max(0, room - 1)) + '…' : title;
  const top = `╭─ ${shown} ${'─'.repeat(Math.max(0, width - shown.length - 5))}╮`;
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0}>
      <Text color={color} wrap="truncate">
        {top}
      </Text>
      <Box borderStyle="round" borderTop={false} borderColor={color} flexDirection="column" height={height - 1} paddingX={1} overflow="hidden">
        {children}
      </Box>
    </Box>
  );
}
