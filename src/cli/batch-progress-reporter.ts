import type { BatchProgress } from '../montecarlo/run-batch.js';

/** Shows a batch's progress on stderr: a live Ink bar on a terminal, a line every few seconds otherwise. */
export interface ProgressReporter {
  update(progress: BatchProgress): void;
  close(): void;
}

export async function progressReporter(options: { quiet: boolean; arms: number; untilCi?: number }): Promise<ProgressReporter> {
  const none: ProgressReporter = { update() {}, close() {} };
  if (options.quiet) return none;
  const stream = process.stderr;
  if (stream.isTTY) {
    // Ink loads only when there is a terminal to draw on.
    const { renderBatchProgress } = await import('../ui/BatchProgress.js');
    const ui = renderBatchProgress(stream, { done: 0, total: 1, elapsedMs: 0, arms: options.arms, untilCi: options.untilCi });
    return {
      update: (p) => ui.update({ ...p, arms: options.arms, untilCi: options.untilCi }),
      close: () => ui.close(),
    };
  }
  const { formatDuration, progressFigures } = await import('../ui/BatchProgress.js');
  let last = 0;
  let finished = false;
  return {
    update(p) {
      if (finished || (p.elapsedMs - last < 5000 && p.done < p.total)) return;
      last = p.elapsedMs;
      finished = p.done >= p.total;
      const { rate, etaMs, fraction } = progressFigures({ ...p, arms: options.arms });
      const ci = options.untilCi !== undefined && p.widestInterval !== undefined ? `, widest interval ${(100 * p.widestInterval).toFixed(2)}%` : '';
      stream.write(
        `parley: ${p.done.toLocaleString('en-US')}/${p.total.toLocaleString('en-US')} runs (${Math.floor(100 * fraction)}%), ${Math.round(rate).toLocaleString('en-US')} runs/s, ${p.done < p.total ? `ETA ${formatDuration(etaMs)}` : 'done'}${ci}\n`,
      );
    },
    close() {},
  };
}
