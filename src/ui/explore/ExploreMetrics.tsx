import { Box, Text } from 'ink';
import type { BatchArm } from '../../montecarlo/batch-plan.js';
import type { ColumnDistribution } from './explore-figures.js';
import { count, fit, short, sparkline } from './explore-format.js';

export interface ExploreMetricsProps {
  readonly metric: { readonly id: string; readonly label: string; readonly unit: string | null };
  readonly index: number;
  readonly metrics: number;
  readonly arms: readonly BatchArm[];
  readonly selectedArm: number;
  readonly distributions: { readonly arms: readonly ColumnDistribution[]; readonly histograms: readonly number[][]; readonly lo: number; readonly hi: number };
  readonly width: number;
  readonly color: boolean;
}

/** One metric per arm over the kept runs: n, mean, 5/50/95th percentiles and a histogram as a sparkline over the common range. */
export function ExploreMetrics({ metric, index, metrics, arms, selectedArm, distributions, width, color }: ExploreMetricsProps) {
  const armWidth = Math.min(16, Math.max(8, ...arms.map((a) => a.label.length)));
  const spark = Math.max(8, width - armWidth - 48);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {fit(`Metric ${index + 1}/${metrics}: ${metric.label} (${metric.id}${metric.unit ? `, ${metric.unit}` : ''}) — ↑↓ another`, width)}
      </Text>
      <Text bold wrap="truncate">
        {'  '}
        {fit('arm', armWidth)} {'n'.padStart(8)} {'mean'.padStart(8)} {'p5'.padStart(8)} {'p50'.padStart(8)} {'p95'.padStart(8)}  {fit(`${short(distributions.lo)} … ${short(distributions.hi)}`, spark)}
      </Text>
      {arms.map((a, i) => {
        const d = distributions.arms[i]!;
        const on = i === selectedArm;
        return (
          <Text key={i} wrap="truncate" inverse={on && !color} color={on && color ? 'cyan' : undefined}>
            {on ? '▶ ' : '  '}
            {fit(a.label, armWidth)} {count(d.n).padStart(8)} {short(d.mean).padStart(8)} {short(d.p5).padStart(8)} {short(d.p50).padStart(8)} {short(d.p95).padStart(8)}{'  '}
            <Text color={color ? 'green' : undefined}>{sparkline(resample(distributions.histograms[i]!, spark))}</Text>
          </Text>
        );
      })}
      <Text dimColor wrap="truncate">
        {fit('runs where the metric is undefined (e.g. a price without a deal) are left out; quantiles are exact (type 7)', width)}
      </Text>
    </Box>
  );
}

/** Sums neighbouring bins so a histogram fits in `cells` characters. */
function resample(h: readonly number[], cells: number): number[] {
  if (h.length <= cells) return [...h];
  const out = new Array<number>(cells).fill(0);
  h.forEach((c, i) => (out[Math.floor((i * cells) / h.length)]! += c));
  return out;
}
