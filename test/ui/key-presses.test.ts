import { describe, expect, it } from 'vitest';
import { keyPresses } from '../../src/ui/key-presses.js';

describe('keyPresses', () => {
  it('splits a chunk of plain characters into one press per character (regression: `j j j` sent together was dropped)', () => {
    expect(keyPresses('jjj', {})).toEqual([
      { input: 'j', key: {} },
      { input: 'j', key: {} },
      { input: 'j', key: {} },
    ]);
    expect(keyPresses('jk', {}).map((p) => p.input)).toEqual(['j', 'k']);
  });

  it('turns a line feed, CR LF and control characters inside a chunk into their keys', () => {
    expect(keyPresses('\n', {})).toEqual([{ input: '', key: { return: true } }]);
    expect(keyPresses('\r\n', {})).toEqual([{ input: '', key: { return: true } }]);
    expect(keyPresses('j\r\r\n', {})).toEqual([
      { input: 'j', key: {} },
      { input: '', key: { return: true } },
      { input: '', key: { return: true } },
    ]);
    expect(keyPresses('a\x7f\t\x03', {})).toEqual([
      { input: 'a', key: {} },
      { input: '', key: { delete: true } },
      { input: '', key: { tab: true } },
      { input: 'c', key: { ctrl: true } },
    ]);
  });

  it('passes single keys and Ink’s parsed keys through unchanged', () => {
    expect(keyPresses('j', {})).toEqual([{ input: 'j', key: {} }]);
    expect(keyPresses('', { downArrow: true })).toEqual([{ input: '', key: { downArrow: true } }]);
    expect(keyPresses('c', { ctrl: true })).toEqual([{ input: 'c', key: { ctrl: true } }]);
    expect(keyPresses('[1;5A', { meta: true })).toEqual([{ input: '[1;5A', key: { meta: true } }]);
  });
});
