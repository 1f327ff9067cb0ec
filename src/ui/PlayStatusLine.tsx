import { Box, Text } from 'ink';
import { planIsFull, type PlayScreenState } from './play-screen-state.js';

/**
 * The line under the panels: the save prompt or the quit question when one is open, else the last
 * message, else what to do next; with the advisor's progress while it runs behind another panel.
 */
export function PlayStatusLine({ state, rollouts, width }: { readonly state: PlayScreenState; readonly rollouts: number; readonly width: number }) {
  const { panel, message, view, plan, advice, scenario } = state;
  const movesPerRound = scenario.file.clock.movesPerRound;
  let status;
  if (panel.kind === 'save')
    status = (
      <Text wrap="truncate-end">
        <Text color="cyan">Save to: </Text>
        {panel.path}
        <Text inverse> </Text>
      </Text>
    );
  else if (panel.kind === 'quit')
    status = (
      <Text color="yellow" wrap="truncate-end">
        You have unsaved progress. Quit anyway?
      </Text>
    );
  else if (message)
    status = (
      <Text color={message.tone === 'error' ? 'red' : message.tone === 'ok' ? 'green' : undefined} wrap="truncate-end">
        {message.text}
      </Text>
    );
  else if (view.done) status = <Text color="gray">The game is over. u goes back to an earlier round and plays on from there.</Text>;
  else
    status = (
      <Text color="gray" wrap="truncate-end">
        {plan.length > 0
          ? `Planned: ${plan.map((c) => `${scenario.tracks[c.move.track]!.label}: ${c.move.label}`).join(' + ')} (${plan.length}/${movesPerRound}) — ${planIsFull(state) ? 'w to end the round' : 'another move, or w to end the round'}`
          : movesPerRound === 1
            ? 'Choose a move and press Enter, or w to wait this round.'
            : `Choose up to ${movesPerRound} moves on different tracks (Enter), or w to wait / end the round.`}
      </Text>
    );
  const running = advice?.progress && !advice.progress.done && panel.kind !== 'advisor' ? advice.progress : undefined;
  const played = running ? running.tallies.reduce((s, t) => s + t.n + t.errors, 0) : 0;
  return (
    <Box height={1} width={width}>
      {status}
      {running ? <Text color="magenta"> · advisor {Math.round((100 * played) / (rollouts * advice!.query.options.length))}%</Text> : null}
    </Box>
  );
}
