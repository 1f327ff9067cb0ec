/**
 * Greedy word wrap of `text` at `width` columns, as Ink wraps: paragraphs split at newlines, words
 * at spaces, a word longer than the width cut into pieces. E.g. wrapText('a bc def', 4) is
 * ['a bc', 'def']. Screens that scroll wrap their text into lines with it, so they know how many
 * lines there are and can show "↓ 3 more".
 */
export function wrapText(text: string, width: number): string[] {
  if (width <= 0) return [];
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line === '') line = word;
      else if (line.length + 1 + word.length <= width) line += ' ' + word;
      else {
        lines.push(line);
        line = word;
      }
      while (line.length > width) {
        lines.push(line.slice(0, width));
        line = line.slice(width);
      }
    }
    lines.push(line);
  }
  return lines;
}
