import { Text } from 'ink';
import { Panel } from './Panel.js';

const KEYS: readonly (readonly [string, string])[] = [
  ['↑ ↓  j k', 'choose a move (moves on a track with a planned move are greyed out)'],
  ['Enter', 'make the move; moves marked ✎ open the offer editor first'],
  ['w', 'wait / end the round: play the planned moves (or none) and see what happens'],
  ['x  Backspace', 'take back the last planned move of this round'],
  ['a', 'advisor: 1,000 simulated futures per move from here; Enter there makes the move'],
  ['u', 'undo: go back to the start of any earlier round'],
  ['s', 'save the game to a file (resume with parley play --load FILE)'],
  ['?', 'this help'],
  ['q  Ctrl-C', 'quit (q asks first if there is unsaved progress)'],
  ['', ''],
  ['Offer editor', '↑↓ issue · ←→ change · PgUp/PgDn five steps · Home/End min/max · r reset · Enter make the offer · Esc back'],
];

/** Every key, and how a round works. */
export function HelpPanel({ width, height, movesPerRound }: { readonly width: number; readonly height: number; readonly movesPerRound: number }) {
  return (
    <Panel title="Help — Esc or ? to close" width={width} height={height} color="yellow">
      <Text wrap="truncate-end">
        Each round, world events happen first (news), then you make up to {movesPerRound} move{movesPerRound === 1 ? '' : 's'}, each on a different track.
      </Text>
      <Text wrap="truncate-end">The other side answers each move by chance, in the order you chose them; an answer can change the odds of a later move, or close it.</Text>
      <Text wrap="truncate-end">The probabilities shown are for the position now; once a move is planned, those of a further move are exact over the planned moves' answers.</Text>
      <Text wrap="truncate-end">A deal on one track usually ends the others. The run ends when every track has finished or time runs out.</Text>
      <Text> </Text>
      {KEYS.slice(0, Math.max(0, height - 7)).map(([k, v], i) => (
        <Text key={i} wrap="truncate-end">
          <Text color="cyan" bold>
            {k.padEnd(14)}
          </Text>
          {v}
        </Text>
      ))}
    </Panel>
  );
}
