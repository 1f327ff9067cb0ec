import { memo } from 'react';
import { Text } from 'ink';
import { Panel } from './Panel.js';
import { ScrollLines } from './ScrollLines.js';
import type { NewsLine } from './news-feed.js';

const toneColor: Record<NewsLine['tone'], string | undefined> = {
  date: 'magenta',
  event: 'yellow',
  move: 'cyan',
  response: 'white',
  news: undefined,
  transition: 'blue',
};

export interface NewsPanelProps {
  readonly lines: readonly NewsLine[];
  readonly width: number;
  readonly height: number;
  /** The first line shown; beyond the last page (the default) shows the latest news. */
  readonly scroll?: number;
  /** The whole game's news in the middle of the screen (`n`), rather than the side panel. */
  readonly full?: boolean;
}

/**
 * The news feed, what happened since your last decision in full colour. The side panel shows the
 * latest lines with "↑ n more" above them; `n` opens the whole feed, which scrolls.
 */
export const NewsPanel = memo(function NewsPanel({ lines, width, height, scroll = Number.MAX_SAFE_INTEGER, full }: NewsPanelProps) {
  return (
    <Panel title={full ? 'News of the game — ↑↓ scroll · Esc closes' : 'News · n: all'} width={width} height={height} color={full ? 'cyan' : undefined}>
      {lines.length === 0 ? <Text color="gray">Nothing has happened yet.</Text> : null}
      <ScrollLines
        lines={lines.map((l) => (
          <Text color={l.old ? 'gray' : toneColor[l.tone]} bold={l.tone === 'date' && !l.old}>
            {l.text}
          </Text>
        ))}
        height={height - 2}
        offset={scroll}
      />
    </Panel>
  );
});
