import { memo } from 'react';
import { Box, Text } from 'ink';
import { Panel } from './Panel.js';
import { ProgressBar } from './ProgressBar.js';
import { formatPercent, formatValue } from './format-value.js';
import type { BatchComparison } from './batch-comparison.js';
import type { KeyMoment } from './key-moments.js';

export interface EndPanelProps {
  readonly outcome: string;
  readonly deal: boolean;
  readonly summary: string;
  readonly metrics: readonly { readonly label: string; readonly value: string }[];
  readonly moments: readonly KeyMoment[];
  readonly host: string;
  readonly utility: number;
  readonly comparison: BatchComparison | undefined;
  readonly strategyLabel: string;
  readonly width: number;
  readonly height: number;
}

const BARS = ' ▁▂▃▄▅▆▇█';

/** A histogram of the batch's utilities in one line of block characters, and the column where `mark` falls. */
function histogram(values: readonly number[], bins: number, mark: number): { line: string; at: number } {
  if (values.length === 0) return { line: '', at: 0 };
  const lo = Math.min(...values, mark);
  const hi = Math.max(...values, mark);
  const span = hi - lo || 1;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor(((v - lo) / span) * bins))]!++;
  const max = Math.max(...counts);
  return { line: counts.map((c) => BARS[Math.ceil((c / max) * 8)]).join(''), at: Math.min(bins - 1, Math.floor(((mark - lo) / span) * bins)) };
}

/** The end of the game: outcome, metrics, where the result sits among simulated runs, key moments. */
export const EndPanel = memo(function EndPanel(p: EndPanelProps) {
  const inner = p.width - 4;
  const c = p.comparison;
  const hist = c?.done ? histogram(c.utilities, Math.min(40, inner - 20), p.utility) : undefined;
  const fixed = 5 + (p.metrics.length > 0 ? 1 : 0) + (hist ? 2 : 0) + 1;
  const room = Math.max(1, p.height - 2 - fixed);
  const moments = p.moments.length > room ? p.moments.slice(p.moments.length - room + 1) : p.moments;
  return (
    <Panel title="Game over" width={p.width} height={p.height} color={p.deal ? 'green' : 'yellow'}>
      <Text wrap="truncate-end">
        <Text bold color={p.deal ? 'green' : 'yellow'}>
          {p.outcome}
        </Text>
        <Text color="gray"> — {p.summary}</Text>
      </Text>
      <Text wrap="truncate-end">
        <Text color="gray">your utility ({p.host}) </Text>
        <Text bold>{formatValue(p.utility)}</Text>
      </Text>
      <Text wrap="truncate-end">
        {c === undefined ? (
          ' '
        ) : c.done ? (
          <Text>
            better for {p.host} than <Text bold color="cyan">{formatPercent(c.below)}</Text> of {(c.runs - c.failed).toLocaleString('en-US')} simulated runs with “{p.strategyLabel}”
            {c.ties > 0 ? <Text color="gray"> · as good as {formatPercent(c.ties)}</Text> : null}
            {c.failed > 0 ? <Text color="red"> · {c.failed} runs failed</Text> : null}
          </Text>
        ) : (
          <Text color="gray">
            comparing with {c.total.toLocaleString('en-US')} simulated runs of “{p.strategyLabel}” <ProgressBar value={c.runs / c.total} width={12} color="magenta" /> {c.runs}/{c.total}
          </Text>
        )}
      </Text>
      {hist ? (
        <>
          <Text wrap="truncate">
            <Text color="gray">{'runs by utility '}</Text>
            <Text color="magenta">{hist.line}</Text>
          </Text>
          <Text wrap="truncate" color="cyan">
            {' '.repeat(16 + hist.at)}▲ you
          </Text>
        </>
      ) : null}
      {p.metrics.length > 0 ? (
        <Text wrap="truncate-end">
          {p.metrics.map((m, i) => (
            <Text key={m.label}>
              {i > 0 ? <Text color="gray"> · </Text> : null}
              <Text color="gray">{m.label} </Text>
              <Text bold>{m.value}</Text>
            </Text>
          ))}
        </Text>
      ) : null}
      <Box height={1} />
      <Text color="gray">Key moments{p.moments.length > moments.length ? ` (last ${moments.length} of ${p.moments.length})` : ''}:</Text>
      {moments.map((m) => (
        <Text key={m.key} wrap="truncate-end" color={m.tone === 'deal' ? 'green' : m.tone === 'event' ? 'yellow' : m.tone === 'move' ? 'cyan' : m.tone === 'end' ? 'gray' : undefined}>
          <Text color="magenta">{m.date} </Text>
          {m.text}
        </Text>
      ))}
    </Panel>
  );
});
