import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { dateOfRound } from '../scenario/calendar.js';
import { KeyHints } from './KeyHints.js';
import { ScrollLines } from './ScrollLines.js';
import { scrollWindow } from './scroll-window.js';
import { wrapText } from './wrap-text.js';

export interface IntroScreenProps {
  readonly lines: readonly ReactNode[];
  readonly width: number;
  readonly height: number;
  /** The first line shown. */
  readonly scroll: number;
  /** A resumed game: the round it continues from (0-based). */
  readonly resumedAt?: number;
}

/** The intro's text at `width`: the question, the description, your role, the parties and tracks, every source. */
export function introLines(scenario: CompiledScenario, width: number, seed: string): ReactNode[] {
  const f = scenario.file;
  const { clock } = f;
  const inner = width - 2;
  const sources = Object.values(f.sources);
  const counterparts = scenario.parties.filter((p) => p.role !== 'host');
  const lines: ReactNode[] = [];
  lines.push(
    <Text bold color="cyan">
      {f.title}
    </Text>,
  );
  for (const l of wrapText(f.question, inner)) lines.push(<Text color="yellow">{l}</Text>);
  lines.push('');
  if (f.description) {
    for (const l of wrapText(f.description, inner)) lines.push(l);
    lines.push('');
  }
  lines.push(
    <>
      <Text color="gray">You play </Text>
      <Text bold color="green">
        {scenario.host.label}
      </Text>
      <Text color="gray"> — the host</Text>
    </>,
  );
  const rounds = `${clock.horizon} rounds of a ${clock.unit} from ${dateOfRound(clock.start, clock.unit, 0)} · up to ${clock.movesPerRound} move${clock.movesPerRound === 1 ? '' : 's'} a round, each on a different track · seed ${seed}`;
  for (const l of wrapText(rounds, inner)) lines.push(<Text color="gray">{l}</Text>);
  lines.push(<Text color="gray">Across the table:</Text>);
  for (const p of counterparts) {
    const tracks = scenario.tracks.filter((t) => t.counterpart === p.id).map((t) => t.label);
    lines.push(
      <>
        {'  '}• <Text bold>{p.label}</Text>
        <Text color="gray">{tracks.length > 0 ? ` — track: ${tracks.join(', ')}` : ''}</Text>
      </>,
    );
  }
  lines.push('');
  lines.push(<Text color="gray">Sources ({sources.length}):</Text>);
  if (sources.length === 0) lines.push(<Text color="gray">  none: every number in this scenario is illustrative.</Text>);
  for (const s of sources) {
    lines.push(
      <>
        {'  '}
        {s.title}
        <Text color="gray">
          {' '}
          — {s.publisher}, {s.date}
        </Text>
      </>,
    );
  }
  return lines;
}

/** Lines the intro's text gets on a screen `height` high (two go to the prompt and the keys). */
export function introRoom(height: number): number {
  return Math.max(1, height - 2);
}

/** The scenario before the game (introLines), scrolled with ↑↓ when it does not fit. */
export function IntroScreen({ lines, width, height, scroll, resumedAt }: IntroScreenProps) {
  const room = introRoom(height);
  const scrolls = scrollWindow(lines.length, room, scroll).maxOffset > 0;
  return (
    <Box flexDirection="column" width={width} height={height} paddingX={1}>
      <Box flexDirection="column" height={room} overflow="hidden">
        <ScrollLines lines={lines} height={room} offset={scroll} />
      </Box>
      <Text bold color="green">
        {resumedAt !== undefined ? `Press Enter to resume the saved game at round ${resumedAt + 1}.` : 'Press Enter to start.'}
      </Text>
      <KeyHints
        width={width - 2}
        hints={[
          { key: 'Enter', label: resumedAt !== undefined ? 'resume' : 'start' },
          ...(scrolls ? [{ key: '↑↓/jk', label: 'scroll' }] : []),
          { key: '?', label: 'help' },
          { key: 'q', label: 'quit' },
        ]}
      />
    </Box>
  );
}
