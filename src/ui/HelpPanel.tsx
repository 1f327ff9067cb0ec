import type { ReactNode } from 'react';
import { Text } from 'ink';
import { Panel } from './Panel.js';
import { ScrollLines } from './ScrollLines.js';
import { wrapText } from './wrap-text.js';

const KEYS: readonly (readonly [string, string])[] = [
  ['↑ ↓  j k', 'choose a move (moves on a track with a planned move are greyed out)'],
  ['Enter', 'make the move; moves marked ✎ open the offer editor first'],
  ['w', 'wait / end the round: play the planned moves (or none) and see what happens'],
  ['x  Backspace', 'take back the last planned move of this round'],
  ['a', 'advisor: 1,000 simulated futures per move from here; Enter there makes the move'],
  ['n', 'the news of the whole game so far (scrolls)'],
  ['u', 'undo: go back to the start of any earlier round'],
  ['s', 'save the game to a file (resume with parley play --load FILE)'],
  ['?', 'this help (↑↓ scroll it)'],
  ['q  Ctrl-C', 'quit (q asks first if there is unsaved progress)'],
  ['Offer editor', '↑↓ issue · ←→ change · PgUp/PgDn five steps · Home/End min/max · r reset · Enter make the offer · Esc back'],
];

/** The words the screens use, explained once. */
export const GLOSSARY: readonly (readonly [string, string])[] = [
  ['utility', "how good an outcome or an offer is for one side, from 0 (worst) to 1 (best): each issue scored on that side's scale and weighted by how much it cares. \"worth to you 0.62\" is your utility of the terms."],
  ['BATNA', 'best alternative to a negotiated agreement: the utility a side gets by walking away. It can move during the game (a deal in reach elsewhere raises yours).'],
  ['reservation', 'the least a side will accept: its BATNA as a utility. An offer worth less to them than their reservation is usually refused; one worth less to you than yours is worse than no deal.'],
  ['surplus', 'what a deal gives above the BATNA (utility minus reservation); positive means better than walking away. Batch verdicts rank strategies by it when the scenario defines it.'],
  ['stage bar', "how far a track has come on its road to a deal: the state's stage over the highest stage of the track (2/5: second of five steps; full and green: signed)."],
  ['stance', 'how the counterpart behaves now, from the scenario (e.g. "insists on refining in China"); it changes with the world and the talks.'],
  ['on the table', 'the terms proposed on a track so far; a deal signs them.'],
  ['lapses', 'a planned move that an earlier move (or, in the advisor, the drawn parameters) made impossible: it is not played.'],
  ['± and [a–b]', '95% intervals: the advisor and batch figures are estimates from simulated runs; ★ marks an option only when its lead over the runner-up, paired on the same runs, is clear of zero.'],
  ['locked', 'a move listed greyed after the others: its track is at the right stage but its condition does not hold yet; the text says what it needs.'],
  ['seed', 'fixes the game\'s dice: the same seed and the same moves give the same game.'],
];

/** The help's lines at a panel `width` wide: how a round works, every key, and the glossary. */
export function helpLines(width: number, movesPerRound: number): ReactNode[] {
  const inner = width - 4;
  const lines: ReactNode[] = [];
  const para = (text: string) => {
    for (const l of wrapText(text, inner)) lines.push(l);
  };
  const entry = (term: string, text: string, color: string) => {
    const col = Math.min(15, Math.floor(inner / 4));
    wrapText(text, inner - col).forEach((l, i) =>
      lines.push(
        <>
          <Text color={color} bold>
            {(i === 0 ? term : '').padEnd(col)}
          </Text>
          {l}
        </>,
      ),
    );
  };
  para(`Each round, world events happen first (news), then you make up to ${movesPerRound} move${movesPerRound === 1 ? '' : 's'}, each on a different track.`);
  para('The other side answers each move by chance, in the order you chose them; an answer can change the odds of a later move, or close it.');
  para("The probabilities shown are for the position now; once a move is planned, those of a further move are exact over the planned moves' answers.");
  para('A deal on one track usually ends the others. The run ends when every track has finished or time runs out.');
  lines.push('');
  lines.push(<Text bold>Keys</Text>);
  for (const [k, v] of KEYS) entry(k, v, 'cyan');
  lines.push('');
  lines.push(<Text bold>Words on the screen</Text>);
  for (const [k, v] of GLOSSARY) entry(k, v, 'green');
  return lines;
}

/** The help (helpLines), scrolled: `scroll` is the first line shown. */
export function HelpPanel({ lines, width, height, scroll }: { readonly lines: readonly ReactNode[]; readonly width: number; readonly height: number; readonly scroll: number }) {
  return (
    <Panel title="Help — ↑↓ scroll · Esc or ? to close" width={width} height={height} color="yellow">
      <ScrollLines lines={lines} height={height - 2} offset={scroll} />
    </Panel>
  );
}

