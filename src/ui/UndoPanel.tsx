import { memo } from 'react';
import { Text } from 'ink';
import { Panel } from './Panel.js';

export interface UndoChoice {
  readonly label: string;
  readonly detail: string;
}

/** Earlier rounds to go back to, each with the moves you made from it. */
export const UndoPanel = memo(function UndoPanel({ choices, cursor, width, height }: { readonly choices: readonly UndoChoice[]; readonly cursor: number; readonly width: number; readonly height: number }) {
  const room = Math.max(1, height - 3);
  const start = Math.max(0, Math.min(cursor - Math.floor(room / 2), choices.length - room));
  return (
    <Panel title="Undo — go back to the start of a round" width={width} height={height} color="yellow">
      <Text color="gray" wrap="truncate">
        Everything after the chosen round is forgotten (the same moves would bring the same luck back).
      </Text>
      {choices.slice(start, start + room).map((c, k) => {
        const i = start + k;
        const here = i === cursor;
        return (
          <Text key={i} wrap="truncate-end" inverse={here} color={here ? 'yellow' : undefined}>
            {here ? '› ' : '  '}
            {c.label}
            <Text color={here ? undefined : 'gray'}> {c.detail}</Text>
          </Text>
        );
      })}
    </Panel>
  );
});
