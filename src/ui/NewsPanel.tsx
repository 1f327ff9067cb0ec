import { memo } from 'react';
import { Text } from 'ink';
import { Panel } from './Panel.js';
import type { NewsLine } from './news-feed.js';

const toneColor: Record<NewsLine['tone'], string | undefined> = {
  date: 'magenta',
  event: 'yellow',
  move: 'cyan',
  response: 'white',
  news: undefined,
  transition: 'blue',
};

/** The news feed: the latest lines that fit (bounded), what happened since your last decision in full colour. */
export const NewsPanel = memo(function NewsPanel({ lines, width, height }: { readonly lines: readonly NewsLine[]; readonly width: number; readonly height: number }) {
  const room = Math.max(0, height - 2);
  const shown = lines.slice(Math.max(0, lines.length - room));
  return (
    <Panel title="News" width={width} height={height}>
      {shown.length === 0 ? <Text color="gray">Nothing has happened yet.</Text> : null}
      {shown.map((l) => (
        <Text key={l.key} wrap="truncate-end" color={l.old ? 'gray' : toneColor[l.tone]} bold={l.tone === 'date' && !l.old}>
          {l.text}
        </Text>
      ))}
    </Panel>
  );
});
