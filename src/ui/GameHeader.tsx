import { memo } from 'react';
import { Box, Text } from 'ink';

export interface GameHeaderProps {
  readonly title: string;
  readonly round: number;
  readonly horizon: number;
  readonly date: string;
  readonly seed: string;
  readonly host: string;
  readonly done: boolean;
  readonly width: number;
}

/** One line: the scenario, the round of the horizon and its date, who you play, the seed. */
export const GameHeader = memo(function GameHeader({ title, round, horizon, date, seed, host, done, width }: GameHeaderProps) {
  // The host's short name: "Turkey (Eti Maden and the energy ministry)" is "Turkey" here.
  const right = ` ${done ? 'finished' : `round ${round + 1}/${horizon}`} · ${date} · you: ${host.replace(/\s*\(.*\)\s*$/, '')} · seed ${seed} `;
  const left = ` parley · ${title}`;
  const room = Math.max(0, width - right.length);
  const shownLeft = left.length > room ? left.slice(0, Math.max(0, room - 1)) + '…' : left.padEnd(room);
  return (
    <Box width={width} height={1}>
      <Text backgroundColor="blue" color="white" bold wrap="truncate">
        {shownLeft}
        {right}
      </Text>
    </Box>
  );
});
