import { Box, Text } from 'ink';
import { formatRunCondition, type RunCondition } from '../../montecarlo/run-filter.js';
import { count, fit, percent, short } from './explore-format.js';

export interface ConditionColumn {
  readonly name: string;
  /** "parameter", "metric", "result". */
  readonly role: string;
  readonly label: string;
  /** Cut points of its thirds and its range (from a sample of the rows). */
  readonly thirds: { readonly low: number; readonly high: number; readonly min: number; readonly max: number } | undefined;
}

export interface ExploreConditionsProps {
  readonly conditions: readonly RunCondition[];
  readonly columns: readonly ConditionColumn[];
  readonly cursor: number;
  readonly kept: number;
  readonly rows: number;
  readonly width: number;
  readonly height: number;
  readonly color: boolean;
}

/**
 * Conditioning on assumptions: the conditions in force (all must hold) and the share of runs they
 * keep, then the columns a condition can be put on with their range and thirds; l, m and h put the
 * selected column in its low, middle or high third, Enter or / types any condition.
 */
export function ExploreConditions({ conditions, columns, cursor, kept, rows, width, height, color }: ExploreConditionsProps) {
  const listRoom = Math.max(3, height - Math.max(1, conditions.length) - 4);
  const first = Math.max(0, Math.min(cursor - Math.floor(listRoom / 2), columns.length - listRoom));
  const nameWidth = Math.min(26, Math.max(12, ...columns.map((c) => c.name.length)));
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {fit(`Conditions (all must hold) — ${count(kept)} of ${count(rows)} rows kept (${percent(kept / Math.max(1, rows))})`, width)}
      </Text>
      {conditions.length === 0 ? <Text dimColor>none: every run counts</Text> : null}
      {conditions.map((c, i) => (
        <Text key={i} wrap="truncate" color={color ? 'yellow' : undefined}>
          {'  '}
          {formatRunCondition(c)}
        </Text>
      ))}
      <Text> </Text>
      <Text bold wrap="truncate">
        {fit(`  ${'column'.padEnd(nameWidth)} ${'kind'.padEnd(9)} ${'min'.padStart(9)} ${'low ≤'.padStart(9)} ${'≥ high'.padStart(9)} ${'max'.padStart(9)}`, width)}
      </Text>
      {columns.slice(first, first + listRoom).map((c, j) => {
        const i = first + j;
        const on = i === cursor;
        const t = c.thirds;
        const used = conditions.some((x) => x.column === c.name);
        return (
          <Text key={c.name} wrap="truncate" inverse={on && !color} color={on && color ? 'cyan' : undefined}>
            {on ? '▶ ' : used ? '* ' : '  '}
            {fit(c.name, nameWidth)} {fit(c.role, 9)} {t ? `${short(t.min).padStart(9)} ${short(t.low).padStart(9)} ${short(t.high).padStart(9)} ${short(t.max).padStart(9)}` : ''}
            {'  '}
            <Text dimColor>{c.label}</Text>
          </Text>
        );
      })}
    </Box>
  );
}
