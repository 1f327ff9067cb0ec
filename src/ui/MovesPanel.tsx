import { memo } from 'react';
import { Text } from 'ink';
import type { CompiledMove } from '../scenario/compiled-scenario.js';
import { Panel } from './Panel.js';
import type { LockedMove } from './game-view.js';

export interface MovesPanelProps {
  readonly moves: readonly CompiledMove[];
  /** Moves not possible now, listed greyed after the others with what they need (never selected). */
  readonly locked?: readonly LockedMove[];
  readonly cursor: number;
  /** Tracks that already have a move planned this round: their moves cannot be chosen. */
  readonly plannedTracks: ReadonlySet<number>;
  readonly trackLabels: readonly string[];
  readonly width: number;
  readonly height: number;
  readonly focused: boolean;
  readonly title: string;
}

/**
 * The moves available now, by track; ✎ marks moves whose offer you set; then, greyed, the locked
 * moves with what they need. Scrolls to keep the cursor in view.
 */
export const MovesPanel = memo(function MovesPanel({ moves, locked = [], cursor, plannedTracks, trackLabels, width, height, focused, title }: MovesPanelProps) {
  // One line is kept for "↑ n more" / "↓ n more" when the list does not fit.
  const lines = Math.max(1, height - 2);
  const total = moves.length + locked.length;
  const room = total > lines ? Math.max(1, lines - 1) : lines;
  const start = Math.max(0, Math.min(cursor - Math.floor(room / 2), total - room));
  const shown = moves.slice(start, start + room);
  const shownLocked = locked.slice(Math.max(0, start - moves.length), Math.max(0, start + room - moves.length));
  const labelWidth = Math.min(14, Math.max(...trackLabels.map((l) => l.length)));
  return (
    <Panel title={title} width={width} height={height} color={focused ? 'cyan' : 'gray'}>
      {moves.length === 0 ? <Text color="gray">No move is available: press w to wait for the next round.</Text> : null}
      {shown.map((m, k) => {
        const i = start + k;
        const blocked = plannedTracks.has(m.track);
        const here = i === cursor;
        return (
          <Text key={m.id} wrap="truncate-end" color={blocked ? 'gray' : here ? 'cyan' : undefined} inverse={here && focused && !blocked} dimColor={blocked}>
            {here ? '›' : ' '} {trackLabels[m.track]!.padEnd(labelWidth).slice(0, labelWidth)} {m.label}
            {m.offer.length > 0 ? ' ✎' : ''}
            {blocked ? '  (a move on this track is planned)' : ''}
          </Text>
        );
      })}
      {shownLocked.map(({ move: m, needs }) => (
        <Text key={m.id} wrap="truncate-end" color="gray" dimColor>
          {'  '}
          {trackLabels[m.track]!.padEnd(labelWidth).slice(0, labelWidth)} {m.label} <Text italic>locked: {needs}</Text>
        </Text>
      ))}
      {total > room ? (
        <Text color="gray" wrap="truncate">
          {'  '}
          {start > 0 ? `↑ ${start} more` : ''}
          {start > 0 && start + room < total ? ' · ' : ''}
          {start + room < total ? `↓ ${total - start - room} more${locked.length > 0 ? ` (${locked.length} locked)` : ''}` : ''}
        </Text>
      ) : null}
    </Panel>
  );
});
