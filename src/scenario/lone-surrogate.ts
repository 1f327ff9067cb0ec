import type { ScenarioProblem, SourceLocation } from './scenario-error.js';

/** A UTF-16 surrogate not in a high-low pair: written as a \uD800-\uDFFF escape, it is no character. */
export function hasLoneSurrogate(s: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

/** The problem of a key or string of a scenario file that holds a lone surrogate. */
export function loneSurrogateProblem(path: (string | number)[], location: SourceLocation, what: 'key' | 'string'): ScenarioProblem {
  return {
    code: 'E_LONE_SURROGATE',
    severity: 'error',
    path,
    location,
    message: `this ${what} holds a lone surrogate escape (\\uD800-\\uDFFF without its pair): it is not a character, and no UTF-8 file or terminal can show it`,
    hint: 'write the character itself, or both halves of its surrogate pair (e.g. \\uD83D\\uDE00)',
  };
}
