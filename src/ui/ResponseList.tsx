import { Text } from 'ink';
import { ProgressBar } from './ProgressBar.js';
import { formatPercent } from './format-value.js';
import type { ResponseOutlook } from './move-explanation.js';

/**
 * A move's possible responses with their probability now, most likely first, in at most `max`
 * lines: when they do not all fit, the last line says how many less likely ones are hidden and how
 * likely they are together ("↓ 2 more, 6% together").
 */
export function ResponseList({ responses, max }: { readonly responses: readonly ResponseOutlook[]; readonly max: number }) {
  const room = Math.max(1, max);
  const sorted = [...responses].sort((a, b) => b.p - a.p);
  const shown = sorted.length > room ? sorted.slice(0, room - 1) : sorted;
  const hidden = sorted.slice(shown.length);
  return (
    <>
      {shown.map((r) => (
        <Text key={r.label} wrap="truncate-end">
          <Text bold>{formatPercent(r.p).padStart(5)} </Text>
          <ProgressBar value={r.p} width={10} color={r.p >= 0.5 ? 'green' : r.p >= 0.2 ? 'yellow' : 'red'} />
          <Text bold> {r.label}</Text>
          <Text color="gray">{r.detail ? `  ${r.detail}` : ''}</Text>
        </Text>
      ))}
      {hidden.length > 0 ? (
        <Text wrap="truncate-end" color="cyan">
          ↓ {hidden.length} more, {formatPercent(hidden.reduce((s, r) => s + r.p, 0))} together: {hidden.map((r) => r.label).join(', ')}
        </Text>
      ) : null}
    </>
  );
}
