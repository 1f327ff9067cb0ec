/** Which of `total` lines a box of `height` lines shows from `offset`, with room kept for the markers. */
export interface ScrollWindow {
  /** Lines [start, end) are shown. */
  readonly start: number;
  readonly end: number;
  /** Lines hidden above and below: the "↑ n more" and "↓ n more" markers. */
  readonly above: number;
  readonly below: number;
  /** The largest offset that still fills the box: a larger one shows the same as this. */
  readonly maxOffset: number;
}

/**
 * The window of a scrolling list: everything when it fits; otherwise a marker line takes the place
 * of a line at each end that has more. E.g. 10 lines in a box of 4 from offset 0 show lines 0-2 and
 * "↓ 7 more"; from offset 3, "↑ 3 more", lines 3-4 and "↓ 5 more".
 */
export function scrollWindow(total: number, height: number, offset: number): ScrollWindow {
  const h = Math.max(1, height);
  if (total <= h) return { start: 0, end: total, above: 0, below: 0, maxOffset: 0 };
  const maxOffset = total - Math.max(1, h - 1);
  const start = Math.max(0, Math.min(maxOffset, Math.floor(offset)));
  const room = Math.max(1, start === 0 || start + (h - 1) >= total ? h - 1 : h - 2);
  const end = Math.min(total, start + room);
  return { start, end, above: start, below: total - end, maxOffset };
}
