import { Text } from 'ink';

export interface ProgressBarProps {
  /** From 0 to 1; clamped. */
  readonly value: number;
  /** Cells. */
  readonly width: number;
  readonly color?: string;
}

/** A bar of full and light blocks: `value` 0.4 at width 10 is "████░░░░░░". */
export function ProgressBar({ value, width, color = 'green' }: ProgressBarProps) {
  const v = Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
  const full = Math.round(v * width);
  return (
    <Text>
      <Text color={color}>{'█'.repeat(full)}</Text>
      <Text color="gray">{'░'.repeat(Math.max(0, width - full))}</Text>
    </Text>
  );
}
