import { Text } from 'ink';

export interface IntervalBarProps {
  /** The estimate and its interval, each from 0 to 1. */
  readonly p: number;
  readonly lo: number;
  readonly hi: number;
  /** Cells. */
  readonly width: number;
  /** Colour the bar (off under NO_COLOR: the glyphs alone carry it). */
  readonly color?: boolean;
}

/**
 * A probability as a bar with its interval drawn in: `█` up to the interval's low end, `▓` from
 * there to the estimate, `▒` from the estimate to the high end, `░` beyond. p 0.4 in [0.3, 0.5] at
 * width 10 is "███▓▒░░░░░" give or take a cell.
 */
export function IntervalBar({ p, lo, hi, width, color = true }: IntervalBarProps) {
  const cells = (x: number) => (Number.isFinite(x) ? Math.max(0, Math.min(width, Math.round(x * width))) : 0);
  const a = cells(lo);
  const b = Math.max(a, cells(p));
  const c = Math.max(b, cells(hi));
  return (
    <Text>
      <Text color={color ? 'green' : undefined}>{'█'.repeat(a)}</Text>
      <Text color={color ? 'green' : undefined}>{'▓'.repeat(b - a)}</Text>
      <Text color={color ? 'greenBright' : undefined}>{'▒'.repeat(c - b)}</Text>
      <Text color={color ? 'gray' : undefined}>{'░'.repeat(width - c)}</Text>
    </Text>
  );
}
