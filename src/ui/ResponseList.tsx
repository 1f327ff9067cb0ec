import { Text } from 'ink';
import { ProgressBar } from './ProgressBar.js';
import { formatPercent } from './format-value.js';
import type { ResponseOutlook } from './move-explanation.js';

/** A move's possible responses with their probability now, most likely first. */
export function ResponseList({ responses, max }: { readonly responses: readonly ResponseOutlook[]; readonly max: number }) {
  const sorted = [...responses].sort((a, b) => b.p - a.p).slice(0, Math.max(0, max));
  return (
    <>
      {sorted.map((r) => (
        <Text key={r.label} wrap="truncate-end">
          <Text bold>{formatPercent(r.p).padStart(5)} </Text>
          <ProgressBar value={r.p} width={10} color={r.p >= 0.5 ? 'green' : r.p >= 0.2 ? 'yellow' : 'red'} />
          <Text bold> {r.label}</Text>
          <Text color="gray">{r.detail ? `  ${r.detail}` : ''}</Text>
        </Text>
      ))}
    </>
  );
}
