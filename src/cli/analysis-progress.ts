/**
 * A progress line on stderr for the analysis commands (a terminal only, at most every 200 ms;
 * nothing when quiet), cleared when done.
 */
export function analysisProgress(quiet: boolean): { update: (done: number, total: number) => void; close: () => void } {
  if (quiet || !process.stderr.isTTY) return { update: () => {}, close: () => {} };
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 200 && done < total) return;
      last = now;
      shown = true;
      process.stderr.write(`\rparley: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} runs (${Math.floor((100 * done) / total)}%)`);
    },
    close() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}
