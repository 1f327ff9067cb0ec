import { Box, Text } from 'ink';
import type { CompiledScenario } from '../scenario/compiled-scenario.js';
import { dateOfRound } from '../scenario/calendar.js';
import { KeyHints } from './KeyHints.js';
import { wrappedLineCount } from './wrapped-line-count.js';

export interface IntroScreenProps {
  readonly scenario: CompiledScenario;
  readonly width: number;
  readonly height: number;
  /** A resumed game: the round it continues from. */
  readonly resumedAt?: number;
  readonly seed: string;
}

/** The scenario before the game: the question, your role, the parties, the tracks and the sources. */
export function IntroScreen({ scenario, width, height, resumedAt, seed }: IntroScreenProps) {
  const f = scenario.file;
  const { clock } = f;
  const sources = Object.values(f.sources);
  const counterparts = scenario.parties.filter((p) => p.role !== 'host');
  const inner = width - 2;
  const questionLines = Math.min(2, wrappedLineCount(f.question, inner));
  const fixed = 1 + questionLines + 1 + 1 + 2 + 1 + counterparts.length + 1 + 1 + 1 + 1 + 1;
  const descriptionLines = Math.max(1, Math.min(wrappedLineCount(f.description ?? '', inner), height - fixed - Math.min(4, Math.max(1, sources.length))));
  const sourceRoom = Math.max(1, height - fixed - descriptionLines);
  return (
    <Box flexDirection="column" width={width} height={height} paddingX={1}>
      <Text bold color="cyan" wrap="truncate-end">
        {f.title}
      </Text>
      <Box height={questionLines} overflow="hidden">
        <Text color="yellow">{f.question}</Text>
      </Box>
      <Box height={1} />
      <Box height={descriptionLines} overflow="hidden" width={width - 2}>
        <Text>{f.description ?? ''}</Text>
      </Box>
      <Box height={1} />
      <Text wrap="truncate-end">
        <Text color="gray">You play </Text>
        <Text bold color="green">
          {scenario.host.label}
        </Text>
        <Text color="gray"> — the host</Text>
      </Text>
      <Text wrap="truncate-end" color="gray">
        {clock.horizon} rounds of a {clock.unit} from {dateOfRound(clock.start, clock.unit, 0)} · up to {clock.movesPerRound} move{clock.movesPerRound === 1 ? '' : 's'} a round, each on a different track · seed {seed}
      </Text>
      <Text color="gray">Across the table:</Text>
      {counterparts.map((p) => {
        const tracks = scenario.tracks.filter((t) => t.counterpart === p.id).map((t) => t.label);
        return (
          <Text key={p.id} wrap="truncate-end">
            {'  '}• <Text bold>{p.label}</Text>
            <Text color="gray">{tracks.length > 0 ? ` — track: ${tracks.join(', ')}` : ''}</Text>
          </Text>
        );
      })}
      <Box height={1} />
      <Text color="gray">Sources ({sources.length}):</Text>
      {sources.length === 0 ? <Text color="gray">  none: every number in this scenario is illustrative.</Text> : null}
      {sources.slice(0, sources.length > sourceRoom ? sourceRoom - 1 : sourceRoom).map((s, i) => (
        <Text key={i} wrap="truncate-end">
          {'  '}
          {s.title}
          <Text color="gray">
            {' '}
            — {s.publisher}, {s.date}
          </Text>
        </Text>
      ))}
      {sources.length > sourceRoom ? <Text color="gray">  … and {sources.length - sourceRoom + 1} more (see the scenario file)</Text> : null}
      <Box flexGrow={1} />
      <Text bold color="green">
        {resumedAt !== undefined ? `Press Enter to resume the saved game at round ${resumedAt + 1}.` : 'Press Enter to start.'}
      </Text>
      <KeyHints
        width={width - 2}
        hints={[
          { key: 'Enter', label: resumedAt !== undefined ? 'resume' : 'start' },
          { key: '?', label: 'help' },
          { key: 'q', label: 'quit' },
        ]}
      />
    </Box>
  );
}
