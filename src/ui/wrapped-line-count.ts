/** How many lines greedy word wrap makes of `text` at `width` columns (Ink wraps the same way, give or take a word). */
export function wrappedLineCount(text: string, width: number): number {
  if (width <= 0) return 0;
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    let used = 0;
    lines++;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const w = word.length;
      if (used === 0) used = w;
      else if (used + 1 + w <= width) used += 1 + w;
      else {
        lines++;
        used = w;
      }
      while (used > width) {
        lines++;
        used -= width;
      }
    }
  }
  return lines;
}
