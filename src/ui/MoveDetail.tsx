import { memo } from 'react';
import { Text } from 'ink';
import { Panel } from './Panel.js';
import { ResponseList } from './ResponseList.js';
import { formatSpread } from './format-value.js';
import type { MoveExplanation } from './move-explanation.js';

/**
 * The selected move explained: its responses' probabilities first, then the value of the (default)
 * offer to each side, the terms and what the move is. With moves planned this round, as the move will find it after them (BATNAs that
 * depend on how they turn out show as a range).
 */
export const MoveDetail = memo(function MoveDetail({ explanation, width, height }: { readonly explanation: MoveExplanation | undefined; readonly width: number; readonly height: number }) {
  const e = explanation;
  if (!e) {
    return (
      <Panel title="Responses" width={width} height={height}>
        <Text color="gray">Select a move to see how the other side may respond.</Text>
      </Panel>
    );
  }
  const lines = height - 2;
  // What a player decides on comes first: the responses' probabilities, then the values, then the
  // terms and the description, which the panel's bottom edge cuts first on a small screen.
  const responseRoom = Math.max(1, Math.min(e.responses.length, lines - 2));
  return (
    <Panel title={`${e.track}: ${e.label} — ${e.after === 0 ? 'responses now' : `responses after your planned move${e.after === 1 ? '' : 's'}`}`} width={width} height={height}>
      <ResponseList responses={e.responses} max={responseRoom} />
      <Text wrap="truncate-end">
        <Text color="gray">worth to you </Text>
        <Text bold color={e.value.host.mean >= e.batna.host.mean ? 'green' : 'red'}>
          {formatSpread(e.value.host)}
        </Text>
        <Text color="gray"> (your BATNA {formatSpread(e.batna.host)})</Text>
      </Text>
      <Text wrap="truncate-end">
        <Text color="gray">worth to {e.track} </Text>
        <Text bold color={e.counterpartBatnaHidden ? undefined : e.value.counterpart.mean >= e.batna.counterpart.mean ? 'green' : 'red'}>
          {formatSpread(e.value.counterpart)}
        </Text>
        <Text color="gray">{e.counterpartBatnaHidden ? ' (their BATNA is hidden: it varies from game to game)' : ` (their BATNA ${formatSpread(e.batna.counterpart)})`}</Text>
      </Text>
      {e.offer ? (
        <Text wrap="truncate-end">
          <Text color="gray">default offer </Text>
          {e.offer}
          <Text color="gray"> (Enter to edit)</Text>
        </Text>
      ) : null}
      <Text wrap="truncate-end">
        <Text color="gray">on the table </Text>
        {e.onTable || '—'}
      </Text>
      {e.description ? (
        <Text wrap="truncate-end" italic>
          {e.description}
        </Text>
      ) : null}
    </Panel>
  );
});
