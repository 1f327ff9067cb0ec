import React from 'react';
import { Box, Text, render } from 'ink';

/** What the progress line shows. */
export interface BatchProgressState {
  readonly done: number;
  readonly total: number;
  readonly elapsedMs: number;
  /** Arms per run index (each run index is played once per arm). */
  readonly arms: number;
  /** With --until-ci: the width asked for and the widest interval so far. */
  readonly untilCi?: number;
  readonly widestInterval?: number;
}

const int = (n: number) => n.toLocaleString('en-US');

/** "1 min 05 s", "12 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** Runs per second and the estimated time left. */
export function progressFigures(p: BatchProgressState): { rate: number; etaMs: number; fraction: number } {
  const rate = p.elapsedMs > 0 ? (p.done * p.arms) / (p.elapsedMs / 1000) : 0;
  const fraction = p.total > 0 ? p.done / p.total : 1;
  const etaMs = p.done > 0 ? ((p.total - p.done) * p.elapsedMs) / p.done : Infinity;
  return { rate, etaMs, fraction };
}

/** A live progress bar for a batch: runs done, runs per second, time left, and the --until-ci target. */
export function BatchProgress({ state }: { readonly state: BatchProgressState }): React.ReactElement {
  const { rate, etaMs, fraction } = progressFigures(state);
  const width = 30;
  const filled = Math.round(fraction * width);
  return (
    <Box flexDirection="column">
      <Text>
        <Text color="green">{'█'.repeat(filled)}</Text>
        <Text dimColor>{'░'.repeat(width - filled)}</Text> {int(state.done)}/{int(state.total)} runs · {int(Math.round(rate))} runs/s · {formatDuration(state.elapsedMs)} elapsed
        {state.done < state.total ? ` · ETA ${formatDuration(etaMs)}` : ''}
      </Text>
      {state.untilCi !== undefined ? (
        <Text dimColor>
          until every 95% interval is narrower than {(100 * state.untilCi).toFixed(2)}%: widest now{' '}
          {state.widestInterval === undefined ? '—' : `${(100 * state.widestInterval).toFixed(2)}%`} (--runs is the cap)
        </Text>
      ) : null}
    </Box>
  );
}

/** Renders the progress bar on a terminal stream (stderr), leaving stdout to the results. */
export function renderBatchProgress(stream: NodeJS.WriteStream, initial: BatchProgressState): { update(state: BatchProgressState): void; close(): void } {
  const instance = render(<BatchProgress state={initial} />, { stdout: stream, exitOnCtrlC: false, patchConsole: false });
  return {
    update(state) {
      instance.rerender(<BatchProgress state={state} />);
    },
    close() {
      instance.clear();
      instance.unmount();
    },
  };
}
