import { Box, Text } from 'ink';
import type { TornadoBar } from './explore-figures.js';
import { fit, percent, points } from './explore-format.js';

export interface ExploreDriversProps {
  readonly mode: 'tornado' | 'rank';
  readonly armLabel: string;
  readonly outcomeLabel: string;
  readonly tornado: readonly TornadoBar[] | undefined;
  readonly rank: { readonly rows: number; readonly drivers: readonly { readonly parameter: string; readonly rho: number | null; readonly lo: number | null; readonly hi: number | null }[] } | undefined;
  readonly scroll: number;
  readonly width: number;
  readonly height: number;
  readonly color: boolean;
}

/** A bar centred on an axis: negative values to the left, positive to the right, `half` cells a side at |v| = max. */
function centred(v: number, max: number, half: number): string {
  const n = max > 0 && Number.isFinite(v) ? Math.min(half, Math.round((Math.abs(v) / max) * half)) : 0;
  return v < 0 ? ' '.repeat(half - n) + '█'.repeat(n) + '│' + ' '.repeat(half) : ' '.repeat(half) + '│' + '█'.repeat(n) + ' '.repeat(half - n);
}

/**
 * What drives the selected outcome for the selected arm, on the kept runs: the tornado (the
 * outcome's probability with each parameter in its low and in its high third, largest swing first)
 * or Spearman rank correlations of each parameter with the outcome.
 */
export function ExploreDrivers({ mode, armLabel, outcomeLabel, tornado, rank, scroll, width, height, color }: ExploreDriversProps) {
  const room = Math.max(1, height - 3);
  const nameWidth = Math.min(24, Math.max(10, width - 60));
  const half = Math.max(4, Math.floor((width - nameWidth - 40) / 2));
  if (mode === 'tornado') {
    const bars = tornado ?? [];
    const max = Math.max(0, ...bars.map((b) => Math.abs(b.swing || 0)));
    return (
      <Box flexDirection="column">
        <Text bold wrap="truncate">
          {fit(`Tornado — P(${outcomeLabel}) for ${armLabel}, parameter in its low vs high third`, width)}
        </Text>
        <Text bold wrap="truncate">
          {fit(`  ${'parameter'.padEnd(nameWidth)} ${'low ⅓'.padStart(7)} ${'high ⅓'.padStart(7)} ${'swing'.padStart(9)}  lower ◀ ▶ higher when high`, width)}
        </Text>
        {bars.length === 0 ? <Text dimColor>no parameter varies</Text> : null}
        {bars.slice(scroll, scroll + room).map((b) => (
          <Text key={b.parameter} wrap="truncate">
            {'  '}
            {fit(b.parameter, nameWidth)} {percent(b.low.p).padStart(7)} {percent(b.high.p).padStart(7)} {points(b.swing).padStart(9)}{'  '}
            <Text color={color ? (b.swing < 0 ? 'red' : 'green') : undefined}>{centred(b.swing, max, half)}</Text>
          </Text>
        ))}
      </Box>
    );
  }
  const ds = rank?.drivers ?? [];
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {fit(`Rank correlation with ${outcomeLabel} (1 if the run ended so) — ${armLabel}, ${rank?.rows ?? 0} runs`, width)}
      </Text>
      <Text bold wrap="truncate">
        {fit(`  ${'parameter'.padEnd(nameWidth)} ${'rho'.padStart(7)} ${'95% interval'.padStart(17)}`, width)}
      </Text>
      {ds.slice(scroll, scroll + room).map((d) => (
        <Text key={d.parameter} wrap="truncate">
          {'  '}
          {fit(d.parameter, nameWidth)} {d.rho!.toFixed(3).padStart(7)} {`[${d.lo!.toFixed(3)}, ${d.hi!.toFixed(3)}]`.padStart(17)}{'  '}
          <Text color={color ? (d.rho! < 0 ? 'red' : 'green') : undefined}>{centred(d.rho!, 1, half)}</Text>
        </Text>
      ))}
    </Box>
  );
}
