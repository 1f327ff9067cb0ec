import { describe, expect, it } from 'vitest';
import { scrollWindow } from '../../src/ui/scroll-window.js';
import { wrapText } from '../../src/ui/wrap-text.js';

describe('scrollWindow', () => {
  it('shows everything, without markers, when the lines fit', () => {
    expect(scrollWindow(4, 4, 0)).toEqual({ start: 0, end: 4, above: 0, below: 0, maxOffset: 0 });
    expect(scrollWindow(4, 4, 9)).toEqual({ start: 0, end: 4, above: 0, below: 0, maxOffset: 0 });
  });

  it('keeps a line for each marker and never hides a line without counting it', () => {
    expect(scrollWindow(10, 4, 0)).toMatchObject({ start: 0, end: 3, above: 0, below: 7 });
    expect(scrollWindow(10, 4, 3)).toMatchObject({ start: 3, end: 5, above: 3, below: 5 });
    // The last page: the top marker and the last three lines.
    expect(scrollWindow(10, 4, 99)).toMatchObject({ start: 7, end: 10, above: 7, below: 0, maxOffset: 7 });
    for (let total = 0; total < 30; total++) {
      for (let height = 3; height < 12; height++) {
        for (let offset = 0; offset < 35; offset++) {
          const w = scrollWindow(total, height, offset);
          const markers = (w.above > 0 ? 1 : 0) + (w.below > 0 ? 1 : 0);
          expect(w.above + (w.end - w.start) + w.below, `${total}/${height}/${offset}`).toBe(total);
          expect(w.end - w.start + markers, `${total}/${height}/${offset}`).toBeLessThanOrEqual(height);
          if (total > 0) expect(w.end - w.start, `${total}/${height}/${offset}`).toBeGreaterThan(0);
        }
      }
    }
  });
});

describe('wrapText', () => {
  it('wraps at spaces, keeps paragraphs and cuts words longer than the width', () => {
    expect(wrapText('a bc def', 4)).toEqual(['a bc', 'def']);
    expect(wrapText('one\n\ntwo', 10)).toEqual(['one', '', 'two']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    for (const line of wrapText('The deposit is drawn as ore tonnage x grade and stays unknown until a JORC report reveals it.', 20)) expect(line.length).toBeLessThanOrEqual(20);
  });
});
