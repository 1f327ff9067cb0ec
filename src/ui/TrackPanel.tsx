import { memo } from 'react';
import { Box, Text } from 'ink';
import { Panel } from './Panel.js';
import { ProgressBar } from './ProgressBar.js';
import type { TrackSummary } from './game-view.js';

export interface TrackPanelProps {
  readonly track: TrackSummary;
  readonly width: number;
  /** The selected move is on this track. */
  readonly selected?: boolean;
  /** A move on this track is planned this round. */
  readonly planned?: boolean;
}

/** Lines a track panel takes, borders included. */
export const TRACK_PANEL_HEIGHT = 7;

const stanceColor = (s: string | undefined) =>
  s === undefined ? 'gray' : /hostile|angry|cold|walk|frozen|suspicious|worried|wary|tense/i.test(s) ? 'yellow' : /warm|eager|keen|friendly|open|ready/i.test(s) ? 'green' : 'white';

/**
 * One track: state and a stage bar (meta.stage of the current state over the machine's highest),
 * the counterpart's stance (two lines), the terms on the table, and whether the track has finished.
 */
export const TrackPanel = memo(function TrackPanel({ track, width, selected, planned }: TrackPanelProps) {
  const inner = width - 4;
  const status = track.deal ? ' ✓ deal' : track.done ? ' ✗ ended' : planned ? ' ◆ planned' : '';
  const color = track.deal ? 'green' : track.done ? 'gray' : selected ? 'cyan' : 'gray';
  const barWidth = Math.max(4, Math.min(12, inner - 6));
  return (
    <Panel title={`${track.label}${status}`} width={width} height={TRACK_PANEL_HEIGHT} color={color}>
      <Text wrap="truncate" bold={!track.done} color={track.done && !track.deal ? 'gray' : undefined}>
        {track.state}
      </Text>
      <Text wrap="truncate">
        {track.maxStage > 0 ? (
          <>
            <ProgressBar value={track.stage / track.maxStage} width={barWidth} color={track.deal ? 'green' : 'cyan'} />
            <Text color="gray">
              {' '}
              {track.stage}/{track.maxStage}
            </Text>
          </>
        ) : (
          <Text color="gray">no stages</Text>
        )}
      </Text>
      <Box height={2} overflow="hidden">
        <Text color={stanceColor(track.stance)}>{track.done ? (track.deal ? 'deal signed' : 'talks over') : (track.stance ?? 'no stance')}</Text>
      </Box>
      <Text wrap="truncate-end" color={track.received && !track.done ? 'yellow' : 'gray'}>
        {track.received && !track.done ? '✉ their offer: ' : ''}
        {track.termsText || 'no terms yet'}
      </Text>
    </Panel>
  );
});
