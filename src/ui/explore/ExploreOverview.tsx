import { Box, Text } from 'ink';
import type { BatchArm } from '../../montecarlo/batch-plan.js';
import { IntervalBar } from './IntervalBar.js';
import type { OutcomeTable, PairedDifference } from './explore-figures.js';
import { proportion } from './explore-figures.js';
import { count, fit, percent, points } from './explore-format.js';

export interface ExploreOverviewProps {
  readonly outcomes: readonly { readonly id: string; readonly label: string }[];
  readonly arms: readonly BatchArm[];
  readonly table: OutcomeTable;
  /** Per arm, the paired difference of the selected outcome against the baseline (undefined for the baseline). */
  readonly differences: readonly (PairedDifference | undefined)[];
  readonly outcome: number;
  readonly arm: number;
  readonly baseline: number;
  readonly width: number;
  readonly height: number;
  readonly color: boolean;
}

/**
 * The overview: every outcome's probability for the selected arm (bars with 95% Wilson intervals),
 * then the selected outcome across every arm with its paired difference against the baseline arm
 * (same seed and run index, so the same dice: far tighter than two independent batches).
 */
export function ExploreOverview(props: ExploreOverviewProps) {
  const { outcomes, arms, table, differences, outcome, arm, baseline, width, height, color } = props;
  const a = table.arms[arm]!;
  const labelWidth = Math.min(28, Math.max(12, width - 52));
  const barWidth = Math.max(10, Math.min(30, width - labelWidth - 26));
  const armWidth = Math.min(18, Math.max(8, ...arms.map((x) => x.label.length)));
  const selected = outcomes[outcome]!;
  // Outcome rows first, then as many arms as fit (the selected arm always among them).
  const armRoom = Math.max(1, height - outcomes.length - 4);
  const first = Math.max(0, Math.min(arm - armRoom + 1, arms.length - armRoom));
  const shownArms = arms.map((_, i) => i).slice(first, first + armRoom);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate">
        {fit(`Outcomes — ${arms[arm]!.label} (${count(a.kept)} runs kept)`, width)}
      </Text>
      {outcomes.map((o, i) => {
        const pr = proportion(table.arms[arm]!.counts[i]!, a.kept);
        const on = i === outcome;
        return (
          <Text key={o.id} wrap="truncate" inverse={on && !color} color={on && color ? 'cyan' : undefined}>
            {on ? '▶ ' : '  '}
            {fit(o.label, labelWidth)} <IntervalBar p={pr.p} lo={pr.lo} hi={pr.hi} width={barWidth} color={color} /> {percent(pr.p).padStart(6)} [{percent(pr.lo)}–{percent(pr.hi)}]
          </Text>
        );
      })}
      <Text> </Text>
      <Text bold wrap="truncate">
        {fit(`${selected.label} by arm — Δ paired vs ${arms[baseline]!.label}`, width)}
      </Text>
      {shownArms.map((i) => {
        const x = table.arms[i]!;
        const pr = proportion(x.counts[outcome]!, x.kept);
        const d = differences[i];
        const on = i === arm;
        return (
          <Text key={i} wrap="truncate" inverse={on && !color} color={on && color ? 'cyan' : undefined}>
            {on ? '▶ ' : '  '}
            {fit(arms[i]!.label, armWidth)} <IntervalBar p={pr.p} lo={pr.lo} hi={pr.hi} width={Math.max(8, barWidth - 8)} color={color} /> {percent(pr.p).padStart(6)}{' '}
            {i === baseline ? <Text dimColor>baseline</Text> : d && d.n > 1 ? `${points(d.diff)} [${points(d.lo)}, ${points(d.hi)}]` : '—'}
          </Text>
        );
      })}
    </Box>
  );
}
